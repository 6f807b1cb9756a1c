import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../event-store.port.js';

/**
 * A read model fed from the global log. The runner does the reading, batching, transactions and
 * checkpoints; a projection only turns events into writes, through a unit of work (`batch`) over
 * one transaction. Most projections are written with `rowProjection` (one pure evolve over the
 * rows they own), which derives the unit of work from it.
 */
export interface Projection {
  readonly name: string;
  /**
   * Version of its table layout and meaning (default 1). Raising it makes the runner drop the
   * projection's tables and replay the log into new ones at the next start.
   */
  readonly version?: number;
  /** Event types it reacts to; others are skipped without a call. */
  readonly handles: ReadonlySet<string>;
  /** Its tables, in an order safe to truncate; used by rebuilds and by tests that compare state. */
  readonly tables: readonly string[];
  /** Creates its tables and indexes if they do not exist. */
  migrate(db: Kysely<any>): Promise<void>;
  /**
   * A unit of work over one transaction. Events are added in global order (only those it
   * handles); the batch may hold the rows they touch in memory — loading each once, evolving it
   * there — and write every changed row once at `flush`. Whatever the batch boundaries, the
   * tables it leaves must be the same: a unit of work per event (the runner's reference path,
   * `batchApply: false`) and one over a whole log agree, from any starting state, events already
   * applied included (so applying must be idempotent, keyed by revision or record id). Within a
   * transaction the runner may run the projections in any order: a projection reads only its own
   * tables.
   */
  batch(trx: Transaction<any>): ProjectionBatch;
}

export interface ProjectionBatch {
  /** Applies the events, which follow (in global order) those added before. */
  add(events: readonly RecordedEvent[]): Promise<void>;
  /** Writes what the events added so far changed; the batch may be used again afterwards. */
  flush(): Promise<void>;
}

/**
 * A projection's unit of work from a function that applies one event with SQL of its own: for
 * small projections (tests, tools) that need no batching.
 */
export function eventByEvent(
  apply: (trx: Transaction<any>, event: RecordedEvent) => Promise<void>,
): (trx: Transaction<any>) => ProjectionBatch {
  return (trx) => ({
    async add(events) {
      for (const event of events) await apply(trx, event);
    },
    async flush() {},
  });
}
