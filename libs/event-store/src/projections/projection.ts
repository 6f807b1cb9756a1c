import type { Kysely, Transaction } from 'kysely';
import type { RecordedEvent } from '../event-store.port.js';

/**
 * A read model fed from the global log. The runner does the reading, batching, transactions and
 * checkpoints; a projection only turns one event into writes. `apply` must be idempotent (keyed by
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
   * Optional fast path for the same thing: the events of one batch that it handles, in global
   * order. It must leave exactly the tables that `apply` on each event in turn leaves — from any
   * starting state, so also when some of the events were applied before — which lets it load the
   * rows the batch touches once, evolve them in memory and write each changed row once. The
   * runner calls it in place of `apply` when present; `apply` stays the reference semantics.
   * Within a batch the runner may apply the projections in any order: a projection reads only
   * its own tables.
   */
  applyBatch?(trx: Transaction<any>, events: readonly RecordedEvent[]): Promise<void>;
}
