import { describe, expect, it } from '@jest/globals';
import { checkNewEvents, decideAppend, type ExistingEvent } from './append-rules.js';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  NO_STREAM_REVISION,
  START,
} from './event-store.port.js';

const NOW = '2025-01-02T03:04:05.000Z';

/** A stream at revision 2, its last event at position 30; a batch of two written at 1 and 2. */
const HEAD = { revision: 2, position: 30 };
const WRITTEN: ExistingEvent[] = [
  { eventId: 'a', streamId: 's', revision: 1, position: 20 },
  { eventId: 'b', streamId: 's', revision: 2, position: 30 },
];

describe('decideAppend', () => {
  it('answers an empty batch with the head, after checking the expected revision', () => {
    expect(decideAppend('s', [], 'stream_exists', HEAD, [])).toEqual({
      write: false,
      result: { nextExpectedRevision: 2, position: 30 },
    });
    expect(
      decideAppend('s', [], 'no_stream', { revision: NO_STREAM_REVISION, position: START }, []),
    ).toEqual({ write: false, result: { nextExpectedRevision: -1, position: 0 } });
    expect(() => decideAppend('s', [], 1, HEAD, [])).toThrow(ConcurrencyError);
  });

  it('takes a retry of a committed batch before the revision check, which it would fail', () => {
    // Expected 0 no longer matches the stream (at 2), but fits where the batch was written.
    expect(decideAppend('s', ['a', 'b'], 0, HEAD, WRITTEN)).toEqual({
      write: false,
      result: { nextExpectedRevision: 2, position: 30 },
    });
    expect(decideAppend('s', ['a', 'b'], 'any', HEAD, WRITTEN)).toEqual({
      write: false,
      result: { nextExpectedRevision: 2, position: 30 },
    });
  });

  it('refuses a retry whose expected revision does not fit where the batch was written', () => {
    const error = (() => {
      try {
        decideAppend('s', ['a', 'b'], 1, HEAD, WRITTEN);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect((error as ConcurrencyError).actual).toBe(2);
    // Matching the stream as it is now: writing again would duplicate the ids.
    expect(() => decideAppend('s', ['a', 'b'], 2, HEAD, WRITTEN)).toThrow(DuplicateEventIdError);
  });

  it('calls any other reuse of an id a duplicate, whatever the expected revision', () => {
    expect(() => decideAppend('s', ['b', 'a'], 0, HEAD, WRITTEN)).toThrow(DuplicateEventIdError);
    expect(() => decideAppend('s', ['a', 'new'], 0, HEAD, WRITTEN.slice(0, 1))).toThrow(
      DuplicateEventIdError,
    );
    expect(() => decideAppend('other', ['a', 'b'], 99, HEAD, WRITTEN)).toThrow(
      DuplicateEventIdError,
    );
  });

  it('writes a new batch only when the expected revision matches the head', () => {
    expect(decideAppend('s', ['c'], 2, HEAD, [])).toEqual({ write: true });
    expect(decideAppend('s', ['c'], 'stream_exists', HEAD, [])).toEqual({ write: true });
    expect(() => decideAppend('s', ['c'], 'no_stream', HEAD, [])).toThrow(ConcurrencyError);
    expect(() => decideAppend('s', ['c'], 1, HEAD, [])).toThrow(ConcurrencyError);
  });
});

describe('checkNewEvents', () => {
  it('fills in schema version 1, null data and `now` as recordedAt; keeps what is given', () => {
    const [plain, given] = checkNewEvents(
      [
        { eventId: 'a', type: 'T', data: undefined, metadata: { actor: '李干部' } },
        { eventId: 'b', type: 'T', schemaVersion: 3, data: 1, metadata: { recordedAt: 'then' } },
      ],
      { now: NOW },
    );
    expect(plain).toEqual({
      eventId: 'a',
      type: 'T',
      schemaVersion: 1,
      data: null,
      metadata: { actor: '李干部', recordedAt: NOW },
    });
    expect(given).toMatchObject({ schemaVersion: 3, data: 1, metadata: { recordedAt: 'then' } });
  });

  it('refuses a missing id or type, a repeated id and a bad schema version', () => {
    expect(() => checkNewEvents([{ eventId: '', type: 'T', data: {} }])).toThrow(/eventId/);
    expect(() => checkNewEvents([{ eventId: 'a', type: '', data: {} }])).toThrow(/type/);
    expect(() =>
      checkNewEvents([
        { eventId: 'a', type: 'T', data: {} },
        { eventId: 'a', type: 'T', data: {} },
      ]),
    ).toThrow(DuplicateEventIdError);
    expect(() => checkNewEvents([{ eventId: 'a', type: 'T', schemaVersion: 0, data: {} }])).toThrow(
      RangeError,
    );
  });

  it("runs an adapter's own check on each event once its id is known", () => {
    const checked: string[] = [];
    const check = (event: { eventId: string }) => {
      checked.push(event.eventId);
      if (event.eventId === 'bad') throw new TypeError('not for this engine');
    };
    expect(checkNewEvents([{ eventId: 'ok', type: 'T', data: {} }], { check })).toHaveLength(1);
    expect(() => checkNewEvents([{ eventId: 'bad', type: '', data: {} }], { check })).toThrow(
      'not for this engine',
    );
    expect(checked).toEqual(['ok', 'bad']);
  });
});
