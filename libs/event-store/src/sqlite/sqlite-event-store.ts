import { sql, type Generated, type Kysely } from 'kysely';
import {
  ChangeNotifier,
  pollingWakeSource,
  startCatchUpSubscription,
} from '../catch-up-subscription.js';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  expectedRevisionMatches,
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamRevision,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';

interface EventsTable {
  position: Generated<number>;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface EventStoreSchema {
  events: EventsTable;
}

type EventRow = {
  [K in keyof EventsTable]: K extends 'position' ? number : EventsTable[K];
};

type PendingRow = Omit<EventRow, 'position' | 'revision'>;

export interface SqliteEventStoreOptions {
  /** How often a caught-up subscription re-reads to see writers in other processes. */
  pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 200;

/** 8 bound values per row; SQLite's default limit is 32766 variables per statement. */
const ROWS_PER_INSERT = 1000;

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
export class SqliteEventStore implements EventStore {
  private readonly db: Kysely<EventStoreSchema>;
  private readonly notifier: ChangeNotifier;
  private readonly pollIntervalMs: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(db: Kysely<any>, options: SqliteEventStoreOptions = {}) {
    this.db = db as Kysely<EventStoreSchema>;
    this.notifier = notifierFor(db);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    if (!(this.pollIntervalMs > 0)) {
      throw new RangeError(`pollIntervalMs must be > 0, got ${this.pollIntervalMs}`);
    }
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

    const { result, wrote } = await this.db.connection().execute(async (conn) => {
      // BEGIN IMMEDIATE takes the write lock up front. With a deferred BEGIN, a writer in another
      // process committing between our revision read and our insert would make the insert fail
      // with SQLITE_BUSY_SNAPSHOT (busy_timeout does not apply to lock upgrades) instead of a
      // clean ConcurrencyError. Kysely's transaction() only issues a plain BEGIN, hence by hand.
      await sql`begin immediate`.execute(conn);
      try {
        const outcome = await appendLocked(conn, streamId, pending, expected);
        await sql`commit`.execute(conn);
        return outcome;
      } catch (error) {
        // If BEGIN or COMMIT itself failed there may be no transaction left to roll back.
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw error;
      }
    });
    if (wrote) this.notifier.notify();
    return result;
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('stream_id', '=', streamId)
      .orderBy('revision')
      .execute();
    return rows.map(toRecordedEvent);
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    if (!Number.isInteger(after) || after < START) {
      throw new RangeError(`after must be a non-negative integer position, got ${after}`);
    }
    if (!Number.isInteger(limit) || limit < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
    }
    if (limit === 0) return [];
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('position', '>', after)
      .orderBy('position')
      .limit(limit)
      .execute();
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    const row = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('position').as('head'))
      .executeTakeFirst();
    return row?.head ?? START;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const subscription = startCatchUpSubscription(
      (range) => this.readAll(range),
      pollingWakeSource(this.notifier, this.pollIntervalMs),
      options,
    );
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  /** Stops this store's subscriptions. The Kysely instance belongs to the caller and stays open. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteEventStore is closed');
  }
}

async function appendLocked(
  conn: Kysely<EventStoreSchema>,
  streamId: string,
  pending: readonly PendingRow[],
  expected: ExpectedRevision,
): Promise<{ result: AppendResult; wrote: boolean }> {
  const last = await conn
    .selectFrom('events')
    .select(['revision', 'position'])
    .where('stream_id', '=', streamId)
    .orderBy('revision', 'desc')
    .limit(1)
    .executeTakeFirst();
  const actual: StreamRevision = last?.revision ?? NO_STREAM_REVISION;

  if (pending.length === 0) {
    if (!expectedRevisionMatches(expected, actual)) {
      throw new ConcurrencyError(streamId, expected, actual);
    }
    return {
      result: { nextExpectedRevision: actual, position: last?.position ?? START },
      wrote: false,
    };
  }

  // Idempotency comes before the revision check: a retry of an append that did commit would
  // otherwise be told it lost a race against itself.
  const ids = pending.map((row) => row.event_id);
  const existing = await conn
    .selectFrom('events')
    .select(['event_id', 'stream_id', 'revision', 'position'])
    .where(sql<boolean>`event_id in (select value from json_each(${JSON.stringify(ids)}))`)
    .execute();
  if (existing.length > 0) {
    return { result: resolveRetry(streamId, ids, expected, actual, existing), wrote: false };
  }

  if (!expectedRevisionMatches(expected, actual)) {
    throw new ConcurrencyError(streamId, expected, actual);
  }

  let position = START;
  for (let start = 0; start < pending.length; start += ROWS_PER_INSERT) {
    const chunk = pending
      .slice(start, start + ROWS_PER_INSERT)
      .map((row, i) => ({ ...row, revision: actual + 1 + start + i }));
    const inserted = await conn.insertInto('events').values(chunk).returning('position').execute();
    for (const row of inserted) position = Math.max(position, row.position);
  }
  return {
    result: { nextExpectedRevision: actual + pending.length, position },
    wrote: true,
  };
}

function resolveRetry(
  streamId: string,
  ids: readonly string[],
  expected: ExpectedRevision,
  actual: StreamRevision,
  existing: readonly Pick<EventRow, 'event_id' | 'stream_id' | 'revision' | 'position'>[],
): AppendResult {
  const byId = new Map(existing.map((row) => [row.event_id, row]));
  const first = byId.get(ids[0]);
  const isSameBatch =
    first !== undefined &&
    ids.every((id, i) => {
      const row = byId.get(id);
      return row !== undefined && row.stream_id === streamId && row.revision === first.revision + i;
    });
  if (!isSameBatch) {
    throw new DuplicateEventIdError(ids.find((id) => byId.has(id)) ?? ids[0]);
  }

  const fitsOriginalWrite =
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' ? first.revision === 0 : expected === first.revision - 1);
  if (!fitsOriginalWrite) {
    if (expectedRevisionMatches(expected, actual)) throw new DuplicateEventIdError(ids[0]);
    throw new ConcurrencyError(streamId, expected, actual);
  }
  const lastOfBatch = byId.get(ids[ids.length - 1]) ?? first;
  return { nextExpectedRevision: lastOfBatch.revision, position: lastOfBatch.position };
}

function toPendingRows(streamId: string, events: readonly NewEvent[]): PendingRow[] {
  const now = new Date().toISOString();
  const seen = new Set<string>();
  return events.map((event) => {
    if (typeof event.eventId !== 'string' || event.eventId === '') {
      throw new TypeError('eventId must be a non-empty string');
    }
    if (typeof event.type !== 'string' || event.type === '') {
      throw new TypeError(`Event ${event.eventId}: type must be a non-empty string`);
    }
    // Without this the unique index would reject the batch with a raw SQLite error.
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event.eventId);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new RangeError(`Event ${event.eventId}: schemaVersion must be a positive integer`);
    }
    const metadata = { ...event.metadata, recordedAt: event.metadata?.recordedAt ?? now };
    return {
      event_id: event.eventId,
      stream_id: streamId,
      type: event.type,
      schema_version: schemaVersion,
      // JSON has no undefined; store it as null rather than failing the NOT NULL column.
      data: JSON.stringify(event.data ?? null),
      metadata: JSON.stringify(metadata),
      recorded_at: metadata.recordedAt,
    };
  });
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
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

function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId === '') {
    throw new TypeError('streamId must be a non-empty string');
  }
}

function assertExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isInteger(expected) || expected < NO_STREAM_REVISION) {
    throw new RangeError(`Invalid expected revision ${String(expected)}`);
  }
}
