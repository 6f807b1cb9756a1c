import type { Kysely, Transaction } from 'kysely';

/**
 * History tables hold intervals [valid_from, valid_to) of effective dates; an open interval has
 * valid_to null. Rows are keyed by the stream revision that opened them and remember the revision
 * that closed them, so re-applying an event changes nothing.
 */
export interface IntervalKey {
  household_id: string;
  from_revision: number;
}

export async function openInterval(
  trx: Transaction<any>,
  table: string,
  row: IntervalKey & { valid_from: string } & Record<string, unknown>,
  keyColumns: readonly string[] = ['household_id', 'from_revision'],
): Promise<void> {
  await trx
    .insertInto(table)
    .values({ valid_to: null, to_revision: null, ...row })
    .onConflict((oc) => oc.columns(keyColumns as string[]).doNothing())
    .execute();
}

/** Closes the household's open interval(s) in `table` opened before `revision`. */
export async function closeIntervals(
  trx: Transaction<any>,
  table: string,
  householdId: string,
  on: string,
  revision: number,
  where: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Promise<void> {
  let query = trx
    .updateTable(table)
    .set({ valid_to: on, to_revision: revision, ...extra })
    .where('household_id', '=', householdId)
    .where('to_revision', 'is', null)
    .where('from_revision', '<', revision);
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
