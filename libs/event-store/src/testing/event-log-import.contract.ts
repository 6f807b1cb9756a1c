import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  START,
  type EventLogImport,
  type EventStore,
  type RecordedEvent,
} from '../event-store.port.js';

export interface EventLogImportFixture {
  /** A store over an empty log. */
  store: EventStore & EventLogImport;
  cleanup: () => Promise<void>;
}

export interface EventLogImportStoreOptions {
  /** How often a caught-up subscription re-reads; the wake-up test asks for one that never does. */
  pollIntervalMs: number;
}

/** Long enough that a test relying on the poll times out: only a wake-up can make it pass. */
const NEVER_MS = 600_000;
const DELIVERY_TIMEOUT_MS = 2_000;

/** An exported event, as a backup holds it; ids are UUIDs, so a KurrentDB log could hold them too. */
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

/**
 * The behaviour of EventLogImport.importEvents every adapter that offers it must have: restoring
 * a backup keeps everything as recorded, a retried batch writes nothing twice, and a batch that
 * does not fit the log is refused whole. Each test gets a store over an empty log from `factory`.
 */
export function describeEventLogImportContract(
  name: string,
  factory: (options: EventLogImportStoreOptions) => Promise<EventLogImportFixture>,
): void {
  describe(`EventLogImport contract: ${name}`, () => {
    let fixture: EventLogImportFixture | undefined;
    let store: EventStore & EventLogImport;

    /** Replaces the test's store with one made with other options (the first is cleaned up). */
    async function open(options: EventLogImportStoreOptions): Promise<void> {
      await fixture?.cleanup();
      fixture = await factory(options);
      store = fixture.store;
    }

    beforeEach(() => open({ pollIntervalMs: 50 }));
    afterEach(async () => {
      await fixture?.cleanup();
      fixture = undefined;
    });

    async function positions(): Promise<number[]> {
      return (await store.readAll({ after: START, limit: 100 })).map((e) => e.position);
    }

    it('keeps ids, revisions, positions (gaps included) and metadata; appends continue above', async () => {
      const events = [
        recorded(1, 'household-a', 0),
        recorded(2, 'household-b', 0),
        recorded(5, 'household-a', 1),
        recorded(9, 'household-b', 1, { data: null, schemaVersion: 1 }),
      ];
      expect(await store.importEvents(events)).toEqual({ written: 4, skipped: 0, position: 9 });
      expect(await store.readAll({ after: START, limit: 100 })).toEqual(events);
      expect(await store.headPosition()).toBe(9);
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
      expect(await store.importEvents(overlapping)).toEqual({
        written: 1,
        skipped: 2,
        position: 3,
      });
      expect(await store.readAll({ after: START, limit: 100 })).toEqual(overlapping);
    });

    it('refuses a revision gap and writes nothing of the batch', async () => {
      await store.importEvents([recorded(1, 'household-a', 0)]);
      const gap = [recorded(2, 'household-b', 0), recorded(3, 'household-a', 2)];
      await expect(store.importEvents(gap)).rejects.toBeInstanceOf(ConcurrencyError);
      await expect(store.importEvents([recorded(4, 'household-c', 1)])).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
      expect(await store.headPosition()).toBe(1);
      expect(await positions()).toEqual([1]);
    });

    it('refuses positions at or below the head, after appends and imports, or not increasing', async () => {
      await store.append('household-a', [{ eventId: 'appended', type: 'Thing', data: {} }], 'any');
      await expect(store.importEvents([recorded(1, 'household-b', 0)])).rejects.toThrow(
        /not above the log's head 1/,
      );
      await expect(
        store.importEvents([recorded(3, 'household-b', 0), recorded(2, 'household-c', 0)]),
      ).rejects.toThrow(/increasing/);
      expect(await store.headPosition()).toBe(1);

      await store.importEvents([recorded(2, 'household-b', 0)]);
      await store.append(
        'household-c',
        [{ eventId: 'appended-2', type: 'Thing', data: {} }],
        'any',
      );
      await expect(store.importEvents([recorded(3, 'household-d', 0)])).rejects.toThrow(
        /not above the log's head 3/,
      );
      await expect(
        store.importEvents([recorded(5, 'household-d', 0), recorded(4, 'household-e', 0)]),
      ).rejects.toThrow(/increasing/);
      expect(await store.headPosition()).toBe(3);
      expect(await positions()).toEqual([1, 2, 3]);
    });

    it('refuses an id that exists elsewhere in the log', async () => {
      await store.importEvents([recorded(1, 'household-a', 0)]);
      const moved = recorded(2, 'household-b', 0, { eventId: recorded(1, 'x', 0).eventId });
      await expect(store.importEvents([moved])).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await positions()).toEqual([1]);
    });

    it('refuses an event without recordedAt', async () => {
      const event = recorded(1, 'household-a', 0, { metadata: {} as RecordedEvent['metadata'] });
      await expect(store.importEvents([event])).rejects.toThrow(/recordedAt/);
      expect(await store.headPosition()).toBe(0);

      await store.importEvents([recorded(1, 'household-a', 0)]);
      const later = recorded(6, 'household-f', 0, { metadata: {} as RecordedEvent['metadata'] });
      await expect(store.importEvents([later])).rejects.toThrow(/recordedAt/);
      expect(await positions()).toEqual([1]);
    });

    it('wakes subscribers when the import commits, without waiting for a poll', async () => {
      await open({ pollIntervalMs: NEVER_MS });
      const seen: number[] = [];
      const subscription = store.subscribeToAll({
        after: START,
        onEvents: (events) => {
          seen.push(...events.map((e) => e.position));
        },
      });
      try {
        await store.importEvents([recorded(3, 'household-a', 0), recorded(7, 'household-a', 1)]);
        const until = Date.now() + DELIVERY_TIMEOUT_MS;
        while (seen.length < 2 && Date.now() < until) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect(seen).toEqual([3, 7]);
      } finally {
        await subscription.stop();
      }
    });
  });
}
