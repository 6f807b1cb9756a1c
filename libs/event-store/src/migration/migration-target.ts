import {
  NO_STREAM_REVISION,
  toNewEvent,
  type EventLogImport,
  type EventStore,
  type RecordedEvent,
} from '../event-store.port.js';

/**
 * Where a migration writes and how. A target that can keep positions (PostgreSQL) goes through
 * EventLogImport; one that cannot (KurrentDB assigns commit positions) is appended to.
 */
export interface MigrationTarget {
  store: EventStore;
  /** Whether the target's positions equal the source's (checked on resume and after each batch). */
  keepsPositions: boolean;
  /** Whether a batch is written all or nothing (else a failed batch may leave some of its runs). */
  atomicBatches: boolean;
  /** Writes the batch after everything written so far; throws if the result is not that. */
  write(events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * Through the adapter's import path: each batch is one transaction that keeps ids, streams,
 * revisions, positions (gaps included) and metadata.
 */
export function importTarget(store: EventStore & EventLogImport): MigrationTarget {
  return {
    store,
    keepsPositions: true,
    atomicBatches: true,
    async write(events) {
      if (events.length === 0) return;
      const last = events[events.length - 1];
      const result = await store.importEvents(events);
      if (result.position !== last.position || result.written + result.skipped !== events.length) {
        throw new Error(
          `the target did not take the batch as given: head ${result.position} after ` +
            `${result.written} written and ${result.skipped} skipped, expected head ${last.position} ` +
            `after ${events.length} events`,
        );
      }
    },
  };
}

/**
 * Through the port's append, for an adapter without an import path (KurrentDB): the events go in
 * their global order, each run of consecutive events of one stream as one append with the exact
 * expected revision and the original ids, schema versions and metadata (recordedAt included).
 * The target assigns its own positions. An append is atomic, so an interruption leaves a prefix
 * of the log in the target, whole runs only.
 */
export function appendTarget(store: EventStore): MigrationTarget {
  return {
    store,
    keepsPositions: false,
    atomicBatches: false,
    async write(events) {
      for (let start = 0; start < events.length;) {
        const streamId = events[start].streamId;
        let end = start + 1;
        while (end < events.length && events[end].streamId === streamId) end++;
        const run = events.slice(start, end);
        const before = run[0].revision - 1;
        const result = await store.append(
          streamId,
          run.map(toNewEvent),
          before === NO_STREAM_REVISION ? 'no_stream' : before,
        );
        const lastRevision = run[run.length - 1].revision;
        if (result.nextExpectedRevision !== lastRevision) {
          throw new Error(
            `stream ${streamId}: the target is at revision ${result.nextExpectedRevision} ` +
              `after the append, expected ${lastRevision}`,
          );
        }
        start = end;
      }
    },
  };
}
