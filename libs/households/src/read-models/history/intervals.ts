import type { CreateTableBuilder, Kysely, Transaction } from 'kysely';
import { selectRowsWhereIn, writeRows, type TableShape } from '#app/event-store';

/**
 * History tables hold intervals [valid_from, valid_to) of effective dates; an open interval has
 * valid_to null. Rows are keyed by the stream revision that opened them and remember the revision
 * that closed them, so re-applying an event changes nothing.
 *
 * They are bitemporal: each row also keeps the global positions of the events that opened
 * (`from_position`) and closed (`to_position`) it. "As the system knew it at position K" is then
 * a filter, not a replay: a row exists if from_position <= K, and its valid_to counts only if
 * to_position <= K (see `holdsAt` in sql-helpers). Back-dated events only ever close an open
 * interval (the deciders refuse a date before the change it follows), so no interval is split.
 */
export interface IntervalKey {
  household_id: string;
  from_revision: number;
  from_position: number;
}

/** The columns addIntervalColumns adds, in order. */
export const INTERVAL_COLUMNS = [
  'from_revision',
  'from_position',
  'valid_from',
  'valid_to',
  'to_revision',
  'to_position',
] as const;

/** The event that opens or closes an interval: its stream revision and global position. */
export interface Cause {
  revision: number;
  position: number;
}

/** Interval columns every history table has (besides its own key and value columns). */
export function addIntervalColumns(
  create: CreateTableBuilder<string, string>,
): CreateTableBuilder<string, string> {
  return create
    .addColumn('from_revision', 'integer', (c) => c.notNull())
    .addColumn('from_position', 'bigint', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('to_revision', 'integer')
    .addColumn('to_position', 'bigint');
}

export async function openInterval(
  trx: Transaction<any>,
  table: string,
  row: IntervalKey & { valid_from: string } & Record<string, unknown>,
  keyColumns: readonly string[] = ['household_id', 'from_revision'],
): Promise<void> {
  await trx
    .insertInto(table)
    .values({ valid_to: null, to_revision: null, to_position: null, ...row })
    .onConflict((oc) => oc.columns(keyColumns as string[]).doNothing())
    .execute();
}

/** Closes the household's open interval(s) in `table` opened before the event `by`. */
export async function closeIntervals(
  trx: Transaction<any>,
  table: string,
  householdId: string,
  on: string,
  by: Cause,
  where: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  let query = trx
    .updateTable(table)
    .set({ valid_to: on, to_revision: by.revision, to_position: by.position, ...extra })
    .where('household_id', '=', householdId)
    .where('to_revision', 'is', null)
    .where('from_revision', '<', by.revision);
  for (const [column, value] of Object.entries(where)) query = query.where(column, '=', value);
  await query.execute();
}

/** The index every history table has, so an as-of query is a range scan. */
export async function createValidityIndex(db: Kysely<any>, table: string): Promise<void> {
  await db.schema
    .createIndex(`${table}_valid`)
    .ifNotExists()
    .on(table)
    .columns(['valid_from', 'valid_to'])
    .execute();
}

/**
 * The batch path's copy of an interval table (see `Projection.applyBatch`): every row of the
 * households a batch touches, loaded once, changed in memory by `open` and `close` — which do
 * exactly what openInterval and closeIntervals do in SQL — and written back once by `flush`.
 * Whole households are loaded, closed rows included, so a replayed event finds what the SQL
 * path would find (an existing key, an interval already closed).
 */
export class IntervalRows<Row extends IntervalKey & Record<string, unknown>> {
  private readonly byHousehold = new Map<string, Row[]>();
  private readonly changed = new Set<Row>();

  constructor(private readonly shape: TableShape) {}

  async load(trx: Transaction<any>, householdIds: Iterable<string>): Promise<void> {
    const missing = [...new Set(householdIds)].filter((id) => !this.byHousehold.has(id));
    if (missing.length === 0) return;
    for (const id of missing) this.byHousehold.set(id, []);
    for (const row of await selectRowsWhereIn<Row>(trx, this.shape, 'household_id', missing)) {
      this.byHousehold.get(row.household_id)!.push(row);
    }
  }

  /** The household's rows; it must have been loaded. */
  rowsOf(householdId: string): Row[] {
    const rows = this.byHousehold.get(householdId);
    if (!rows) throw new Error(`${this.shape.table}: household ${householdId} was not loaded`);
    return rows;
  }

  /** openInterval: adds the row unless one with the same key exists. */
  open(row: Omit<Row, 'valid_to' | 'to_revision' | 'to_position'> & { valid_from: string }): void {
    const full = { valid_to: null, to_revision: null, to_position: null, ...row } as unknown as Row;
    const rows = this.rowsOf(full.household_id);
    for (const other of rows) {
      if (this.shape.key.every((column) => other[column] === full[column])) return;
    }
    rows.push(full);
    this.changed.add(full);
  }

  /** closeIntervals: closes the household's open rows opened before `by` that match `where`. */
  close(
    householdId: string,
    on: string,
    by: Cause,
    where: Record<string, string> = {},
    extra: Record<string, unknown> = {},
  ): void {
    this.update(householdId, by, where, {
      valid_to: on,
      to_revision: by.revision,
      to_position: by.position,
      ...extra,
    });
  }

  /** Sets `changes` on the household's open rows opened before `by` that match `where`. */
  update(
    householdId: string,
    by: Cause,
    where: Record<string, string>,
    changes: Record<string, unknown>,
  ): void {
    for (const row of this.rowsOf(householdId)) {
      if (row.to_revision !== null || row.from_revision >= by.revision) continue;
      if (!Object.entries(where).every(([column, value]) => row[column] === value)) continue;
      Object.assign(row, changes);
      this.changed.add(row);
    }
  }

  async flush(trx: Transaction<any>): Promise<void> {
    await writeRows(trx, this.shape, [...this.changed], 'update');
    this.changed.clear();
  }
}
