import { Inject, Optional } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { readCheckpoint } from '#app/event-store';
import {
  DEREGISTRATION_REASONS,
  formatWanYuan,
  MONITORING_CATEGORIES,
  VISIT_PURPOSES,
  policyFor,
  type PolicyBook,
} from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { InputError } from '../../shared/input-error.js';
import {
  AREA_REGISTRY,
  CLOCK,
  POLICY_BOOK,
  READ_DB,
  type AreaRegistry,
} from '../../shared/tokens.js';
import { ASSISTANCE_TABLE } from '../assistance-ledger/assistance-ledger.projection.js';
import { FLOWS_TABLE } from '../flows/household-flows.projection.js';
import { MONITORING_HISTORY, STATUS_HISTORY } from '../history/household-history.projection.js';
import { SUMMARY_TABLE } from '../household-summary/household-summary.projection.js';
import { MEMBERS_TABLE } from '../membership/membership.projection.js';
import {
  checkAreaPrefix,
  checkKnownAt,
  holdsOn,
  inAreaPrefix,
  knownBy,
  toFen,
  toInt,
} from '../sql-helpers.js';
import { figures, inArea } from '../statistics/statistics.query.js';
import { stockCounts, total } from '../statistics/stock-counts.js';
import {
  PROBLEMS_TABLE,
  VISITS_TABLE,
} from '../visits-and-problems/visits-and-problems.projection.js';
import { restatementOf } from './restatement.js';
import type {
  CategoryCount,
  Count,
  Flows,
  RestatedFigure,
  TownshipLine,
  YearEndReportData,
} from './year-end-report.model.js';
import { narrative } from './year-end-report.text.js';

export interface YearEndReport extends YearEndReportData {
  text: string;
  /** Only when knownAt is before the current position: what differs now. */
  restatement: RestatedFigure[] | null;
}

export class GetYearEndReportQuery extends Query<YearEndReport> {
  constructor(
    readonly year: number,
    readonly areaCode?: string | null,
    readonly knownAt?: number | null,
  ) {
    super();
  }
}

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

/**
 * The year-end report: the stock figures at 31 December, the year's flows, a per-township table
 * and a narrative, all read in one transaction at one global position. With `knownAt` every table
 * is filtered to what the log held at that position, so a published report can be regenerated
 * exactly after back-dated corrections; `restatement` then lists what those corrections changed.
 */
@QueryHandler(GetYearEndReportQuery)
export class GetYearEndReportHandler implements IQueryHandler<GetYearEndReportQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<any>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_BOOK) private readonly policy: PolicyBook,
    @Optional() @Inject(AREA_REGISTRY) private readonly areas?: AreaRegistry,
  ) {}

  async execute(query: GetYearEndReportQuery): Promise<YearEndReport> {
    const year = query.year;
    if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
      throw new InputError(
        'INVALID_INPUT',
        `年度“${String(year)}”无效：应为 ${MIN_YEAR}–${MAX_YEAR} 之间的整数`,
      );
    }
    const area = checkAreaPrefix(query.areaCode);
    const generatedAt = this.clock.now().toISOString();
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const checkpoint = await readCheckpoint(trx);
        const knownAt = checkKnownAt(query.knownAt, checkpoint);
        const report = await this.compute(trx, year, area, knownAt, checkpoint, generatedAt);
        const restatement =
          knownAt !== undefined && knownAt < checkpoint
            ? restatementOf(
                report,
                await this.compute(trx, year, area, undefined, checkpoint, generatedAt),
              )
            : null;
        return { ...report, text: narrative(report), restatement };
      });
  }

  private async compute(
    trx: Transaction<any>,
    year: number,
    area: string | undefined,
    knownAt: number | undefined,
    checkpoint: number,
    generatedAt: string,
  ): Promise<YearEndReportData> {
    const asOf = `${year}-12-31`;
    const periodStart = `${year}-01-01`;
    const scope = { asOf, periodStart, area, knownAt };
    const position = knownAt ?? checkpoint;
    const stock = await figures(trx, scope, position);
    const previous = await stockCounts(trx, {
      asOf: `${year - 1}-12-31`,
      area,
      knownAt,
      statusOnly: true,
    });
    const poorThen = total(previous, (r) => r.state === 'POOR');
    const exitedThen = total(previous, (r) => r.state === 'EXITED');
    const [flows, visits, review, rectifiedByDeadline, townships] = [
      await flowsOf(trx, scope),
      await visitsOf(trx, scope),
      await reviewOf(trx, scope),
      await rectifiedByDeadlineOf(trx, scope),
      await townshipsOf(trx, scope, (code) => this.areas?.nameOf(code) ?? null),
    ];
    const monitoringLineFen = policyFor(this.policy, year)?.monitoringLineFen ?? null;
    return {
      year,
      areaCode: area ?? null,
      areaName: area === undefined ? null : (this.areas?.nameOf(area) ?? null),
      asOf,
      position,
      knownAt: knownAt ?? null,
      generatedAt,
      monitoringLineFen,
      stock,
      startOfYear: {
        registered: pair(
          poorThen.households + exitedThen.households,
          poorThen.people + exitedThen.people,
        ),
        exited: exitedThen,
        remaining: poorThen,
      },
      flows,
      assistance: stock.assistance.map((a) => ({
        ...a,
        amountWanYuan: formatWanYuan(a.amount),
      })),
      visits,
      review,
      problems: {
        found: stock.problemsFound,
        rectified: stock.problemsRectified,
        rectifiedByDeadline,
        open: stock.problemsOpen,
        overdue: stock.problemsOverdue,
      },
      townships,
    };
  }
}

