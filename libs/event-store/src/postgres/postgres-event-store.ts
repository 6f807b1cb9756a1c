import pg from 'pg';
import {
  assertExpectedRevision,
  assertStreamId,
  assertReadAllOptions,
  planImport,
  resolveRetry,
  serializeEvents,
  serializeImportEvents,
  type ExistingEvent,
  type SerializedEvent,
} from '../append-rules.js';
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
  type EventLogImport,
  type EventMetadata,
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
import { APPEND_CHANNEL, PostgresAppendListener } from './postgres-append-listener.js';

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

/** Unquoted-identifier characters only, so the name is safe everywhere it is spliced in. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Optimistic attempts before an append takes the head row first and cannot lose a race. */
const OPTIMISTIC_ATTEMPTS = 3;

/** Batches up to this size get a write statement of their own; see PostgresEventStoreSql.write. */
const MAX_INLINE_EVENTS = 16;

const EVENT_ID_UNIQUE = 'events_event_id_unique';
const STREAM_REVISION_UNIQUE = 'events_stream_revision_unique';

type Queryable = pg.Pool | pg.ClientBase;

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

/** A row of the append's state query: the stream's last event, or an event reusing a batch id. */
interface StateRow {
  /** 0 for the stream's last event, 1 for an existing event with one of the batch's ids. */
  dup: 0 | 1;
  revision: string;
  position: string;
  event_id: string | null;
  stream_id: string | null;
}

interface ExistingRow {
  event_id: string;
  stream_id: string;
  revision: string;
  position: string;
}

function toExistingEvent(row: ExistingRow): ExistingEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
  };
}

/** What an append did: its result, and whether it wrote (then subscribers are woken). */
export interface AppendOutcome {
  result: AppendResult;
  wrote: boolean;
}

/** A serialised batch as the write statement's column arrays. */
export interface PostgresBatch {
  ids: string[];
  types: string[];
  schemaVersions: number[];
  data: string[];
  metadata: string[];
  recordedAt: string[];
}

/** Checks and serialises a batch before any round trip, so bad input costs nothing. */
export function toPostgresBatch(events: readonly NewEvent[]): PostgresBatch {
  const serialized = serializeEvents(events);
  return {
    ids: serialized.map((event) => event.eventId),
    types: serialized.map((event) => event.type),
    schemaVersions: serialized.map((event) => event.schemaVersion),
    data: serialized.map((event) => event.data),
    metadata: serialized.map((event) => event.metadata),
    recordedAt: serialized.map(recordedAtColumn),
  };
}

/** tryAppend's answer when a concurrent writer took the revision or an id first. */
export const LOST_RACE = Symbol('lost race');

/*
 * Statements are named, so each pooled connection parses and plans them once. The name is a
 * function of the text, process-wide: node-postgres refuses one name with two texts.
 */
const statementNames = new Map<string, string>();

