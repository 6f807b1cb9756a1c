import { CompiledQuery, type Generated, type Kysely } from 'kysely';
import {
  ChangeNotifier,
  pollingWakeSource,
  startCatchUpSubscription,
} from '../catch-up-subscription.js';
import {
  ConcurrencyError,
  expectedRevisionMatches,
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type EventMetadata,
  type EventLogImport,
  type EventStore,
  type ExpectedRevision,
  type ImportResult,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamRevision,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import {
  assertExpectedRevision,
  assertStreamId,
  assertReadAllOptions,
  planImport,
  resolveRetry,
  serializeEvents,
  serializeImportEvents,
  type SerializedEvent,
} from '../append-rules.js';

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

/** The columns a RecordedEvent is built from (recorded_at is a copy of metadata.recordedAt). */
type ReadRow = Omit<EventRow, 'recorded_at'>;

/** A row of the append's state query: the stream's last event, or an event reusing a batch id. */
interface StateRow {
  /** 0 for the stream's last event, 1 for an existing event with one of the batch's ids. */
  dup: 0 | 1;
  revision: number;
  position: number;
  event_id: string | null;
  stream_id: string | null;
}

export interface SqliteEventStoreOptions {
  /** How often a caught-up subscription re-reads to see writers in other processes. */
  pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 200;

/** 8 bound values per row; SQLite's default limit is 32766 variables per statement. */
const ROWS_PER_INSERT = 1000;

/*
 * The hot paths run hand-written SQL as CompiledQuery objects through the same Kysely instance
 * (`executeQuery` takes the same connection and mutex as a query builder's `execute`): building
 * and compiling a query-builder tree costs more per append than running the statement does. The
 * SQL texts are fixed (or one per batch size), so the connection's statement cache in
 * openSqlite prepares each of them once.
 */
const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

const READ_COLUMNS =
  'position, event_id, stream_id, revision, type, schema_version, data, metadata';
const READ_ALL_SQL = `select ${READ_COLUMNS} from events where position > ? order by position limit ?`;
const READ_STREAM_SQL = `select ${READ_COLUMNS} from events where stream_id = ? order by revision`;
const HEAD_POSITION_SQL = 'select max(position) as head from events';

/**
 * Batches up to this many events look their ids up with an inline `in (?, …)` list (one SQL text
 * per size); larger ones pass the ids as one JSON array through json_each, which costs a few
 * microseconds more but keeps the number of distinct statements bounded.
 */
const MAX_INLINE_IDS = 16;

/**
 * The stream's current revision (and the position of its last event) and every existing event
 * that reuses one of the batch's ids, in one statement. The first arm uses the unique
 * (stream_id, revision) index, the second the unique event_id index.
 */
const STREAM_HEAD_SQL =
  'select 0 as dup, revision, position, null as event_id, null as stream_id from ' +
  '(select revision, position from events where stream_id = ? order by revision desc limit 1)';
const stateSqlBySize: string[] = [];

function stateQuery(streamId: string, ids: readonly string[]): CompiledQuery<StateRow> {
  if (ids.length === 0) return CompiledQuery.raw(STREAM_HEAD_SQL, [streamId]);
  if (ids.length > MAX_INLINE_IDS) {
    return CompiledQuery.raw(
      `${STREAM_HEAD_SQL} union all select 1, revision, position, event_id, stream_id ` +
        'from events where event_id in (select value from json_each(?))',
      [streamId, JSON.stringify(ids)],
    );
  }
  const text = (stateSqlBySize[ids.length] ??=
    `${STREAM_HEAD_SQL} union all select 1, revision, position, event_id, stream_id ` +
    `from events where event_id in (${placeholders(ids.length)})`);
  return CompiledQuery.raw(text, [streamId, ...ids]);
}

const INSERT_HEAD =
  'insert into events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) values ';
const INSERT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?)';
const insertSqlBySize: string[] = [];

function insertSql(rows: number): string {
  const build = () => INSERT_HEAD + new Array<string>(rows).fill(INSERT_ROW).join(', ');
  // Remember the texts of common small batches; large ones are rare and cheap to rebuild.
  return rows <= MAX_INLINE_IDS ? (insertSqlBySize[rows] ??= build()) : build();
}

function placeholders(count: number): string {
  return '?, '.repeat(count - 1) + '?';
}

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

    const { result, wrote } = await this.writeTransaction((conn) =>
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
    const { result, wrote } = await this.writeTransaction((conn) => importLocked(conn, rows));
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

  private writeTransaction<T>(work: (conn: Kysely<EventStoreSchema>) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      // BEGIN IMMEDIATE takes the write lock up front. With a deferred BEGIN, a writer in another
      // process committing between our revision read and our insert would make the insert fail
      // with SQLITE_BUSY_SNAPSHOT (busy_timeout does not apply to lock upgrades) instead of a
      // clean ConcurrencyError. Kysely's transaction() only issues a plain BEGIN, hence by hand.
      await conn.executeQuery(BEGIN_IMMEDIATE);
      try {
        const outcome = await work(conn);
        await conn.executeQuery(COMMIT);
        return outcome;
      } catch (error) {
        // If BEGIN or COMMIT itself failed there may be no transaction left to roll back.
        await conn.executeQuery(ROLLBACK).catch(() => undefined);
        throw error;
      }
    });
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
  const ids = pending.map((row) => row.event_id);
  const { rows } = await conn.executeQuery(stateQuery(streamId, ids));
  let last: StateRow | undefined;
  const existing: ExistingRow[] = [];
  for (const row of rows) {
    if (row.dup === 0) last = row;
    // Rows of the id arm are events: their event_id and stream_id are never null.
    else existing.push(row as ExistingRow);
  }
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
  if (existing.length > 0) {
    const reused = existing.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
    }));
    return { result: resolveRetry(streamId, ids, expected, actual, reused), wrote: false };
  }

  if (!expectedRevisionMatches(expected, actual)) {
    throw new ConcurrencyError(streamId, expected, actual);
  }

  let position = START;
  for (let start = 0; start < pending.length; start += ROWS_PER_INSERT) {
    const end = Math.min(start + ROWS_PER_INSERT, pending.length);
    const parameters: unknown[] = [];
    for (let i = start; i < end; i++) {
      const row = pending[i];
      parameters.push(
        row.event_id,
        row.stream_id,
        actual + 1 + i,
        row.type,
        row.schema_version,
        row.data,
        row.metadata,
        row.recorded_at,
      );
    }
    const { insertId } = await conn.executeQuery(
      CompiledQuery.raw(insertSql(end - start), parameters),
    );
    // A multi-row INSERT inserts its rows in order, and AUTOINCREMENT gives each a rowid above
    // every earlier one, so the last inserted rowid is the chunk's highest position.
    if (insertId === undefined) throw new Error('SQLite reported no rowid for the insert');
    position = Number(insertId);
  }
  return {
    result: { nextExpectedRevision: actual + pending.length, position },
    wrote: true,
  };
}

