import pg from 'pg';
import {
  decideAppend,
  planImport,
  serializeEvents,
  serializeImportEvents,
  type ExistingEvent,
  type SerializedEvent,
  type StreamHead,
} from '../append-rules.js';
import {
  ConcurrencyError,
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type ExpectedRevision,
  type ImportResult,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../event-store.port.js';
import {
  EVENT_ID_UNIQUE,
  STREAM_REVISION_UNIQUE,
  type PostgresBatch,
  type PostgresEventStoreSql,
} from './postgres-event-store.sql.js';

/*
 * The PostgreSQL store's writes: an append (optimistic, then holding the head row) and an
 * import, each in its transaction. Not exported from the package; the ordering tests drive
 * tryAppend inside a transaction they hold open.
 */

/** Optimistic attempts before an append takes the head row first and cannot lose a race. */
const OPTIMISTIC_ATTEMPTS = 3;

type Queryable = pg.Pool | pg.ClientBase;

interface ExistingRow {
  event_id: string;
  stream_id: string;
  revision: string;
  position: string;
}

/** A row of the append's state query: the stream's last event, or an event reusing a batch id. */
type StateRow =
  | { dup: 0; revision: string; position: string; event_id: null; stream_id: null }
  | ({ dup: 1 } & ExistingRow);

function toExistingEvent(row: ExistingRow): ExistingEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.revision),
    position: Number(row.position),
  };
}

/** What a write did: its result, and whether it wrote (then subscribers are woken). */
export interface WriteOutcome<T> {
  result: T;
  wrote: boolean;
}

export type AppendOutcome = WriteOutcome<AppendResult>;

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

/**
 * An append: a few optimistic attempts, then, after repeated lost races (a hot stream written
 * with 'any'), one that locks the head row first, so no other appender can get in between.
 */
export async function appendBatch(
  pool: pg.Pool,
  sql: PostgresEventStoreSql,
  streamId: string,
  batch: PostgresBatch,
  expected: ExpectedRevision,
): Promise<AppendOutcome> {
  for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
    const outcome = await tryAppend(pool, sql, streamId, batch, expected);
    if (outcome !== LOST_RACE) return outcome;
  }
  return holdingHead(pool, sql, async (client) => {
    const outcome = await tryAppend(client, sql, streamId, batch, expected);
    if (outcome === LOST_RACE) {
      throw new Error(
        `Stream ${streamId}: an event was written while the head row was locked; ` +
          `something writes to ${sql.events} without going through the event store`,
      );
    }
    return outcome;
  });
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
 * tests use that to hold a writer open.
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
  // The statement checks as decideAppend does, idempotency first: reused ids are a retry (or a
  // duplicate), decided from a fresh read; otherwise the expected revision did not match.
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
  let head: StreamHead = { revision: NO_STREAM_REVISION, position: START };
  const existing: ExistingEvent[] = [];
  for (const row of rows) {
    if (row.dup === 0) head = { revision: Number(row.revision), position: Number(row.position) };
    else existing.push(toExistingEvent(row));
  }
  const decision = decideAppend(streamId, ids, expected, head, existing);
  if (decision.write) {
    throw new Error(
      `Stream ${streamId}: the ids of a batch were found and then not found again; ` +
        `were events deleted from ${sql.events}?`,
    );
  }
  return { result: decision.result, wrote: false };
}

/**
 * Restores exported events with their own positions (gaps included), holding the head row, so
 * appends wait meanwhile and continue above the last imported position.
 */
export async function importBatch(
  pool: pg.Pool,
  sql: PostgresEventStoreSql,
  events: readonly RecordedEvent[],
): Promise<WriteOutcome<ImportResult>> {
  const rows = serializeImportEvents(events).map((row) => ({
    ...row,
    recordedAtColumn: recordedAtColumn(row),
  }));
  return holdingHead(pool, sql, async (client, head) => {
    if (rows.length === 0) {
      return { result: { written: 0, skipped: 0, position: head }, wrote: false };
    }
    const existing = await client.query<ExistingRow>(sql.importExisting, [
      rows.map((row) => row.eventId),
    ]);
    const heads = await client.query<{ stream_id: string; revision: string }>(
      sql.importStreamHeads,
      [[...new Set(rows.map((row) => row.streamId))]],
    );
    const { fresh, skipped, position } = planImport(
      rows,
      head,
      existing.rows.map(toExistingEvent),
      new Map(heads.rows.map((row) => [row.stream_id, Number(row.revision)])),
    );
    if (fresh.length > 0) {
      await client.query(sql.importInsert, [
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
      await client.query(sql.importHead, [position]);
    }
    return { result: { written: fresh.length, skipped, position }, wrote: fresh.length > 0 };
  });
}

/** Runs `work` in a transaction that holds the head row (and so every other appender). */
function holdingHead<T>(
  pool: pg.Pool,
  sql: PostgresEventStoreSql,
  work: (client: pg.PoolClient, head: Position) => Promise<T>,
): Promise<T> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ position: string }>(sql.lockHead);
    return work(client, Number(rows[0].position));
  });
}

/** Runs `work` in a transaction on a connection of its own; a failed rollback discards it. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await checkOut(pool);
  let broken = false;
  try {
    await client.query('begin');
    const outcome = await work(client);
    await client.query('commit');
    return outcome;
  } catch (error) {
    await client.query('rollback').catch(() => (broken = true));
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * A client from the pool with an 'error' listener for as long as it is checked out: a
 * connection that dies mid-transaction (server restart, pg_terminate_backend) emits 'error' on
 * the client, which would otherwise crash the process; the failing query rejects anyway, and
 * the caller releases the client as broken.
 */
async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  const ignore = () => undefined;
  client.on('error', ignore);
  const release = client.release.bind(client);
  client.release = (destroy?: boolean | Error) => {
    client.off('error', ignore);
    release(destroy);
  };
  return client;
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
