import { CompiledQuery, type Kysely } from 'kysely';

/**
 * Set-at-a-time reads and writes for projections' batch path (`Projection.batch`): load the
 * rows a batch touches with a few `where key in (…)` selects, evolve them in memory, then write
 * each changed row once with multi-row inserts.
 *
 * The SQL comes from Kysely's query builder, so it is the dialect's own (SQLite and PostgreSQL
 * alike: `insert … on conflict (…) do update set c = excluded.c` / `do nothing`), but it is built
 * once per statement shape and reused with new parameters: building and compiling a query tree
 * for every statement costs more than SQLite needs to run it. Statements bind at most
 * MAX_ROWS_PER_STATEMENT rows or keys; a shorter run is cut into powers of two (writes) or padded
 * up to one by repeating a key (reads), so each table has a handful of fixed SQL texts, all small
 * enough for the connection's prepared-statement cache.
 */

/** A read-model table as the batch helpers see it. */
export interface TableShape<Row extends object = Record<string, unknown>> {
  readonly table: string;
  /** Every column, in the order a row's values are bound. */
  readonly columns: readonly (keyof Row & string)[];
  /** Its primary key (or another unique key): what a conflicting insert is matched on. */
  readonly key: readonly (keyof Row & string)[];
}

export const MAX_ROWS_PER_STATEMENT = 64;

/** The rows of `shape.table` whose `column` is one of `values` (duplicates are harmless). */
export async function selectRowsWhereIn<Row extends object>(
  db: Kysely<any>,
  shape: TableShape<Row>,
  column: keyof Row & string,
  values: Iterable<string | number>,
): Promise<Row[]> {
  const distinct = [...new Set(values)];
  const rows: Row[] = [];
  // The SQL is built on an untyped Kysely: plain column names.
  const columns: string[] = [...shape.columns];
  const keyColumn: string = column;
  for (let start = 0; start < distinct.length; start += MAX_ROWS_PER_STATEMENT) {
    const chunk = distinct.slice(start, start + MAX_ROWS_PER_STATEMENT);
    const size = nextPowerOfTwo(chunk.length);
    const sql = cachedSql(db, `select|${shape.table}|${column}|${size}`, size, () =>
      db
        .selectFrom(shape.table)
        .select(columns)
        .where(keyColumn, 'in', new Array<number>(size).fill(0))
        .compile(),
    );
    // Repeating the last key keeps one SQL text per size; `in` ignores the duplicates.
    while (chunk.length < size) chunk.push(chunk[chunk.length - 1]!);
    const { rows: found } = await db.executeQuery<Row>(CompiledQuery.raw(sql, chunk));
    for (const row of found) rows.push(row);
  }
  return rows;
}

/**
 * Inserts the rows; a row whose key is already in the table replaces every other column of it
 * (`update`) or is skipped (`ignore`). Rows must not repeat a key among themselves (PostgreSQL
 * refuses to update one row twice in a statement). `undefined` is written as null.
 */
export async function writeRows<Row extends object>(
  db: Kysely<any>,
  shape: TableShape<Row>,
  rows: readonly Row[],
  onConflict: 'update' | 'ignore',
): Promise<void> {
  const { columns } = shape;
  for (let start = 0; start < rows.length;) {
    const left = rows.length - start;
    const size = left >= MAX_ROWS_PER_STATEMENT ? MAX_ROWS_PER_STATEMENT : largestPowerOfTwo(left);
    const sql = cachedSql(db, `${onConflict}|${shape.table}|${size}`, size * columns.length, () =>
      insertTemplate(db, shape, size, onConflict),
    );
    const parameters = new Array<unknown>(size * columns.length);
    let i = 0;
    for (let r = start; r < start + size; r++) {
      const row = rows[r]!;
      for (const column of columns) parameters[i++] = row[column] ?? null;
    }
    await db.executeQuery(CompiledQuery.raw(sql, parameters));
    start += size;
  }
}

function insertTemplate<Row extends object>(
  db: Kysely<any>,
  shape: TableShape<Row>,
  size: number,
  onConflict: 'update' | 'ignore',
): CompiledQuery {
  // Placeholder values only fix the SQL text; every one becomes a bound parameter.
  const row = Object.fromEntries(shape.columns.map((column) => [column, 0]));
  const insert = db.insertInto(shape.table).values(new Array(size).fill(row));
  const keyColumns: string[] = [...shape.key];
  if (onConflict === 'ignore') {
    return insert.onConflict((oc) => oc.columns(keyColumns).doNothing()).compile();
  }
  const rest = shape.columns.filter((column) => !shape.key.includes(column));
  return insert
    .onConflict((oc) =>
      oc
        .columns(keyColumns)
        .doUpdateSet((eb) =>
          Object.fromEntries(rest.map((column) => [column, eb.ref(`excluded.${column}`)])),
        ),
    )
    .compile();
}

/**
 * SQL texts by dialect and statement shape. The dialect is recognised by the text of a probe
 * query compiled once per Kysely instance (a transaction counts as one), so one process could
 * even project into SQLite and PostgreSQL at once without mixing their placeholders.
 */
const sqlByDialect = new Map<string, Map<string, string>>();
const dialectOf = new WeakMap<Kysely<any>, string>();

function cachedSql(
  db: Kysely<any>,
  shapeKey: string,
  parameters: number,
  compile: () => CompiledQuery,
): string {
  let dialect = dialectOf.get(db);
  if (dialect === undefined) {
    dialect = db.selectFrom('t').select('c').where('c', '=', 0).limit(1).compile().sql;
    dialectOf.set(db, dialect);
  }
  let texts = sqlByDialect.get(dialect);
  if (!texts) sqlByDialect.set(dialect, (texts = new Map()));
  let sql = texts.get(shapeKey);
  if (sql === undefined) {
    const compiled = compile();
    // The values are bound in the order the callers lay them out; anything else is a bug here.
    if (compiled.parameters.length !== parameters) {
      throw new Error(
        `${shapeKey}: expected ${parameters} bound parameters, the dialect compiled ${compiled.parameters.length}`,
      );
    }
    sql = compiled.sql;
    texts.set(shapeKey, sql);
  }
  return sql;
}

function nextPowerOfTwo(n: number): number {
  let size = 1;
  while (size < n) size *= 2;
  return size;
}

function largestPowerOfTwo(n: number): number {
  let size = 1;
  while (size * 2 <= n) size *= 2;
  return size;
}
