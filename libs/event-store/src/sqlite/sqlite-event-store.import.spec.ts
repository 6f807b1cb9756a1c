import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqlite, type SqliteHandle } from '../../../database/src/sqlite.js';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  type RecordedEvent,
} from '../event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

function recorded(
  position: number,
  streamId: string,
  revision: number,
  overrides: Partial<RecordedEvent> = {},
): RecordedEvent {
  return {
    eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    streamId,
    revision,
    position,
    type: 'Thing',
    schemaVersion: 2,
    data: { n: position, text: '扶贫' },
    metadata: {
      recordedAt: `2019-01-01T00:00:${String(position % 60).padStart(2, '0')}.000Z`,
      actor: '李干部',
      commandId: `cmd-${position}`,
    },
    ...overrides,
  };
}

describe('SqliteEventStore.importEvents', () => {
  let dir: string;
  let handle: SqliteHandle;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'event-import-'));
    handle = openSqlite(join(dir, 'events.db'));
    store = new SqliteEventStore(handle.db, { pollIntervalMs: 50 });
    await store.init();
  });
  afterEach(async () => {
    await store.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps ids, revisions, positions (gaps included) and metadata; appends continue above', async () => {
    const events = [
      recorded(1, 'household-a', 0),
      recorded(2, 'household-b', 0),
      recorded(5, 'household-a', 1),
      recorded(9, 'household-b', 1, { data: null, schemaVersion: 1 }),
    ];
    const result = await store.importEvents(events);
    expect(result).toEqual({ written: 4, skipped: 0, position: 9 });
    expect(await store.readAll({ after: 0, limit: 100 })).toEqual(events);

    const next = await store.append(
      'household-a',
      [{ eventId: 'after-import', type: 'Thing', data: {} }],
      1,
    );
    expect(next).toEqual({ nextExpectedRevision: 2, position: 10 });
  });

  it('skips a retried batch and writes nothing twice', async () => {
    const batch = [recorded(1, 'household-a', 0), recorded(2, 'household-a', 1)];
    await store.importEvents(batch);
    expect(await store.importEvents(batch)).toEqual({ written: 0, skipped: 2, position: 2 });
    const overlapping = [...batch, recorded(3, 'household-a', 2)];
    expect(await store.importEvents(overlapping)).toEqual({ written: 1, skipped: 2, position: 3 });
    expect(await store.readAll({ after: 0, limit: 100 })).toEqual(overlapping);
  });

  it('refuses a revision gap and writes nothing of the batch', async () => {
    await store.importEvents([recorded(1, 'household-a', 0)]);
    const gap = [recorded(2, 'household-b', 0), recorded(3, 'household-a', 2)];
    await expect(store.importEvents(gap)).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.importEvents([recorded(4, 'household-c', 1)])).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect(await store.headPosition()).toBe(1);
  });

  it('refuses positions at or below the head, or not increasing', async () => {
    await store.append('household-a', [{ eventId: 'appended', type: 'Thing', data: {} }], 'any');
    await expect(store.importEvents([recorded(1, 'household-b', 0)])).rejects.toThrow(
      /not above the log's head 1/,
    );
    await expect(
      store.importEvents([recorded(3, 'household-b', 0), recorded(2, 'household-c', 0)]),
    ).rejects.toThrow(/increasing/);
    expect(await store.headPosition()).toBe(1);
  });

  it('refuses an id that exists elsewhere in the log', async () => {
    await store.importEvents([recorded(1, 'household-a', 0)]);
    const moved = recorded(2, 'household-b', 0, { eventId: recorded(1, 'x', 0).eventId });
    await expect(store.importEvents([moved])).rejects.toBeInstanceOf(DuplicateEventIdError);
  });

  it('refuses an event without recordedAt', async () => {
    const event = recorded(1, 'household-a', 0, { metadata: {} as RecordedEvent['metadata'] });
    await expect(store.importEvents([event])).rejects.toThrow(/recordedAt/);
    expect(await store.headPosition()).toBe(0);
  });

  it('wakes a subscriber on the same connection', async () => {
    const seen: number[] = [];
    let resolveSeen!: () => void;
    const done = new Promise<void>((resolve) => (resolveSeen = resolve));
    const subscription = store.subscribeToAll({
      after: 0,
      onEvents: (events) => {
        seen.push(...events.map((e) => e.position));
        if (seen.length === 2) resolveSeen();
      },
    });
    await store.importEvents([recorded(3, 'household-a', 0), recorded(7, 'household-a', 1)]);
    await done;
    await subscription.stop();
    expect(seen).toEqual([3, 7]);
  });
});
