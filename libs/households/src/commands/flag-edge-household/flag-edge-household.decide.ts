import {
  fail,
  maxDate,
  requireActive,
  requireEffectiveDate,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { FlagEdgeHouseholdCommand } from './flag-edge-household.command.js';

export function decideFlagEdgeHousehold(
  state: HouseholdState,
  c: FlagEdgeHouseholdCommand,
  ctx: DecisionContext,
): EventOf<'EdgeHouseholdFlagged'>[] {
  const s = requireActive(state);
  if (s.status !== 'NonPoor') fail('EDGE_REQUIRES_NON_POOR', '只有非建档立卡户才能标注为边缘户');
  if (s.facts.edge) fail('ALREADY_EDGE', '该户已是边缘户');
  requireEffectiveDate(
    c.effectiveDate,
    ctx,
    maxDate(s.facts.registeredOn, s.facts.edgeChangedOn),
    '上次边缘户变更日期',
  );
  return [
    {
      type: 'EdgeHouseholdFlagged',
      data: { effectiveDate: c.effectiveDate, ...(c.reason !== undefined && { reason: c.reason }) },
    },
  ];
}
