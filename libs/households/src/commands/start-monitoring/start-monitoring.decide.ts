import {
  fail,
  maxDate,
  MONITORING_CATEGORIES,
  requireActive,
  requireCategoryFits,
  requireEffectiveDate,
  RISK_FACTORS,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { StartMonitoringCommand } from './start-monitoring.command.js';

export function decideStartMonitoring(
  state: HouseholdState,
  c: StartMonitoringCommand,
  ctx: DecisionContext,
): EventOf<'MonitoringStarted'>[] {
  const s = requireActive(state);
  if (s.facts.monitoring.kind === 'Monitored') fail('ALREADY_MONITORED', '该户已在监测中');
  if (!MONITORING_CATEGORIES.includes(c.category))
    fail('INVALID_INPUT', `未知监测类别 ${c.category}`);
  requireCategoryFits(s, c.category);
  const factors = [...new Set(c.riskFactors)];
  if (factors.length === 0) fail('INVALID_INPUT', '纳入监测须至少选择一项风险因素');
  for (const f of factors)
    if (!RISK_FACTORS.includes(f)) fail('INVALID_INPUT', `未知风险因素 ${f}`);
  requireEffectiveDate(
    c.effectiveDate,
    ctx,
    maxDate(
      s.facts.registeredOn,
      s.facts.monitoringChangedOn,
      // The category was checked against the current status, so monitoring may not start
      // before that status began — except sudden hardship, which fits any status.
      c.category === 'SUDDEN_HARDSHIP' ? undefined : s.facts.statusChangedOn,
    ),
    '上次状态或监测变更日期',
  );
  return [
    {
      type: 'MonitoringStarted',
      data: { category: c.category, riskFactors: factors, effectiveDate: c.effectiveDate },
    },
  ];
}
