import { CompiledQuery, type Generated, type Kysely } from 'kysely';
import {
  decideAppend,
  planImport,
  serializeEvents,
  serializeImportEvents,
  type ExistingEvent,
  type SerializedEvent,
} from '../append-rules.js';
import {
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type ExpectedRevision,
  type ImportResult,
  type NewEvent,
  type Position,
  type RecordedEvent,
  type StreamRevision,
} from '../event-store.port.js';

/*
 * The SQLite store's table and its writes: an append and an import, each in a transaction that
 * holds the write lock. Not exported from the package.
 *
 * The hot paths run hand-written SQL as CompiledQuery objects through the same Kysely instance
 * (`executeQuery` takes the same connection and mutex as a query builder's `execute`): building
 * and compiling a query-builder tree costs more per append than running the statement does. The
 * SQL texts are fixed (or one per batch size), so the connection's statement cache in
 * openSqlite prepares each of them once.
 */

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

export interface EventStoreSchema {
  events: EventsTable;
}

export type EventRow = {
  [K in keyof EventsTable]: K extends 'position' ? number : EventsTable[K];
};

export type PendingRow = Omit<EventRow, 'position' | 'revision'>;

/** A row of the append's state query: the stream's last event, or an event reusing a batch id. */
interface StateRow {
  /** 0 for the stream's last event, 1 for an existing event with one of the batch's ids. */
  dup: 0 | 1;
  revision: number;
  position: number;
  event_id: string | null;
  stream_id: string | null;
}

/** 8 bound values per row; SQLite's default limit is 32766 variables per statement. */
const ROWS_PER_INSERT = 1000;

/** The log's head: what headPosition answers, and what an import must lie above. */
export const HEAD_POSITION_SQL = 'select max(position) as head from events';

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

const BEGIN_IMMEDIATE = CompiledQuery.raw('begin immediate');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** Runs `work` in a transaction that holds SQLite's write lock from its first statement. */
export function writeTransaction<T>(
  db: Kysely<EventStoreSchema>,
  work: (conn: Kysely<EventStoreSchema>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
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

/**
 * An append inside writeTransaction: the stream's state in one query, the shared rule
 * (decideAppend) on it, then the insert.
 */
export async function appendLocked(
  conn: Kysely<EventStoreSchema>,
  streamId: string,
  pending: readonly PendingRow[],
  expected: ExpectedRevision,
): Promise<{ result: AppendResult; wrote: boolean }> {
  const ids = pending.map((row) => row.event_id);
  const { rows } = await conn.executeQuery(stateQuery(streamId, ids));
  let last: StateRow | undefined;
  const existing: ExistingEvent[] = [];
  for (const row of rows) {
    if (row.dup === 0) last = row;
    // Rows of the id arm are events: their event_id and stream_id are never null.
    else existing.push(toExistingEvent(row as ExistingRow));
  }
  const actual: StreamRevision = last?.revision ?? NO_STREAM_REVISION;
  const decision = decideAppend(
    streamId,
    ids,
    expected,
    { revision: actual, position: last?.position ?? START },
    existing,
  );
  if (!decision.write) return { result: decision.result, wrote: false };

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

function toExistingEvent(row: ExistingRow): ExistingEvent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
  };
}

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

/** An import inside writeTransaction: the shared plan (planImport), then the insert. */
export async function importLocked(
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
    existing.rows.map(toExistingEvent),
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
export function toPendingRows(streamId: string, events: readonly NewEvent[]): PendingRow[] {
  return serializeEvents(events).map((event) => toRow(event, streamId));
}

/** The shared checks of an import (append-rules), as rows keeping their revision and position. */
export function toImportRows(events: readonly RecordedEvent[]): EventRow[] {
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
