import {
  fail,
  requireActive,
  requireEffectiveDate,
  requireFen,
  requirePolicy,
  yearOf,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { RecordIncomeAssessmentCommand } from './record-income-assessment.command.js';

export function decideRecordIncomeAssessment(
  state: HouseholdState,
  c: RecordIncomeAssessmentCommand,
  ctx: DecisionContext,
): EventOf<'IncomeAssessed'>[] {
  const s = requireActive(state);
  requireEffectiveDate(c.effectiveDate, ctx, s.facts.registeredOn, '登记日期');
  requirePolicy(ctx, c.year);
  if (c.year > yearOf(c.effectiveDate)) {
    fail('INVALID_YEAR', `不能在 ${c.effectiveDate} 核定 ${c.year} 年的收入`);
  }
  requireFen(c.perCapitaNetIncomeFen, '人均纯收入');
  return [
    {
      type: 'IncomeAssessed',
      data: {
        year: c.year,
        perCapitaNetIncomeFen: c.perCapitaNetIncomeFen,
        effectiveDate: c.effectiveDate,
      },
    },
  ];
}
