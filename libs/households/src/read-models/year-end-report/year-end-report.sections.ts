/**
 * The year-end report's own sections (the stock figures come from the statistics): the year's
 * flows, visits, the review campaign and the problems rectified by their deadline, each read in
 * the report's transaction, as known at `knownAt` when one is given.
 */
import { sql, type SqlBool, type Transaction } from 'kysely';
import {
  DEREGISTRATION_REASONS,
  MONITORING_CATEGORIES,
  VISIT_PURPOSES,
} from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import { MONITORING_HISTORY } from '../history/household-history.projection.js';
import type { ReadModels } from '../read-models.js';
import { holdsOn, knownBy } from '../sql-helpers.js';
import { inArea } from '../statistics/statistics.query.js';
import type { CategoryCount, Count, Flows, YearEndReportData } from './year-end-report.model.js';

/** What the report is computed for: its year up to `asOf`, the area, the position. */
export interface ReportScope {
  asOf: string;
  periodStart: string;
  area: string | undefined;
  knownAt: number | undefined;
}

export const pair = (households: number, people: number): Count => ({ households, people });

export async function flowsOf(trx: Transaction<ReadModels>, scope: ReportScope): Promise<Flows> {
  const { asOf, periodStart, area, knownAt } = scope;
  const rows = await inArea(
    trx
      .selectFrom('household_flows as f')
      .leftJoin('household_members as m', (join) =>
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
      households: matching.reduce((n, r) => n + r.households, 0),
      people: matching.reduce((n, r) => n + r.people, 0),
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
async function monitoringEndedOtherwiseOf(
  trx: Transaction<ReadModels>,
  scope: ReportScope,
): Promise<number> {
  const { asOf, periodStart, area, knownAt } = scope;
  const row = await inArea(trx.selectFrom('monitoring_history as h'), 'h', area)
    .where('h.state', '=', 'MONITORED')
    .where(knownBy('h.to_position', knownAt))
    .where('h.valid_to', '>=', periodStart)
    .where('h.valid_to', '<=', asOf)
    .where(
      sql<SqlBool>`not exists (select 1 from ${sql.table(MONITORING_HISTORY)} n where n.household_id = h.household_id and n.from_revision = h.to_revision)`,
    )
    .select(sql<number>`count(distinct h.household_id)`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Visits of the year that were recorded by `knownAt`, in the area. */
function visitsIn(trx: Transaction<ReadModels>, scope: ReportScope) {
  return inArea(
    trx
      .selectFrom('visits as v')
      .where(knownBy('v.position', scope.knownAt))
      .where('v.date', '>=', scope.periodStart)
      .where('v.date', '<=', scope.asOf),
    'v',
    scope.area,
  );
}

export async function visitsOf(
  trx: Transaction<ReadModels>,
  scope: ReportScope,
): Promise<YearEndReportData['visits']> {
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
    .executeTakeFirstOrThrow();
  return {
    total: total.visits,
    households: total.households,
    byPurpose: VISIT_PURPOSES.flatMap((purpose) => {
      const row = rows.find((r) => r.purpose === purpose);
      return row
        ? [
            {
              purpose,
              label: LABELS.visitPurpose[purpose],
              visits: row.visits,
              households: row.households,
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
export async function reviewOf(
  trx: Transaction<ReadModels>,
  scope: ReportScope,
): Promise<YearEndReportData['review']> {
  const { knownAt } = scope;
  const split = await visitsIn(trx, scope)
    .innerJoin('status_history as h', (join) =>
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
    .executeTakeFirstOrThrow();
  // Rectified by the end of the report's period, as known at knownAt.
  const rectified = sql`(p.rectified_on is not null and p.rectified_on <= ${scope.asOf} and ${knownBy('p.rectified_position', knownAt)})`;
  const problems = await visitsIn(trx, scope)
    .innerJoin('problems as p', 'p.visit_id', 'v.visit_id')
    .where('v.purpose', '=', 'REVIEW')
    .where(knownBy('p.found_position', knownAt))
    .select([
      sql<number>`count(*)`.as('found'),
      sql<number | null>`sum(case when ${rectified} then 1 else 0 end)`.as('rectified'),
      sql<string | null>`max(case when ${rectified} then p.rectified_on end)`.as('last'),
    ])
    .executeTakeFirstOrThrow();
  const found = problems.found;
  const done = problems.rectified ?? 0;
  return {
    registeredHouseholds: split.registered,
    nonRegisteredHouseholds: split.other,
    problemsFound: found,
    problemsRectified: done,
    allRectifiedBy: found > 0 && done === found ? problems.last : null,
  };
}

export async function rectifiedByDeadlineOf(
  trx: Transaction<ReadModels>,
  scope: ReportScope,
): Promise<number> {
  const { asOf, periodStart, area, knownAt } = scope;
  const row = await inArea(trx.selectFrom('problems as p'), 'p', area)
    .where(knownBy('p.found_position', knownAt))
    .where(knownBy('p.rectified_position', knownAt))
    .where('p.rectified_on', '>=', periodStart)
    .where('p.rectified_on', '<=', asOf)
    .whereRef('p.rectified_on', '<=', 'p.deadline')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}
