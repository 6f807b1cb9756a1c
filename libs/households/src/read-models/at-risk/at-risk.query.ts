import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { addDays, type PolicyBook } from '../../domain/index.js';
import { LABELS } from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { InputError } from '../../shared/input-error.js';
import { CLOCK, POLICY_BOOK, READ_DB } from '../../shared/tokens.js';
import type { SummaryRow } from '../household-summary/household-summary.projection.js';
import { fromHouseholds, keysetPage, type Page, type PageArgs } from '../pagination.js';
import type { ReadModels } from '../read-models.js';
import { inAreaPrefix, checkAreaPrefix, overdueProblemsOf, toFenOrNull } from '../sql-helpers.js';
import {
  AT_RISK_REASON_LABELS,
  AT_RISK_REASONS,
  type AtRiskFilter,
  type AtRiskHousehold,
  type AtRiskReason,
} from './at-risk.types.js';

export const DEFAULT_NO_VISIT_DAYS = 90;
const MAX_NO_VISIT_DAYS = 3650;

export class ListAtRiskHouseholdsQuery extends Query<Page<AtRiskHousehold>> {
  constructor(
    readonly filter: AtRiskFilter | null | undefined,
    readonly page: PageArgs = {},
  ) {
    super();
  }
}

/** Column holding the 0/1 flag of each reason in the selected rows. */
const FLAG = {
  MONITORED: 'r_monitored',
  INCOME_BELOW_MONITORING_LINE: 'r_income',
  NO_RECENT_VISIT: 'r_no_visit',
  OVERDUE_PROBLEM: 'r_overdue',
} as const satisfies Record<AtRiskReason, string>;

type AtRiskRow = Pick<
  SummaryRow,
  | 'household_id'
  | 'area_code'
  | 'status'
  | 'monitoring_category'
  | 'latest_income_year'
  | 'latest_income_fen'
  | 'last_visit_on'
> & { overdue_problems: number } & Record<(typeof FLAG)[AtRiskReason], number>;

/**
 * Households that need attention now, judged on household_summary (the current state) in one
 * filtered keyset query; each reason is a SQL condition so that filtering, counting and paging
 * all happen in the database.
 */
@QueryHandler(ListAtRiskHouseholdsQuery)
export class ListAtRiskHouseholdsHandler implements IQueryHandler<ListAtRiskHouseholdsQuery> {
  constructor(
    @Inject(READ_DB) private readonly db: Kysely<ReadModels>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(POLICY_BOOK) private readonly policy: PolicyBook,
  ) {}

  async execute({ filter, page }: ListAtRiskHouseholdsQuery): Promise<Page<AtRiskHousehold>> {
    const area = checkAreaPrefix(filter?.areaCode);
    const days = checkDays(filter?.noVisitSinceDays);
    const wanted = checkReasons(filter?.reasons);
    const today = this.clock.today();
    const conditions = reasonConditions(this.policy, today, addDays(today, -days));

    let filtered = fromHouseholds(this.db).where('s.status', '<>', 'DEREGISTERED');
    if (area !== undefined) filtered = filtered.where(inAreaPrefix('s.area_code', area));
    filtered = filtered.where(
      sql<boolean>`(${sql.join(
        wanted.map((r) => sql`(${conditions[r]})`),
        sql` or `,
      )})`,
    );

    return keysetPage({
      filtered,
      select: (query) =>
        query.select([
          's.household_id',
          's.area_code',
          's.status',
          's.monitoring_category',
          's.latest_income_year',
          's.latest_income_fen',
          's.last_visit_on',
          overdueProblemsOf('s.household_id', today).as('overdue_problems'),
          ...AT_RISK_REASONS.map((r) =>
            sql<number>`case when ${conditions[r]} then 1 else 0 end`.as(FLAG[r]),
          ),
        ]),
      toNode: toAtRiskHousehold,
      args: page,
    });
  }
}

/**
 * The SQL condition of each reason on household_summary `s`. The monitoring line depends on the
 * year of the income assessment, so it is a CASE over the policy years; a year the policy book
 * does not know (or no assessment at all) yields null, which is not "below".
 */
export function reasonConditions(
  policy: PolicyBook,
  today: string,
  visitCutoff: string,
): Record<AtRiskReason, RawBuilder<unknown>> {
  const lines = [...policy.years.values()].sort((a, b) => a.year - b.year);
  for (const p of lines) {
    if (!Number.isSafeInteger(p.year) || !Number.isSafeInteger(p.monitoringLineFen)) {
      throw new Error(`Policy ${policy.version}: year ${p.year} has a non-integer monitoring line`);
    }
  }
  // Literals, not parameters: PostgreSQL would type untyped parameters in a CASE as text.
  const monitoringLine =
    lines.length === 0
      ? sql`null`
      : sql`case s.latest_income_year ${sql.join(
          lines.map((p) => sql`when ${sql.lit(p.year)} then ${sql.lit(p.monitoringLineFen)}`),
          sql` `,
        )} end`;
  return {
    MONITORED: sql`s.monitoring_state = 'MONITORED'`,
    INCOME_BELOW_MONITORING_LINE: sql`s.latest_income_fen < ${monitoringLine}`,
    NO_RECENT_VISIT: sql`(s.status = 'POOR' or s.edge = 1 or s.monitoring_state = 'MONITORED') and (s.last_visit_on is null or s.last_visit_on < ${visitCutoff})`,
    OVERDUE_PROBLEM: sql`s.next_deadline < ${today}`,
  };
}

function toAtRiskHousehold(row: AtRiskRow): AtRiskHousehold {
  const reasons = AT_RISK_REASONS.filter((r) => row[FLAG[r]] === 1);
  const income = toFenOrNull(row.latest_income_fen);
  return {
    householdId: row.household_id,
    areaCode: row.area_code,
    status: row.status,
    statusLabel: LABELS.status[row.status],
    reasons,
    reasonLabels: reasons.map((r) => AT_RISK_REASON_LABELS[r]),
    monitoringCategory: row.monitoring_category,
    latestIncome:
      row.latest_income_year === null || income === null
        ? null
        : { year: row.latest_income_year, perCapitaNetIncome: income },
    lastVisitOn: row.last_visit_on,
    overdueProblems: row.overdue_problems,
  };
}

function checkDays(value: number | null | undefined): number {
  const days = value ?? DEFAULT_NO_VISIT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_NO_VISIT_DAYS) {
    throw new InputError(
      'INVALID_INPUT',
      `noVisitSinceDays 应为 1 至 ${MAX_NO_VISIT_DAYS} 之间的整数，收到 ${String(value)}`,
    );
  }
  return days;
}

/** The reasons to match: any of those given; none given (or an empty list) means any reason. */
function checkReasons(reasons: readonly string[] | null | undefined): readonly AtRiskReason[] {
  if (!reasons || reasons.length === 0) return AT_RISK_REASONS;
  if (reasons.length > AT_RISK_REASONS.length * 4) {
    throw new InputError(
      'INPUT_TOO_LARGE',
      `reasons 条目过多（最多 ${AT_RISK_REASONS.length} 种原因）`,
    );
  }
  for (const r of reasons) {
    if (!(AT_RISK_REASONS as readonly string[]).includes(r)) {
      throw new InputError('INVALID_INPUT', `未知风险原因 ${r}`);
    }
  }
  return AT_RISK_REASONS.filter((r) => reasons.includes(r));
}