interface Scope {
  asOf: string;
  periodStart: string;
  area: string | undefined;
  knownAt: number | undefined;
}

const pair = (households: unknown, people: unknown): Count => ({
  households: toInt(households),
  people: toInt(people),
});

async function flowsOf(trx: Transaction<any>, scope: Scope): Promise<Flows> {
  const { asOf, periodStart, area, knownAt } = scope;
  const rows = await inArea(
    trx
      .selectFrom(`${FLOWS_TABLE} as f`)
      .leftJoin(`${MEMBERS_TABLE} as m`, (join) =>
        join
          .onRef('m.household_id', '=', 'f.household_id')
          .on(
            holdsOn(
              'm',
              sql.ref('f.date'),
              knownAt,
              sql`(case when f.kind = 'DEREGISTERED' then f.revision end)`,
            ),
          ),
      )
      .where(knownBy('f.position', knownAt))
      .where('f.date', '>=', periodStart)
      .where('f.date', '<=', asOf),
    'f',
    area,
  )
    .select([
      'f.kind',
      'f.category',
      'f.reason',
      sql<number>`count(distinct f.household_id)`.as('households'),
      sql<number>`count(distinct m.id_number)`.as('people'),
    ])
    .groupBy(['f.kind', 'f.category', 'f.reason'])
    .execute();

  const of = (kind: string): Count => {
    const matching = rows.filter((r) => r.kind === kind);
    return {
      households: matching.reduce((n, r) => n + toInt(r.households), 0),
      people: matching.reduce((n, r) => n + toInt(r.people), 0),
    };
  };
  const byCategory = (kind: string) =>
    MONITORING_CATEGORIES.flatMap((category): CategoryCount<typeof category>[] => {
      const row = rows.find((r) => r.kind === kind && r.category === category);
      return row
        ? [
            {
              category,
              label: LABELS.monitoringCategory[category],
              ...pair(row.households, row.people),
            },
          ]
        : [];
    });
  return {
    identified: of('IDENTIFIED'),
    registeredNonPoor: of('REGISTERED_NON_POOR'),
    exited: of('EXITED'),
    returnedToPoverty: of('RETURNED'),
    deregistered: DEREGISTRATION_REASONS.flatMap((reason) => {
      const row = rows.find((r) => r.kind === 'DEREGISTERED' && r.reason === reason);
      return row
        ? [
            {
              reason,
              label: LABELS.deregistrationReason[reason],
              ...pair(row.households, row.people),
            },
          ]
        : [];
    }),
    edgeFlagged: of('EDGE_FLAGGED'),
    edgeCleared: of('EDGE_CLEARED'),
    monitoringStarted: byCategory('MONITORING_STARTED'),
    riskEliminated: byCategory('RISK_ELIMINATED'),
    monitoringReopened: byCategory('MONITORING_REOPENED'),
    monitoringEndedOtherwise: await monitoringEndedOtherwiseOf(trx, scope),
  };
}

/**
 * Households whose monitoring ended in the year without a risk elimination: the monitored
 * interval was closed by an event that opened no next monitoring interval (a deregistration, or
 * a return to poverty ending unstable-exited monitoring).
 */