function named(text: string): { name: string; text: string } {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `event_store_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return { name, text };
}

/** The store's SQL for one schema. */
export class PostgresEventStoreSql {
  readonly schema: string;
  readonly events: string;
  readonly head: string;
  readonly readAll;
  readonly readStream;
  readonly headPosition;
  readonly state;
  readonly lockHead: string;
  readonly importExisting: string;
  readonly importStreamHeads: string;
  readonly importInsert: string;
  readonly importHead: string;
  readonly #writeBySize: { name: string; text: string }[] = [];

  constructor(schema: string) {
    if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
      throw new RangeError(
        `Invalid schema name ${JSON.stringify(schema)}: use letters, digits and _ (at most 63, not starting with a digit)`,
      );
    }
    this.schema = schema;
    const s = pg.escapeIdentifier(schema);
    this.events = `${s}.events`;
    this.head = `${s}.events_head`;
    const columns = 'position, event_id, stream_id, revision, type, schema_version, data, metadata';
    this.readAll = named(
      `select ${columns} from ${this.events} where position > $1 order by position limit $2`,
    );
    this.readStream = named(
      `select ${columns} from ${this.events} where stream_id = $1 order by revision`,
    );
    this.headPosition = named(`select coalesce(max(position), 0) as head from ${this.events}`);
    // The stream's last event (unique stream/revision index) and every event reusing one of the
    // batch's ids (unique event_id index), in one round trip.
    this.state = named(
      'select 0 as dup, revision, position, null::text as event_id, null::text as stream_id ' +
        `from (select revision, position from ${this.events} where stream_id = $1 ` +
        'order by revision desc limit 1) as last ' +
        `union all select 1, revision, position, event_id, stream_id from ${this.events} ` +
        'where event_id = any($2::text[])',
    );
    this.lockHead = `select position from ${this.head} for update`;
    this.importExisting =
      'select event_id, stream_id, revision, position ' +
      `from ${this.events} where event_id = any($1::text[])`;
    this.importStreamHeads =
      'select stream_id, max(revision) as revision ' +
      `from ${this.events} where stream_id = any($1::text[]) group by stream_id`;
    this.importInsert =
      `insert into ${this.events} ` +
      '(position, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) ' +
      'select e.position, e.stream_id, e.revision, e.event_id, e.type, e.schema_version, ' +
      'e.data::jsonb, e.metadata::jsonb, e.recorded_at::timestamptz ' +
      'from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::int[], ' +
      '$7::text[], $8::text[], $9::text[]) ' +
      'as e(position, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at)';
    this.importHead =
      `with moved as (update ${this.head} set position = $1) ` +
      `select pg_notify(${pg.escapeLiteral(APPEND_CHANNEL)}, ${pg.escapeLiteral(schema)})`;
  }

  /**
   * The whole append in one statement (one round trip, one implicit transaction):
   * - `state` reads the stream's revision and whether any batch id exists, in the statement's
   *   snapshot, taken before any wait for the head row, so possibly stale — see tryAppend;
   * - `head` takes the head row only if the append is going ahead, waiting for any other
   *   appender to commit, and gives the batch the positions after it;
   * - the insert writes the batch, and pg_notify signals subscribers, delivered on commit.
   *
   * $1 is the stream, $2 the expected revision (-2 for 'any', -3 for 'stream_exists'), $3 the
   * batch size. Batches up to MAX_INLINE_EVENTS events get a text per size with six scalar
   * parameters per event (writeValues lays them out): PostgreSQL plans those once per
   * connection, whereas over arrays it re-plans on every call (its generic plan guesses 100
   * rows for unnest and loses to a custom one), which costs about as much as the insert.
   * Larger batches pass one array per column ($4…$9) to unnest.
   */
  write(size: number): { name: string; text: string } {
    const cached = this.#writeBySize[size];
    if (cached) return cached;
    let ids: string;
    let rows: string;
    if (size <= MAX_INLINE_EVENTS) {
      const placeholders = Array.from({ length: size }, (_, i) => 4 + i * 6);
      ids = `event_id in (${placeholders.map((p) => `$${p}`).join(', ')})`;
      rows =
        '(values ' +
        placeholders
          .map(
            (p, i) =>
              `($${p}, $${p + 1}, $${p + 2}::int, $${p + 3}, $${p + 4}, $${p + 5}, ${i + 1})`,
          )
          .join(', ') +
        ')';
    } else {
      ids = 'event_id = any($4::text[])';
      rows =
        'unnest($4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[]) ' +
        'with ordinality';
    }
    const statement = named(
      'with state as (select coalesce((select revision from ' +
        `${this.events} where stream_id = $1 order by revision desc limit 1), -1) as actual, ` +
        `exists (select from ${this.events} where ${ids}) as reused), ` +
        `head as (update ${this.head} set position = position + $3 where (select not reused and ` +
        'case $2::bigint when -2 then true when -3 then actual >= 0 else actual = $2 end ' +
        'from state) returning position), ' +
        `inserted as (insert into ${this.events} ` +
        '(position, stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) ' +
        'select head.position - $3 + e.n, $1, state.actual + e.n, e.event_id, e.type, ' +
        'e.schema_version, e.data::jsonb, e.metadata::jsonb, e.recorded_at::timestamptz ' +
        `from head, state, ${rows} ` +
        'as e(event_id, type, schema_version, data, metadata, recorded_at, n)) ' +
        'select state.actual, state.reused, head.position, case when head.position is not null ' +
        `then pg_notify(${pg.escapeLiteral(APPEND_CHANNEL)}, ${pg.escapeLiteral(this.schema)}) end ` +
        'from state left join head on true',
    );
    // Large batches share one text, so remembering every size would only grow the cache.
    if (size <= MAX_INLINE_EVENTS) this.#writeBySize[size] = statement;
    return statement;
  }

  /** The write statement's parameters for a batch, in the layout write(size) expects. */
  writeValues(streamId: string, expected: number, batch: PostgresBatch): unknown[] {
    const size = batch.ids.length;
    if (size > MAX_INLINE_EVENTS) {
      return [
        streamId,
        expected,
        size,
        batch.ids,
        batch.types,
        batch.schemaVersions,
        batch.data,
        batch.metadata,
        batch.recordedAt,
      ];
    }
    const values: unknown[] = [streamId, expected, size];
    for (let i = 0; i < size; i++) {
      values.push(
        batch.ids[i],
        batch.types[i],
        batch.schemaVersions[i],
        batch.data[i],
        batch.metadata[i],
        batch.recordedAt[i],
      );
    }
    return values;
  }

  /** Idempotent DDL; run it under the init lock. */
  ddl(): string {
    const s = pg.escapeIdentifier(this.schema);
    return `
      create schema if not exists ${s};
      create table if not exists ${this.events} (
        position bigint primary key check (position > 0),
        stream_id text not null,
        revision bigint not null check (revision >= 0),
        event_id text not null,
        type text not null,
        schema_version integer not null check (schema_version >= 1),
        data jsonb not null,
        metadata jsonb not null,
        recorded_at timestamptz not null,
        -- Also the index behind readStream and the current-revision lookup.
        constraint ${STREAM_REVISION_UNIQUE} unique (stream_id, revision),
        constraint ${EVENT_ID_UNIQUE} unique (event_id)
      );
      -- One row: the newest position handed out. Every append updates it, so its updates are
      -- HOT (no indexed column changes) and the table stays one page.
      create table if not exists ${this.head} (
        id boolean primary key default true check (id),
        position bigint not null
      );
      insert into ${this.head} (id, position)
        select true, coalesce(max(position), 0) from ${this.events}
        on conflict (id) do nothing;`;
  }
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
  private readonly listener: PostgresAppendListener;
  private readonly pollIntervalMs: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(options: PostgresEventStoreOptions) {
    this.sql = new PostgresEventStoreSql(options.schema ?? DEFAULT_POSTGRES_SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POSTGRES_POLL_INTERVAL_MS;
    if (!(this.pollIntervalMs > 0)) {
      throw new RangeError(`pollIntervalMs must be > 0, got ${this.pollIntervalMs}`);
    }
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
      Math.min(this.pollIntervalMs, 1_000),
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
    const client = await this.checkOut();
    let broken = false;
    try {
      await client.query('begin');
      await client.query('select pg_advisory_xact_lock(hashtext($1))', [
        `event_store.init:${this.sql.schema}`,
      ]);
      await client.query(this.sql.ddl());
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
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

    let outcome: AppendOutcome | typeof LOST_RACE = LOST_RACE;
    for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS && outcome === LOST_RACE; attempt++) {
      outcome = await tryAppend(this.pool, this.sql, streamId, batch, expected);
    }
    if (outcome === LOST_RACE) outcome = await this.appendHoldingHead(streamId, batch, expected);
    if (outcome.wrote) this.notifier.notify();
    return outcome.result;
  }

  /**
   * Restores exported events with their own positions (gaps included). It holds the head row,
   * so appends wait meanwhile and continue above the last imported position.
   */
  async importEvents(events: readonly RecordedEvent[]): Promise<ImportResult> {
    this.assertOpen();
    const rows = serializeImportEvents(events).map((row) => ({
      ...row,
      recordedAtColumn: recordedAtColumn(row),
    }));
    const { result, wrote } = await this.holdingHead(async (client, head) => {
      if (rows.length === 0) {
        return { result: { written: 0, skipped: 0, position: head }, wrote: false };
      }
      const existing = await client.query<ExistingRow>(this.sql.importExisting, [
        rows.map((row) => row.eventId),
      ]);
      const heads = await client.query<{ stream_id: string; revision: string }>(
        this.sql.importStreamHeads,
        [[...new Set(rows.map((row) => row.streamId))]],
      );
      const { fresh, skipped, position } = planImport(
        rows,
        head,
        existing.rows.map(toExistingEvent),
        new Map(heads.rows.map((row) => [row.stream_id, Number(row.revision)])),
      );
      if (fresh.length > 0) {
        await client.query(this.sql.importInsert, [
          fresh.map((row) => row.position),
          fresh.map((row) => row.streamId),
          fresh.map((row) => row.revision),
          fresh.map((row) => row.eventId),
          fresh.map((row) => row.type),
          fresh.map((row) => row.schemaVersion),
          fresh.map((row) => row.data),
          fresh.map((row) => row.metadata),
          fresh.map((row) => row.recordedAtColumn),
        ]);
        await client.query(this.sql.importHead, [position]);
      }
      return { result: { written: fresh.length, skipped, position }, wrote: fresh.length > 0 };
    });
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
      pollingWakeSource(this.notifier, this.pollIntervalMs),
      options,
    );
    this.listener.start();
    this.subscriptions.add(subscription);
    const forget = () => this.subscriptions.delete(subscription);
    subscription.done.then(forget, forget);
    return subscription;
  }

  /** Stops the subscriptions and the listener; ends the pool only if the store made it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.listener.stop();
    if (this.ownsPool) await this.pool.end();
  }

  /**
   * The fallback after repeated lost races (a hot stream written with 'any'): lock the head row
   * first, then check and write, so no other appender can get in between.
   */
  private async appendHoldingHead(
    streamId: string,
    batch: PostgresBatch,
    expected: ExpectedRevision,
  ): Promise<AppendOutcome> {
    return this.holdingHead(async (client) => {
      const outcome = await tryAppend(client, this.sql, streamId, batch, expected);
      if (outcome === LOST_RACE) {
        throw new Error(
          `Stream ${streamId}: an event was written while the head row was locked; ` +
            `something writes to ${this.sql.events} without going through the event store`,
        );
      }
      return outcome;
    });
  }

  /**
   * A client from the pool with an 'error' listener for as long as it is checked out: a
   * connection that dies mid-transaction (server restart, pg_terminate_backend) emits 'error' on
   * the client, which would otherwise crash the process; the failing query rejects anyway, and
   * the caller releases the client as broken.
   */
  private async checkOut(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    const ignore = () => undefined;
    client.on('error', ignore);
    const release = client.release.bind(client);
    client.release = (destroy?: boolean | Error) => {
      client.off('error', ignore);
      release(destroy);
    };
    return client;
  }

  /** Runs `work` in a transaction that holds the head row (and so every other appender). */
  private async holdingHead<T>(
    work: (client: pg.PoolClient, head: Position) => Promise<T>,
  ): Promise<T> {
    const client = await this.checkOut();
    let broken = false;
    try {
      await client.query('begin');
      const { rows } = await client.query<{ position: string }>(this.sql.lockHead);
      const outcome = await work(client, Number(rows[0].position));
      await client.query('commit');
      return outcome;
    } catch (error) {
      await client.query('rollback').catch(() => (broken = true));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('PostgresEventStore is closed');
  }
}

/** How the write statement's $2 encodes an expected revision. */
function expectedCode(expected: ExpectedRevision): number {
  if (expected === 'any') return -2;
  if (expected === 'stream_exists') return -3;
  if (expected === 'no_stream') return NO_STREAM_REVISION;
  return expected;
}

interface WriteRow {
  actual: string;
  reused: boolean;
  position: string | null;
}

/**
 * One append attempt on `db`. The common case is one statement: check and write. Its view of
 * the stream may be stale (a writer that committed while it waited for the head row), but
 * revisions are dense, so a stale view always means inserting a (stream, revision) that now
 * exists: the unique index rejects it, nothing is written, and the answer is LOST_RACE, so the
 * caller tries again with a fresh snapshot. A reused id is rejected the same way if it was
 * not visible yet. A visible one, or an empty batch, is decided from a fresh read instead.
 * A mismatching expected revision is reported with the revision the statement saw, which was
 * the stream's state at a moment during this call.
 *
 * On a pool every statement is its own transaction. On a client inside an open transaction the
 * append, and with it the lock on the head row, lasts until that transaction ends: the ordering
 * tests use that to hold a writer open. Not exported from the package.
 */
export async function tryAppend(
  db: Queryable,
  sql: PostgresEventStoreSql,
  streamId: string,
  batch: PostgresBatch,
  expected: ExpectedRevision,
): Promise<AppendOutcome | typeof LOST_RACE> {
  const { ids } = batch;
  if (ids.length === 0) return decideFromState(db, sql, streamId, batch, expected);
  let row: WriteRow;
  try {
    const { rows } = await db.query<WriteRow>({
      ...sql.write(ids.length),
      values: sql.writeValues(streamId, expectedCode(expected), batch),
    });
    row = rows[0];
  } catch (error) {
    if (error instanceof pg.DatabaseError) {
      if (
        error.code === '23505' &&
        (error.constraint === STREAM_REVISION_UNIQUE || error.constraint === EVENT_ID_UNIQUE)
      ) {
        return LOST_RACE;
      }
      if (error.code === '22P05') {
        throw new TypeError(
          `Stream ${streamId}: event data or metadata contains a character PostgreSQL cannot ` +
            `store in jsonb (${error.message})`,
          { cause: error },
        );
      }
    }
    throw error;
  }
  const actual = Number(row.actual);
  if (row.position !== null) {
    return {
      result: { nextExpectedRevision: actual + ids.length, position: Number(row.position) },
      wrote: true,
    };
  }
  // Idempotency comes before the revision check: a retry of an append that did commit would
  // otherwise be told it lost a race against itself.
  if (row.reused) return decideFromState(db, sql, streamId, batch, expected);
  throw new ConcurrencyError(streamId, expected, actual);
}

/** Decides an append that writes nothing (an empty batch, or a retry) from a fresh read. */
async function decideFromState(
  db: Queryable,
  sql: PostgresEventStoreSql,
  streamId: string,
  { ids }: PostgresBatch,
  expected: ExpectedRevision,
): Promise<AppendOutcome> {
  const { rows } = await db.query<StateRow>({ ...sql.state, values: [streamId, ids] });
  let last: StateRow | undefined;
  const existing: ExistingEvent[] = [];
  for (const row of rows) {
    if (row.dup === 0) {
      last = row;
    } else {
      existing.push({
        eventId: row.event_id!,
        streamId: row.stream_id!,
        revision: Number(row.revision),
        position: Number(row.position),
      });
    }
  }
  const actual: StreamRevision = last ? Number(last.revision) : NO_STREAM_REVISION;
  if (existing.length > 0) {
    return { result: resolveRetry(streamId, ids, expected, actual, existing), wrote: false };
  }
  if (ids.length > 0) {
    throw new Error(
      `Stream ${streamId}: the ids of a batch were found and then not found again; ` +
        `were events deleted from ${sql.events}?`,
    );
  }
  if (!expectedRevisionMatches(expected, actual)) {
    throw new ConcurrencyError(streamId, expected, actual);
  }
  return {
    result: { nextExpectedRevision: actual, position: last ? Number(last.position) : START },
    wrote: false,
  };
}
/** The recorded_at column: metadata.recordedAt as a canonical instant (the metadata keeps it as given). */
function recordedAtColumn(event: SerializedEvent): string {
  const instant = Date.parse(event.recordedAt);
  if (Number.isNaN(instant)) {
    throw new RangeError(
      `Event ${event.eventId}: metadata.recordedAt must be an ISO-8601 instant, got ${JSON.stringify(event.recordedAt)}`,
    );
  }
  return new Date(instant).toISOString();
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
