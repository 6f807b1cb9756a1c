import { Inject } from '@nestjs/common';
import { readCheckpoint } from '#app/event-store';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import {
  sql,
  type Kysely,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import {
  ASSISTANCE_CATEGORIES,
  MONITORING_CATEGORIES,
  type AssistanceCategory,
  type IsoDate,
} from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import { READ_DB } from '../../shared/tokens.js';
import { STATUS_HISTORY } from '../history/household-history.projection.js';
import type { ReadModels } from '../read-models.js';
import {
  checkAreaPrefix,
  checkDate,
  checkKnownAt,
  inAreaPrefix,
  knownBy,
  toFen,
  type BigSum,
} from '../sql-helpers.js';
import { stockCounts, total } from './stock-counts.js';
import type { Statistics } from './statistics.types.js';

export class GetStatisticsQuery extends Query<Statistics> {
  constructor(
    readonly asOf: IsoDate,
    readonly areaCode?: string | null,
    /** A global position: the figures as the log stood then (back-dated later events ignored). */
    readonly knownAt?: number | null,
  ) {
    super();
  }
}

/** What a set of figures is computed for. */
export interface FigureScope {
  asOf: IsoDate;
  /** Start of the flow period (assistance, visits, problems found and rectified). */
  periodStart: IsoDate;
  area: string | undefined;
  /** Global position the figures are as known at; undefined means as known now. */
  knownAt: number | undefined;
}

/**
 * Restricts `alias` (a table with household_id) to the area, through household_summary (a
 * household's area never changes, so the summary's current row is right at any position).
 */
export function inArea<DB extends ReadModels, TB extends keyof DB & string, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  alias: TB,
  area: string | undefined,
): SelectQueryBuilder<DB, TB, O> {
  if (area === undefined) return query;
  // `$if` keeps the query's type: the join only filters, nothing is selected from `s`.
  return query.$if(true, (q) =>
    q
      .where(inAreaPrefix('s.area_code', area))
      .innerJoin('household_summary as s', (join) =>
        join.on(sql<SqlBool>`${sql.ref('s.household_id')} = ${sql.ref(`${alias}.household_id`)}`),
      ),
  );
}

/**
 * Figures as they stood at the end of `asOf`, by effective dates, from the history tables: a
 * fixed handful of grouped queries (no per-household work), read in one transaction so that a
 * projection batch committing in between cannot mix two states of the log.
 */
@QueryHandler(GetStatisticsQuery)
export class GetStatisticsHandler implements IQueryHandler<GetStatisticsQuery> {
  constructor(@Inject(READ_DB) private readonly db: Kysely<ReadModels>) {}

  async execute(query: GetStatisticsQuery): Promise<Statistics> {
    const asOf = checkDate(query.asOf, '统计日期');
    const area = checkAreaPrefix(query.areaCode);
    const periodStart = `${asOf.slice(0, 4)}-01-01`;
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const checkpoint = await readCheckpoint(trx);
        const knownAt = checkKnownAt(query.knownAt, checkpoint);
        return figures(trx, { asOf, periodStart, area, knownAt }, knownAt ?? checkpoint);
      });
  }
}

/**
 * The statistics figures for a scope, read inside the caller's transaction. Every table is
 * filtered by `knownAt` when one is given, so the same call later gives the same answer.
 */