async function monitoringEndedOtherwiseOf(trx: Transaction<any>, scope: Scope): Promise<number> {
  const { asOf, periodStart, area, knownAt } = scope;
  const row = await inArea(trx.selectFrom(`${MONITORING_HISTORY} as h`), 'h', area)
    .where('h.state', '=', 'MONITORED')
    .where(knownBy('h.to_position', knownAt))
    .where('h.valid_to', '>=', periodStart)
    .where('h.valid_to', '<=', asOf)
    .where(
      sql<SqlBool>`not exists (select 1 from ${sql.table(MONITORING_HISTORY)} n where n.household_id = h.household_id and n.from_revision = h.to_revision)`,
    )
    .select(sql<number>`count(distinct h.household_id)`.as('n'))
    .executeTakeFirst();
  return toInt(row?.n);
}

/** Visits of the year that were recorded by `knownAt`, in the area. */
function visitsIn(trx: Transaction<any>, scope: Scope) {
  return inArea(
    trx
      .selectFrom(`${VISITS_TABLE} as v`)
      .where(knownBy('v.position', scope.knownAt))
      .where('v.date', '>=', scope.periodStart)
      .where('v.date', '<=', scope.asOf),
    'v',
    scope.area,
  );
}

async function visitsOf(trx: Transaction<any>, scope: Scope): Promise<YearEndReportData['visits']> {
  const rows = await visitsIn(trx, scope)
    .select([
      'v.purpose',
      sql<number>`count(*)`.as('visits'),
      sql<number>`count(distinct v.household_id)`.as('households'),
    ])
    .groupBy('v.purpose')
    .execute();
  const total = await visitsIn(trx, scope)
    .select([
      sql<number>`count(*)`.as('visits'),
      sql<number>`count(distinct v.household_id)`.as('households'),
    ])
    .executeTakeFirst();
  return {
    total: toInt(total?.visits),
    households: toInt(total?.households),
    byPurpose: VISIT_PURPOSES.flatMap((purpose) => {
      const row = rows.find((r) => r.purpose === purpose);
      return row
        ? [
            {
              purpose,
              label: LABELS.visitPurpose[purpose],
              visits: toInt(row.visits),
              households: toInt(row.households),
            },
          ]
        : [];
    }),
  };
}

/**
 * The review campaign (回头看): households visited for the review, split by whether they were
 * registered poor (poor or exited) on the day of the visit, and the problems those visits found.
 */
async function reviewOf(trx: Transaction<any>, scope: Scope): Promise<YearEndReportData['review']> {
  const { knownAt } = scope;
  const split = await visitsIn(trx, scope)
    .innerJoin(`${STATUS_HISTORY} as h`, (join) =>
      join
        .onRef('h.household_id', '=', 'v.household_id')
        .on(holdsOn('h', sql.ref('v.date'), knownAt)),
    )
    .where('v.purpose', '=', 'REVIEW')
    .select([
      sql<number>`count(distinct case when h.status in ('POOR', 'EXITED') then v.household_id end)`.as(
        'registered',
      ),
      sql<number>`count(distinct case when h.status not in ('POOR', 'EXITED') then v.household_id end)`.as(
        'other',
      ),
    ])
    .executeTakeFirst();
  // Rectified by the end of the report's period, as known at knownAt.
  const rectified = sql`(p.rectified_on is not null and p.rectified_on <= ${scope.asOf} and ${knownBy('p.rectified_position', knownAt)})`;
  const problems = await visitsIn(trx, scope)
    .innerJoin(`${PROBLEMS_TABLE} as p`, 'p.visit_id', 'v.visit_id')
    .where('v.purpose', '=', 'REVIEW')
    .where(knownBy('p.found_position', knownAt))
    .select([
      sql<number>`count(*)`.as('found'),
      sql<number>`sum(case when ${rectified} then 1 else 0 end)`.as('rectified'),
      sql<string | null>`max(case when ${rectified} then p.rectified_on end)`.as('last'),
    ])
    .executeTakeFirst();
  const found = toInt(problems?.found);
  const done = toInt(problems?.rectified);
  return {
    registeredHouseholds: toInt(split?.registered),
    nonRegisteredHouseholds: toInt(split?.other),
    problemsFound: found,
    problemsRectified: done,
    allRectifiedBy: found > 0 && done === found ? ((problems?.last as string) ?? null) : null,
  };
}

async function rectifiedByDeadlineOf(trx: Transaction<any>, scope: Scope): Promise<number> {
  const { asOf, periodStart, area, knownAt } = scope;
  const row = await inArea(trx.selectFrom(`${PROBLEMS_TABLE} as p`), 'p', area)
    .where(knownBy('p.found_position', knownAt))
    .where(knownBy('p.rectified_position', knownAt))
    .where('p.rectified_on', '>=', periodStart)
    .where('p.rectified_on', '<=', asOf)
    .whereRef('p.rectified_on', '<=', 'p.deadline')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return toInt(row?.n);
}

