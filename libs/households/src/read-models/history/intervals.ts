import type { CreateTableBuilder, Kysely, Transaction } from 'kysely';

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
