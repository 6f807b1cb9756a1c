import { sql, type ExpressionBuilder, type RawBuilder, type Transaction } from 'kysely';
import type { IsoDate } from '../../domain/index.js';
import {
  EDGE_HISTORY,
  MONITORING_HISTORY,
  STATUS_HISTORY,
} from '../history/household-history.projection.js';
import type { IntervalColumns } from '../history/intervals.js';
import type { ReadModels } from '../read-models.js';
import { holdsAt, inAreaPrefix, toInt, type BigSum } from '../sql-helpers.js';

/** One line of stock counts: which table and group, and how many households and people. */
export interface StockRow {
  table: 'status' | 'edge' | 'monitoring';
  /** status, or monitoring state. */
  state: string | null;
  category: string | null;
  /** Township code (9 digits) when counted by township. */
  township: string | null;
  households: number;
  people: number;
}

export interface StockScope {
  asOf: IsoDate;
  area: string | undefined;
  knownAt: number | undefined;
  byTownship?: boolean;
  /** Only the register status (no edge or monitoring), e.g. for the start of a year. */
  statusOnly?: boolean;
}

const PEOPLE = 'people_at';

type HistoryTable = typeof STATUS_HISTORY | typeof EDGE_HISTORY | typeof MONITORING_HISTORY;

/** The read models with the per-household people counts, as the parts see them. */
type WithPeople = ReadModels & { [PEOPLE]: { household_id: string; n: number } };

/** A column the part is counted by, or a null column in its place. */
const orNull = (column: RawBuilder<string> | null): RawBuilder<string | null> =>
  column ?? sql<null>`null`;

/**
 * Households and people in the status, edge and monitoring timelines at the end of `asOf`, in one
 * statement. People are counted once per household first (a materialized CTE over the membership
 * timeline), then joined to the single interval that holds per household and table, so there is
 * no count(distinct) over the members × intervals join. Both rest on invariants the projections
 * keep: at a date at most one interval per household and table holds, and a person belongs to at
 * most one household (and appears once in it).
 */
export async function stockCounts(
  trx: Transaction<ReadModels>,
  scope: StockScope,
): Promise<StockRow[]> {
  const { asOf, area, knownAt, byTownship = false, statusOnly = false } = scope;
  const township: RawBuilder<string> | null = byTownship
    ? sql<string>`substr(s.area_code, 1, 9)`
    : null;
  /** `state`, `category` or the township when the part is counted by it; null when not. */
  const part = (
    db: ExpressionBuilder<WithPeople, never>,
    table: HistoryTable,
    name: StockRow['table'],
    state: RawBuilder<string> | null,
    category: RawBuilder<string> | null,
  ) => {
    // The three history tables share the interval columns, which is all the part filters on.
    let query = db
      .selectFrom(sql<IntervalColumns>`${sql.table(table)}`.as('h'))
      .leftJoin(`${PEOPLE} as p`, 'p.household_id', 'h.household_id')
      .where(holdsAt('h', asOf, knownAt));
    if (area !== undefined || byTownship) {
      query = query.innerJoin('household_summary as s', 's.household_id', 'h.household_id');
    }
    if (area !== undefined) query = query.where(inAreaPrefix('s.area_code', area));
    const counted = query.select([
      sql<StockRow['table']>`${name}`.as('tbl'),
      orNull(state).as('state'),
      orNull(category).as('category'),
      orNull(township).as('township'),
      sql<number>`count(*)`.as('households'),
      sql<BigSum>`coalesce(sum(p.n), 0)`.as('people'),
    ]);
    // PostgreSQL refuses `group by null`, so only real keys are listed. With none, the aggregate
    // would give one row even over no intervals; `having` drops it, as grouping does.
    const keys = [state, category, township].filter((key) => key !== null);
    return keys.length > 0 ? counted.groupBy(keys) : counted.having(sql`count(*)`, '>', 0);
  };
  const rows = await trx
    .with(
      (cte) => cte(PEOPLE).materialized(),
      (db) => {
        let members = db.selectFrom('household_members as m').where(holdsAt('m', asOf, knownAt));
        if (area !== undefined) {
          members = members
            .innerJoin('household_summary as s', 's.household_id', 'm.household_id')
            .where(inAreaPrefix('s.area_code', area));
        }
        return members
          .select(['m.household_id', sql<number>`count(*)`.as('n')])
          .groupBy('m.household_id');
      },
    )
    .selectFrom((db) => {
      let query = part(db, STATUS_HISTORY, 'status', sql<string>`h.status`, null).where(
        sql.ref('h.status'),
        'in',
        ['POOR', 'EXITED'],
      );
      if (!statusOnly) {
        query = query
          .unionAll(part(db, EDGE_HISTORY, 'edge', null, null))
          .unionAll(part(db, MONITORING_HISTORY, 'monitoring', sql`h.state`, sql`h.category`));
      }
      return query.as('stock');
    })
    .selectAll()
    .execute();
  return rows.map((r) => ({
    table: r.tbl,
    state: r.state,
    category: r.category,
    township: r.township,
    households: r.households,
    people: toInt(r.people),
  }));
}

/** Sums the rows that pass `test`. */
export function total(
  rows: readonly StockRow[],
  test: (row: StockRow) => boolean,
): { households: number; people: number } {
  let households = 0;
  let people = 0;
  for (const row of rows) {
    if (!test(row)) continue;
    households += row.households;
    people += row.people;
  }
  return { households, people };
}
