import {
  addMonths,
  fail,
  formatYuan,
  latestIncome,
  requireActive,
  requireEffectiveDate,
  requirePolicy,
  yearOf,
  type DecisionContext,
  type EventOf,
  type HouseholdFacts,
  type HouseholdState,
} from '../../domain/index.js';
import type { EliminateRiskCommand } from './eliminate-risk.command.js';

export function decideEliminateRisk(
  state: HouseholdState,
  c: EliminateRiskCommand,
  ctx: DecisionContext,
): EventOf<'RiskEliminated'>[] {
  const s = requireActive(state);
  const monitoring = s.facts.monitoring;
  if (monitoring.kind !== 'Monitored') fail('NOT_MONITORED', '该户不在监测中，无需风险消除');
  requireEffectiveDate(c.effectiveDate, ctx, monitoring.since, '纳入监测日期');
  const policy = requirePolicy(ctx, yearOf(c.effectiveDate));
  const earliest = addMonths(monitoring.since, policy.minMonitoringMonths);
  if (c.effectiveDate < earliest) {
    fail(
      'MONITORING_TOO_SHORT',
      `纳入监测（${monitoring.since}）未满 ${policy.minMonitoringMonths} 个月，最早可于 ${earliest} 标注风险消除`,
      { earliest },
    );
  }
  // Judged as of the elimination date: later assistance or assessments do not count.
  const assisted = s.facts.assistanceDates.some(
    (d) => d >= monitoring.since && d <= c.effectiveDate,
  );
  if (!assisted) {
    fail('NO_ASSISTANCE_SINCE_MONITORING', '纳入监测以来尚无帮扶措施记录，不能标注风险消除');
  }
  const income = latestIncome(s.facts, c.effectiveDate);
  if (!income) fail('INCOME_NOT_ASSESSED', '风险消除前须先核定该户人均纯收入');
  const line = requirePolicy(ctx, income.year).monitoringLineFen;
  if (income.fen < line) {
    fail(
      'INCOME_BELOW_MONITORING_LINE',
      `最近一次核定（${income.year} 年）人均纯收入 ${formatYuan(income.fen)} 元低于当年监测线 ${formatYuan(line)} 元`,
      { incomeFen: income.fen, monitoringLineFen: line },
    );
  }
  if (policy.requireLabourForElimination && !hasLabour(s.facts)) {
    fail('NO_WORKING_AGE_LABOUR', '该户无劳动力，按本省政策不标注风险消除');
  }
  return [{ type: 'RiskEliminated', data: { effectiveDate: c.effectiveDate } }];
}

function hasLabour(facts: HouseholdFacts): boolean {
  return Object.values(facts.members).some(
    (m) => m.laborAbility === 'FULL' || m.laborAbility === 'PARTIAL',
  );
}
