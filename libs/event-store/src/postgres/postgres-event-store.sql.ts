import pg from 'pg';
import { APPEND_CHANNEL } from './postgres-append-listener.js';

/*
 * The PostgreSQL store's statement texts and DDL for one schema: what the SQL says, not when it
 * runs (postgres-event-store.append.ts runs the writes, postgres-event-store.ts the reads).
 */

/** Unquoted-identifier characters only, so the name is safe everywhere it is spliced in. */
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Batches up to this size get a write statement of their own; see PostgresEventStoreSql.write. */
const MAX_INLINE_EVENTS = 16;

/** The unique constraints an append can lose a race on (see tryAppend). */
export const EVENT_ID_UNIQUE = 'events_event_id_unique';
export const STREAM_REVISION_UNIQUE = 'events_stream_revision_unique';

/** A serialised batch as the write statement's column arrays. */
export interface PostgresBatch {
  ids: string[];
  types: string[];
  schemaVersions: number[];
  data: string[];
  metadata: string[];
  recordedAt: string[];
}

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
