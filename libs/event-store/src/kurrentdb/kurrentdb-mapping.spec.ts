import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DuplicateEventIdError } from '../event-store.port.js';
import {
  assertStreamId,
  isUserEvent,
  toLogPosition,
  toPosition,
  toProposedEvents,
  toRecordedEvent,
  type KurrentRecord,
} from './kurrentdb-mapping.js';

const NOW = '2025-01-02T03:04:05.000Z';

function record(overrides: Partial<KurrentRecord> = {}): KurrentRecord {
  return {
    streamId: 'household-1',
    id: randomUUID(),
    revision: 0n,
    type: 'HouseholdRegistered',
    created: new Date('2024-05-06T07:08:09.000Z'),
    isJson: true,
    data: { n: 1 },
    metadata: undefined,
    position: { commit: 1234n, prepare: 1234n },
    ...overrides,
  };
}

describe('KurrentDB position mapping', () => {
  it('maps a commit position to the same number and back', () => {
    expect(toPosition(987_654_321n)).toBe(987_654_321);
    expect(toLogPosition(987_654_321)).toEqual({ commit: 987_654_321n, prepare: 987_654_321n });
    expect(toPosition(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a position a number cannot hold exactly instead of rounding it', () => {
    expect(() => toPosition(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    // KurrentDB's "no position" is 2^64 - 1.
    expect(() => toPosition(18446744073709551615n)).toThrow(/outside the range/);
    expect(() => toPosition(-1n)).toThrow(RangeError);
  });

  it('takes an event position from its commit position and needs one', () => {
    expect(toRecordedEvent(record({ position: { commit: 77n, prepare: 77n } })).position).toBe(77);
    expect(() => toRecordedEvent(record({ position: undefined }))).toThrow(/22\.6 or later/);
  });
});

describe('KurrentDB event mapping', () => {
  it('round-trips data, schema version and metadata through the stored envelope', () => {
    const metadata = {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      commandId: randomUUID(),
      actor: 'cadre:lan',
    };
    const [proposed] = toProposedEvents(
      [
        {
          eventId: randomUUID(),
          type: 'HouseholdRegistered',
          schemaVersion: 3,
          data: { name: 'Lan' },
          metadata,
        },
      ],
      NOW,
    );
    expect(proposed.metadata).toEqual({
      $correlationId: metadata.correlationId,
      $causationId: metadata.causationId,
      schemaVersion: 3,
      metadata: { ...metadata, recordedAt: NOW },
    });
    // What KurrentDB returns is the JSON we sent, parsed again by the client.
    const stored = JSON.parse(JSON.stringify(proposed.metadata)) as unknown;
    const event = toRecordedEvent(
      record({ id: proposed.eventId, metadata: stored, data: proposed.data, revision: 4n }),
    );
    expect(event).toEqual({
      eventId: proposed.eventId,
      streamId: 'household-1',
      revision: 4,
      position: 1234,
      type: 'HouseholdRegistered',
      schemaVersion: 3,
      data: { name: 'Lan' },
      metadata: { ...metadata, recordedAt: NOW },
    });
  });

  it('keeps a given recordedAt and stores undefined data as null', () => {
    const [proposed] = toProposedEvents(
      [{ eventId: randomUUID(), type: 'T', data: undefined, metadata: { recordedAt: 'then' } }],
      NOW,
    );
    expect(proposed.data).toBeNull();
    expect(proposed.metadata.metadata.recordedAt).toBe('then');
    expect(proposed.metadata.schemaVersion).toBe(1);
    expect(proposed.metadata).not.toHaveProperty('$correlationId');
  });

  it('reads an event another tool wrote as version 1, recorded when the server stored it', () => {
    const event = toRecordedEvent(record({ metadata: { some: 'thing' } }));
    expect(event.schemaVersion).toBe(1);
    expect(event.metadata).toEqual({ recordedAt: '2024-05-06T07:08:09.000Z' });
  });

  it('parses binary JSON and refuses binary that is not JSON', () => {
    const json = record({ isJson: false, data: new TextEncoder().encode('[1,2]') });
    expect(toRecordedEvent(json).data).toEqual([1, 2]);
    const binary = record({ isJson: false, data: new Uint8Array([0xff, 0x00]) });
    expect(() => toRecordedEvent(binary)).toThrow(/binary, not JSON/);
  });

  it('tells system events from ours by a $ on the stream or the type', () => {
    expect(isUserEvent({ streamId: 'household-1', type: 'HouseholdRegistered' })).toBe(true);
    expect(isUserEvent({ streamId: '$stats-127.0.0.1:2113', type: 'StatsCollected' })).toBe(false);
    expect(isUserEvent({ streamId: 'household-1', type: '$>' })).toBe(false);
  });
});

describe('KurrentDB append input checks', () => {
  it('accepts only lower-case UUID event ids, the form KurrentDB returns', () => {
    const upper = randomUUID().toUpperCase();
    expect(() => toProposedEvents([{ eventId: upper, type: 'T', data: {} }], NOW)).toThrow(
      /UUIDs in lower-case form/,
    );
    expect(() => toProposedEvents([{ eventId: 'e-1', type: 'T', data: {} }], NOW)).toThrow(
      TypeError,
    );
  });

  it('rejects a batch repeating an id, and $ types', () => {
    const eventId = randomUUID();
    expect(() =>
      toProposedEvents(
        [
          { eventId, type: 'T', data: {} },
          { eventId, type: 'T', data: {} },
        ],
        NOW,
      ),
    ).toThrow(DuplicateEventIdError);
    expect(() => toProposedEvents([{ eventId, type: '$metadata', data: {} }], NOW)).toThrow(
      /reserved by KurrentDB/,
    );
  });

  it('rejects $ stream names, which belong to KurrentDB', () => {
    expect(() => assertStreamId('$all')).toThrow(/reserved by KurrentDB/);
    expect(() => assertStreamId('')).toThrow(TypeError);
    expect(() => assertStreamId('household-0f1e')).not.toThrow();
  });
});
