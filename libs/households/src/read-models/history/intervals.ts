import type { CreateTableBuilder, Kysely } from 'kysely';
import type { PartitionRows } from '#app/event-store';

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

/** The columns every interval row has besides its own key and values. */
export interface IntervalColumns extends IntervalKey {
  valid_from: string;
  /** Null while the interval is open. */
  valid_to: string | null;
  to_revision: number | null;
  to_position: number | null;
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

/** An interval as an event opens it: no end yet. */
export type OpenedInterval<Row extends IntervalColumns> = Omit<
  Row,
  'valid_to' | 'to_revision' | 'to_position'
>;

/** The event an interval opens or closes with, and the date that takes effect. */
export function causeOf(event: { revision: number; position: number }): Cause {
  return { revision: event.revision, position: event.position };
}

/** Opens an interval, unless the event opened it already (a replay). */
export function openInterval<Row extends IntervalColumns>(
  rows: PartitionRows<Row>,
  row: OpenedInterval<Row>,
): void {
  rows.insert({ ...row, valid_to: null, to_revision: null, to_position: null } as Row);
}

/**
 * Closes the household's open intervals that were opened before the event `by` and match
 * `where`, on the date `on`; a replayed event finds them closed already and changes nothing.
 */
export function closeIntervals<Row extends IntervalColumns>(
  rows: PartitionRows<Row>,
  on: string,
  by: Cause,
  where: (row: Row) => boolean = () => true,
  extra: Partial<Row> = {},
): void {
  for (const row of openBefore(rows, by, where)) {
    rows.update(row, {
      valid_to: on,
      to_revision: by.revision,
      to_position: by.position,
      ...extra,
    } as Partial<Row>);
  }
}

/** The household's intervals still open when the event `by` happened, matching `where`. */
export function openBefore<Row extends IntervalColumns>(
  rows: PartitionRows<Row>,
  by: Cause,
  where: (row: Row) => boolean = () => true,
): Row[] {
  return rows
    .all()
    .filter((row) => row.to_revision === null && row.from_revision < by.revision && where(row));
}

/** The index every history table has, so an as-of query is a range scan. */
export async function createValidityIndex(db: Kysely<unknown>, table: string): Promise<void> {
  await db.schema
    .createIndex(`${table}_valid`)
    .ifNotExists()
    .on(table)
    .columns(['valid_from', 'valid_to'])
    .execute();
}
