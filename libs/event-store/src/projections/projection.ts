import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../event-store.port.js';

/**
 * A read model fed from the global log. The runner does the reading, batching, transactions and
 * checkpoints; a projection only turns events into writes: `apply` one event at a time (the
 * reference), and optionally `batch` for many at once. `apply` must be idempotent (keyed by
 * stream revision or record id) so that a batch applied twice changes nothing.
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
  apply(trx: Transaction<any>, event: RecordedEvent): Promise<void>;
  /**
   * Optional fast path for the same thing: a unit of work over one transaction. Events are added
   * in global order (only those it handles); the batch may hold the rows they touch in memory —
   * loading each once, evolving it there — and write every changed row once at `flush`. The
   * tables it leaves must be exactly those `apply` on each event in turn leaves, from any
   * starting state (events already applied included), so `apply` stays the reference semantics.
   * The runner uses it in place of `apply` when present. Within a transaction the runner may
   * apply the projections in any order: a projection reads only its own tables.
   */
  batch?(trx: Transaction<any>): ProjectionBatch;
}

export interface ProjectionBatch {
  /** Applies the events, which follow (in global order) those added before. */
  add(events: readonly RecordedEvent[]): Promise<void>;
  /** Writes what the events added so far changed; the batch may be used again afterwards. */
  flush(): Promise<void>;
}