type ExistingRow = Pick<EventRow, 'event_id' | 'stream_id' | 'revision' | 'position'>;

/** 9 bound values per row, well under SQLite's limit of 32766 variables per statement. */
const IMPORT_ROWS_PER_INSERT = 1000;
const IMPORT_INSERT_HEAD =
  'insert into events (position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) values ';
const IMPORT_ROW = '(?, ?, ?, ?, ?, ?, ?, ?, ?)';
const IMPORT_EXISTING_SQL =
  'select event_id, stream_id, revision, position from events ' +
  'where event_id in (select value from json_each(?))';
const IMPORT_STREAM_HEADS_SQL =
  'select stream_id, max(revision) as revision from events ' +
  'where stream_id in (select value from json_each(?)) group by stream_id';

async function importLocked(
  conn: Kysely<EventStoreSchema>,
  rows: readonly EventRow[],
): Promise<{ result: ImportResult; wrote: boolean }> {
  const head = await conn.executeQuery<{ head: number | null }>(
    CompiledQuery.raw(HEAD_POSITION_SQL),
  );
  let position: Position = head.rows[0]?.head ?? START;
  if (rows.length === 0) return { result: { written: 0, skipped: 0, position }, wrote: false };

  const existing = await conn.executeQuery<ExistingRow>(
    CompiledQuery.raw(IMPORT_EXISTING_SQL, [JSON.stringify(rows.map((row) => row.event_id))]),
  );
  const streams = [...new Set(rows.map((row) => row.stream_id))];
  const heads = await conn.executeQuery<{ stream_id: string; revision: number }>(
    CompiledQuery.raw(IMPORT_STREAM_HEADS_SQL, [JSON.stringify(streams)]),
  );
  const plan = planImport(
    rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
      row,
    })),
    position,
    existing.rows.map((row) => ({
      eventId: row.event_id,
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
    })),
    new Map(heads.rows.map((row) => [row.stream_id, row.revision])),
  );
  position = plan.position;
  const fresh = plan.fresh.map((planned) => planned.row);

  for (let start = 0; start < fresh.length; start += IMPORT_ROWS_PER_INSERT) {
    const chunk = fresh.slice(start, start + IMPORT_ROWS_PER_INSERT);
    const parameters: unknown[] = [];
    for (const row of chunk) {
      parameters.push(
        row.position,
        row.event_id,
        row.stream_id,
        row.revision,
        row.type,
        row.schema_version,
        row.data,
        row.metadata,
        row.recorded_at,
      );
    }
    const sql = IMPORT_INSERT_HEAD + new Array<string>(chunk.length).fill(IMPORT_ROW).join(', ');
    await conn.executeQuery(CompiledQuery.raw(sql, parameters));
  }
  return {
    result: { written: fresh.length, skipped: rows.length - fresh.length, position },
    wrote: fresh.length > 0,
  };
}

/** The shared checks and serialisation of an append (append-rules), as rows of this table. */
function toPendingRows(streamId: string, events: readonly NewEvent[]): PendingRow[] {
  return serializeEvents(events).map((event) => toRow(event, streamId));
}

/** The shared checks of an import (append-rules), as rows keeping their revision and position. */
function toImportRows(events: readonly RecordedEvent[]): EventRow[] {
  return serializeImportEvents(events).map((event) => ({
    ...toRow(event, event.streamId),
    revision: event.revision,
    position: event.position,
  }));
}

function toRow(event: SerializedEvent, streamId: string): PendingRow {
  return {
    event_id: event.eventId,
    stream_id: streamId,
    type: event.type,
    schema_version: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
    recorded_at: event.recordedAt,
  };
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
