import {
  fail,
  maxDate,
  requireActive,
  requireEffectiveDate,
  requireText,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { ReturnToPovertyCommand } from './return-to-poverty.command.js';

export function decideReturnToPoverty(
  state: HouseholdState,
  c: ReturnToPovertyCommand,
  ctx: DecisionContext,
): EventOf<'ReturnedToPoverty'>[] {
  const s = requireActive(state);
  if (s.status !== 'Exited') fail('NOT_EXITED', '只有已脱贫户才能登记返贫');
  // A return ends monitoring as an unstable exited household (see evolve), so it may not
  // precede that monitoring's last change either.
  const endsMonitoring =
    s.facts.monitoring.kind !== 'None' && s.facts.monitoring.category === 'UNSTABLE_EXITED';
  requireEffectiveDate(
    c.effectiveDate,
    ctx,
    maxDate(s.facts.statusChangedOn, endsMonitoring ? s.facts.monitoringChangedOn : undefined),
    endsMonitoring ? '脱贫或监测变更日期' : '脱贫日期',
  );
  return [
    {
      type: 'ReturnedToPoverty',
      data: { effectiveDate: c.effectiveDate, reason: requireText(c.reason, '返贫原因') },
    },
  ];
}