export async function figures(
  trx: Transaction<ReadModels>,
  scope: FigureScope,
  position: number,
): Promise<Statistics> {
  const { asOf, periodStart: yearStart, area, knownAt } = scope;
  const stock = await stockCounts(trx, { asOf, area, knownAt });

  const assistanceRows = await inArea(trx.selectFrom('assistance_ledger as a'), 'a', area)
    .where(knownBy('a.position', knownAt))
    .where('a.date', '>=', yearStart)
    .where('a.date', '<=', asOf)
    .select([
      'a.category',
      sql<BigSum>`sum(a.amount_fen)`.as('amount'),
      sql<number>`sum(a.people_reached)`.as('people'),
      sql<number>`count(distinct a.household_id)`.as('households'),
    ])
    .groupBy('a.category')
    .execute();

  const visitRow = await inArea(trx.selectFrom('visits as v'), 'v', area)
    .where(knownBy('v.position', knownAt))
    .where('v.date', '>=', yearStart)
    .where('v.date', '<=', asOf)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();

  /** How many rows meet `condition`; null over no rows. */
  const count = (condition: RawBuilder<unknown>) =>
    sql<number | null>`sum(case when ${condition} then 1 else 0 end)`;
  // A deregistered household can no longer record a rectification, so its open problems would
  // stay open (and overdue) forever: they leave the open/overdue counts from its deregistration.
  // As known at `knownAt`: a rectification recorded after it has not happened yet.
  const rectified = sql`(p.rectified_on is not null and ${knownBy('p.rectified_position', knownAt)})`;
  const deregistered = sql`exists (select 1 from ${sql.table(STATUS_HISTORY)} d where d.household_id = p.household_id and d.status = 'DEREGISTERED' and d.valid_from <= ${asOf} and ${knownBy('d.from_position', knownAt)})`;
  const open = sql`(p.found_on <= ${asOf} and (not ${rectified} or p.rectified_on > ${asOf}) and not ${deregistered})`;
  const problemRow = await inArea(trx.selectFrom('problems as p'), 'p', area)
    .where(knownBy('p.found_position', knownAt))
    .where('p.found_on', '<=', asOf)
    .select([
      count(sql`p.found_on >= ${yearStart}`).as('found'),
      count(sql`${rectified} and p.rectified_on >= ${yearStart} and p.rectified_on <= ${asOf}`).as(
        'rectified',
      ),
      count(open).as('open'),
      count(sql`${open} and p.deadline < ${asOf}`).as('overdue'),
    ])
    .executeTakeFirstOrThrow();

  const poor = total(stock, (r) => r.table === 'status' && r.state === 'POOR');
  const exited = total(stock, (r) => r.table === 'status' && r.state === 'EXITED');
  const edge = total(stock, (r) => r.table === 'edge');
  const monitoring = (state: string, category?: string) =>
    total(
      stock,
      (r) =>
        r.table === 'monitoring' &&
        r.state === state &&
        (category === undefined || r.category === category),
    );
  const monitored = monitoring('MONITORED');
  const eliminated = monitoring('ELIMINATED');
  const byCategory = new Map(assistanceRows.map((r) => [r.category, r]));

  return {
    asOf,
    areaCode: area ?? null,
    position,
    registeredHouseholds: poor.households + exited.households,
    registeredPeople: poor.people + exited.people,
    exitedHouseholds: exited.households,
    exitedPeople: exited.people,
    remainingHouseholds: poor.households,
    remainingPeople: poor.people,
    edgeHouseholds: edge.households,
    edgePeople: edge.people,
    monitoredHouseholds: monitored.households,
    monitoredPeople: monitored.people,
    monitoredByCategory: MONITORING_CATEGORIES.map((category) => ({
      category,
      label: LABELS.monitoringCategory[category],
      ...monitoring('MONITORED', category),
    })).filter((figure) => figure.households > 0),
    riskEliminatedHouseholds: eliminated.households,
    riskEliminatedPeople: eliminated.people,
    assistance: ASSISTANCE_CATEGORIES.filter((c) => byCategory.has(c)).map(
      (category: AssistanceCategory) => {
        const r = byCategory.get(category)!;
        return {
          category,
          label: LABELS.assistanceCategory[category],
          amount: toFen(r.amount),
          peopleReached: r.people,
          households: r.households,
        };
      },
    ),
    visits: visitRow.n,
    problemsFound: problemRow.found ?? 0,
    problemsRectified: problemRow.rectified ?? 0,
    problemsOpen: problemRow.open ?? 0,
    problemsOverdue: problemRow.overdue ?? 0,
  };
}
