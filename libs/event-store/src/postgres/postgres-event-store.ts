import pg from 'pg';
import { assertExpectedRevision, assertReadAllOptions, assertStreamId } from '../append-rules.js';
import {
  ChangeNotifier,
  pollingWakeSource,
  startCatchUpSubscription,
  type WakeSource,
} from '../catch-up-subscription.js';
import type {
  AppendResult,
  EventLogImport,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  ImportResult,
  NewEvent,
  Position,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../event-store.port.js';
import { SubscriptionSet } from '../subscription-set.js';
import { PostgresAppendListener } from './postgres-append-listener.js';
import {
  appendBatch,
  importBatch,
  inTransaction,
  toPostgresBatch,
} from './postgres-event-store.append.js';
import { PostgresEventStoreSql } from './postgres-event-store.sql.js';

export interface PostgresEventStoreOptions {
  /**
   * A pool, which stays the caller's (close() leaves it open), or a connection string, from
   * which the store makes a pool of its own and ends it on close(). Once something subscribes,
   * the store keeps one of the pool's connections for LISTEN until close(): size it for that.
   */
  connection: pg.Pool | string;
  /** Schema holding the store's tables; created if missing. */
  schema?: string;
  /**
   * How often a caught-up subscription re-reads anyway. Appends wake subscriptions through
   * LISTEN/NOTIFY at once, so this only bounds the delay while that connection is down.
   */
  pollIntervalMs?: number;
  /** Size of the pool made from a connection string (ignored for a given pool). */
  poolSize?: number;
}

export const DEFAULT_POSTGRES_SCHEMA = 'event_store';
export const DEFAULT_POSTGRES_POLL_INTERVAL_MS = 1_000;

interface ReadRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata & { recordedAt: string };
}

/**
 * Event store on PostgreSQL.
 *
 * Global order — a head-row lock, not transaction-id filtering. Positions are handed out by a
 * one-row table (`events_head`) that every append updates in the same statement that inserts
 * its events; the row lock is held until that transaction commits. A second appender waits on
 * the row until the first has committed, so position order is commit order, and a reader that
 * sees position n+1 also sees n: `readAll` is a plain `position > after` query, and a catch-up
 * subscription can never deliver B and later miss an A that committed afterwards. Appends
 * also leave no gaps (a rolled-back append rolls back its head update); importEvents keeps the
 * positions, gaps included, of the log it restores.
 *
 * Why not transaction-id filtering (positions from a sequence, each row stamped with its
 * xid8, readers taking only rows below pg_snapshot_xmin): transaction ids and sequence values
 * are taken at different moments, so a later position can belong to an older transaction. A
 * reader that filters by xmin must then order and checkpoint by (transaction id, position), a
 * composite the port's single, strictly increasing position cannot carry (KurrentDB's commit
 * position and the SQLite rowid are single numbers). And any long transaction in the database,
 * ours or not, holds xmin back and stalls every subscriber meanwhile.
 *
 * The price of the head row is that appends commit one at a time. It is kept small: an append
 * is one autocommit statement (see `PostgresEventStoreSql.write` and tryAppend), so the row is
 * held for that statement's insert and its commit, with no client round trip inside.
 *
 * Live wake-ups: the write statement NOTIFYs, which PostgreSQL delivers only on commit and to
 * every process; see PostgresAppendListener. In-process appends wake subscribers directly too.
 */
export class PostgresEventStore implements EventStore, EventLogImport {
  readonly sql: PostgresEventStoreSql;
  private readonly pool: pg.Pool;
  private readonly ownsPool: boolean;
  private readonly notifier = new ChangeNotifier();
  private readonly wake: WakeSource;
  private readonly listener: PostgresAppendListener;
  private readonly subscriptions = new SubscriptionSet();
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    this.sql = new PostgresEventStoreSql(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
    const pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POSTGRES_POLL_INTERVAL_MS;
    this.wake = pollingWakeSource(this.notifier, pollIntervalMs);
    const { connection } = options;
    if (typeof connection === 'string') {
      if (connection === '') throw new TypeError('connection string must not be empty');
      this.pool = new pg.Pool({ connectionString: connection, max: options.poolSize ?? 10 });
      // An idle connection that dies (server restart) is discarded by the pool and replaced on
      // the next query; without a listener the 'error' event would crash the process.
      this.pool.on('error', () => undefined);
      this.ownsPool = true;
    } else if (connection && typeof connection.connect === 'function') {
      this.pool = connection;
      this.ownsPool = false;
    } else {
      throw new TypeError('connection must be a pg.Pool or a connection string');
    }
    this.listener = new PostgresAppendListener(
      this.pool,
      this.sql.schema,
      this.notifier,
      Math.min(pollIntervalMs, 1_000),
    );
  }

  /** A store whose schema and tables exist. */
  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.init();
    } catch (error) {
      await store.close();
      throw error;
    }
    return store;
  }

  /**
   * Creates the schema and tables if they are missing; safe to call on every start, from
   * several processes at once (an advisory lock makes them take turns).
   */
  async init(): Promise<void> {
    this.assertOpen();
    await inTransaction(this.pool, async (client) => {
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [
        `event_store.init:${this.sql.schema}`,
      ]);
      await client.query(this.sql.ddl());
    });
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertStreamId(streamId);
    assertExpectedRevision(expected);
    const batch = toPostgresBatch(events);
    const { result, wrote } = await appendBatch(this.pool, this.sql, streamId, batch, expected);
    if (wrote) this.notifier.notify();
    return result;
  }

  /**
   * Restores exported events with their own positions (gaps included). It holds the head row,
   * so appends wait meanwhile and continue above the last imported position.
   */
  async importEvents(events: readonly RecordedEvent[]): Promise<ImportResult> {
    this.assertOpen();
    const { result, wrote } = await importBatch(this.pool, this.sql, events);
    if (wrote) this.notifier.notify();
    return result;
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<ReadRow>({
      ...this.sql.readStream,
      values: [streamId],
    });
    return rows.map(toRecordedEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions({ after, limit });
    if (limit === 0) return [];
    const { rows } = await this.pool.query<ReadRow>({
      ...this.sql.readAll,
      values: [after, limit],
    });
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ head: string }>(this.sql.headPosition);
    return Number(rows[0].head);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      (range) => this.readAll(range),
      this.wake,
      options,
    );
    this.listener.start();
    return this.subscriptions.add(subscription);
  }

  /** Stops the subscriptions and the listener; ends the pool only if the store made it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    await this.listener.stop();
    if (this.ownsPool) await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('PostgresEventStore is closed');
  }
}

function toRecordedEvent(row: ReadRow): RecordedEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
  };
}
