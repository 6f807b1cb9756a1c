import {
  fail,
  requireActive,
  requireEffectiveDate,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { ClearEdgeHouseholdCommand } from './clear-edge-household.command.js';

export function decideClearEdgeHousehold(
  state: HouseholdState,
  c: ClearEdgeHouseholdCommand,
  ctx: DecisionContext,
): EventOf<'EdgeHouseholdCleared'>[] {
  const s = requireActive(state);
  if (!s.facts.edge) fail('NOT_EDGE', '该户不是边缘户');
  requireEffectiveDate(c.effectiveDate, ctx, s.facts.edgeChangedOn, '标注边缘户日期');
  return [
    {
      type: 'EdgeHouseholdCleared',
      data: { effectiveDate: c.effectiveDate, ...(c.reason !== undefined && { reason: c.reason }) },
    },
  ];
}
