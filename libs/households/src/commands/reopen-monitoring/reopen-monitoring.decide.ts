import {
  fail,
  requireActive,
  requireCategoryFits,
  requireEffectiveDate,
  requireText,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { ReopenMonitoringCommand } from './reopen-monitoring.command.js';

export function decideReopenMonitoring(
  state: HouseholdState,
  c: ReopenMonitoringCommand,
  ctx: DecisionContext,
): EventOf<'MonitoringReopened'>[] {
  const s = requireActive(state);
  const monitoring = s.facts.monitoring;
  if (monitoring.kind !== 'Eliminated') fail('NOT_RISK_ELIMINATED', '该户未标注风险消除，无需回退');
  requireCategoryFits(s, monitoring.category, '；请按现状重新纳入监测');
  requireEffectiveDate(c.effectiveDate, ctx, monitoring.on, '风险消除日期');
  return [
    {
      type: 'MonitoringReopened',
      data: { effectiveDate: c.effectiveDate, reason: requireText(c.reason, '回退原因') },
    },
  ];
}
