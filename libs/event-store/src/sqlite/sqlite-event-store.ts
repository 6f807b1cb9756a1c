import { CompiledQuery, type Kysely } from 'kysely';
import { assertExpectedRevision, assertReadAllOptions, assertStreamId } from '../append-rules.js';
import {
  ChangeNotifier,
  pollingWakeSource,
  startCatchUpSubscription,
  type WakeSource,
} from '../catch-up-subscription.js';
import {
  START,
  type AppendResult,
  type EventLogImport,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type ImportResult,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { SubscriptionSet } from '../subscription-set.js';
import {
  appendLocked,
  HEAD_POSITION_SQL,
  importLocked,
  toImportRows,
  toPendingRows,
  writeTransaction,
  type EventRow,
  type EventStoreSchema,
} from './sqlite-event-store.append.js';

/** The columns a RecordedEvent is built from (recorded_at is a copy of metadata.recordedAt). */
type ReadRow = Omit<EventRow, 'recorded_at'>;

export interface SqliteEventStoreOptions {
  /** How often a caught-up subscription re-reads to see writers in other processes. */
  pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 200;

/* Reads run hand-written SQL too, for the reason given in sqlite-event-store.append.ts. */
const READ_COLUMNS =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata';
const READ_ALL_SQL = `select ${READ_COLUMNS} from events where position > ? order by position limit ?`;
const READ_STREAM_SQL = `select ${READ_COLUMNS} from events where stream_id = ? order by revision`;

/**
 * Stores sharing one Kysely instance (one connection) share wake-ups, so a subscriber on one
 * sees appends through another without waiting for a poll.
 */
const notifiers = new WeakMap<Kysely<any>, ChangeNotifier>();

function notifierFor(db: Kysely<any>): ChangeNotifier {
  let notifier = notifiers.get(db);
  if (!notifier) {
    notifier = new ChangeNotifier();
    notifiers.set(db, notifier);
  }
  return notifier;
}

/**
 * Event store on the embedded SQLite file.
 *
 * Positions are the table's AUTOINCREMENT rowid. SQLite admits one writer at a time (across
 * processes too), and a transaction takes its positions while it holds the write lock and keeps
 * the lock until commit, so commit order equals position order: a reader can never see position
 * n+1 before n is committed, which is what makes `readAll` safe for catch-up subscriptions.
 * AUTOINCREMENT (rather than a plain rowid) also guarantees positions are never reused.
 *
 * Every statement goes through the caller's Kysely instance, never the raw connection: Kysely's
 * SQLite driver has one connection guarded by a mutex, which keeps appends and projection batches
 * in this process from interleaving on that connection.
 */
export class SqliteEventStore implements EventStore, EventLogImport {
  private readonly db: Kysely<EventStoreSchema>;
  private readonly notifier: ChangeNotifier;
  private readonly wake: WakeSource;
  private readonly subscriptions = new SubscriptionSet();
  private closed = false;

  constructor(db: Kysely<any>, options: SqliteEventStoreOptions = {}) {
    this.db = db as Kysely<EventStoreSchema>;
    this.notifier = notifierFor(db);
    this.wake = pollingWakeSource(
      this.notifier,
      options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS,
    );
  }

  /** Creates the table if it is missing; safe to call on every start. */
  async init(): Promise<void> {
    await this.db.schema
      .createTable('events')
      .ifNotExists()
      .addColumn('position', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('event_id', 'text', (c) => c.notNull().unique())
      .addColumn('stream_id', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('schema_version', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      // Also the index behind readStream and the current-revision lookup.
      .addUniqueConstraint('events_stream_revision_unique', ['stream_id', 'revision'])
      .execute();
  }

  /**
   * Idempotent retries: when the batch's ids are already in this stream, as one consecutive run
   * in the same order, the call returns the original result and writes nothing — provided the
   * expected revision fits where they were written. If it does not fit, the call fails with
   * ConcurrencyError, or with DuplicateEventIdError when the expected revision matches the
   * stream as it is now (writing would have duplicated the ids). Any other reuse of an existing
   * id (another stream, a partial overlap, a different order) is a DuplicateEventIdError.
   *
   * An empty batch writes nothing but still checks the expected revision; it returns the
   * stream's current revision and the position of its last event (START for no stream).
   */
  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertStreamId(streamId);
    assertExpectedRevision(expected);
    // Serialise before taking the write lock: a bad payload fails without holding anyone up.
    const pending = toPendingRows(streamId, events);

    const { result, wrote } = await writeTransaction(this.db, (conn) =>
      appendLocked(conn, streamId, pending, expected),
    );
    if (wrote) this.notifier.notify();
    return result;
  }

  /**
   * Restores exported events with their own positions: an explicit value in the AUTOINCREMENT
   * column is stored as given and moves the sequence past it, so later appends continue above.
   */
  async importEvents(events: readonly RecordedEvent[]): Promise<ImportResult> {
    this.assertOpen();
    const rows = toImportRows(events);
    const { result, wrote } = await writeTransaction(this.db, (conn) => importLocked(conn, rows));
    if (wrote) this.notifier.notify();
    return result;
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { rows } = await this.db.executeQuery<ReadRow>(
      CompiledQuery.raw(READ_STREAM_SQL, [streamId]),
    );
    return toRecordedEvents(rows);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions({ after, limit });
    if (limit === 0) return [];
    const { rows } = await this.db.executeQuery<ReadRow>(
      CompiledQuery.raw(READ_ALL_SQL, [after, limit]),
    );
    return toRecordedEvents(rows);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const { rows } = await this.db.executeQuery<{ head: number | null }>(
      CompiledQuery.raw(HEAD_POSITION_SQL),
    );
    return rows[0]?.head ?? START;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    return this.subscriptions.add(
      startCatchUpSubscription((range) => this.readAll(range), this.wake, options),
    );
  }

  /** Stops this store's subscriptions. The Kysely instance belongs to the caller and stays open. */
  async close(): Promise<void> {
    this.closed = true;
    await this.subscriptions.stopAll();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }
}

function toRecordedEvents(rows: readonly ReadRow[]): RecordedEvent[] {
  const events = new Array<RecordedEvent>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    events[i] = {
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
      type: row.type,
      schemaVersion: row.schema_version,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as EventMetadata & { recordedAt: string },
    };
  }
  return events;
}