/** Township (乡镇) code: the first 9 digits of the household's village code. */
const TOWNSHIP = sql<string>`substr(s.area_code, 1, 9)`;

async function townshipsOf(
  trx: Transaction<any>,
  scope: Scope,
  nameOf: (code: string) => string | null,
): Promise<TownshipLine[]> {
  const { asOf, periodStart, area, knownAt } = scope;
  /** A grouped query over `table as alias`, joined to the summary for the township and area. */
  const grouped = (table: string, alias: string) => {
    let query = trx
      .selectFrom(`${table} as ${alias}`)
      .innerJoin(`${SUMMARY_TABLE} as s`, 's.household_id', `${alias}.household_id`);
    if (area !== undefined) query = query.where(inAreaPrefix('s.area_code', area));
    return query;
  };
  const stock = await stockCounts(trx, { asOf, area, knownAt, byTownship: true });
  const exits = await grouped(FLOWS_TABLE, 'f')
    .leftJoin(`${MEMBERS_TABLE} as m`, (join) =>
      join
        .onRef('m.household_id', '=', 'f.household_id')
        .on(holdsOn('m', sql.ref('f.date'), knownAt)),
    )
    .where('f.kind', '=', 'EXITED')
    .where(knownBy('f.position', knownAt))
    .where('f.date', '>=', periodStart)
    .where('f.date', '<=', asOf)
    .select([
      TOWNSHIP.as('township'),
      sql<number>`count(distinct f.household_id)`.as('households'),
      sql<number>`count(distinct m.id_number)`.as('people'),
    ])
    .groupBy(TOWNSHIP)
    .execute();
  const assistance = await grouped(ASSISTANCE_TABLE, 'a')
    .where(knownBy('a.position', knownAt))
    .where('a.date', '>=', periodStart)
    .where('a.date', '<=', asOf)
    .select([TOWNSHIP.as('township'), sql<unknown>`sum(a.amount_fen)`.as('amount')])
    .groupBy(TOWNSHIP)
    .execute();
  const visits = await grouped(VISITS_TABLE, 'v')
    .where(knownBy('v.position', knownAt))
    .where('v.date', '>=', periodStart)
    .where('v.date', '<=', asOf)
    .select([TOWNSHIP.as('township'), sql<number>`count(*)`.as('n')])
    .groupBy(TOWNSHIP)
    .execute();
  const rectified = sql`(p.rectified_on is not null and ${knownBy('p.rectified_position', knownAt)} and p.rectified_on >= ${periodStart} and p.rectified_on <= ${asOf})`;
  const problems = await grouped(PROBLEMS_TABLE, 'p')
    .where(knownBy('p.found_position', knownAt))
    .where('p.found_on', '<=', asOf)
    .select([
      TOWNSHIP.as('township'),
      sql<number>`sum(case when p.found_on >= ${periodStart} then 1 else 0 end)`.as('found'),
      sql<number>`sum(case when ${rectified} then 1 else 0 end)`.as('rectified'),
    ])
    .groupBy(TOWNSHIP)
    .execute();

  const codes = new Set<string>();
  for (const rows of [stock, exits, assistance, visits, problems]) {
    for (const r of rows) codes.add(r.township as string);
  }
  const find = <R extends { township: unknown }>(
    rows: R[],
    code: string,
    test?: (r: R) => boolean,
  ) => rows.find((r) => r.township === code && (test === undefined || test(r)));
  return [...codes].sort().map((code): TownshipLine => {
    const here = stock.filter((r) => r.township === code);
    const poor = total(here, (r) => r.table === 'status' && r.state === 'POOR');
    const exited = total(here, (r) => r.table === 'status' && r.state === 'EXITED');
    const monitoring = (state: string) =>
      total(here, (r) => r.table === 'monitoring' && r.state === state).households;
    const amount = toFen(find(assistance, code)?.amount);
    return {
      areaCode: code,
      name: nameOf(code),
      registered: pair(poor.households + exited.households, poor.people + exited.people),
      exited,
      remaining: poor,
      edge: total(here, (r) => r.table === 'edge'),
      monitoredHouseholds: monitoring('MONITORED'),
      riskEliminatedHouseholds: monitoring('ELIMINATED'),
      exitedInYear: pair(find(exits, code)?.households, find(exits, code)?.people),
      assistanceAmount: amount,
      assistanceAmountWanYuan: formatWanYuan(amount),
      visits: toInt(find(visits, code)?.n),
      problemsFound: toInt(find(problems, code)?.found),
      problemsRectified: toInt(find(problems, code)?.rectified),
    };
  });
}
