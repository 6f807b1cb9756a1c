import {
  DEREGISTRATION_REASONS,
  fail,
  requireActive,
  requireEffectiveDate,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { DeregisterHouseholdCommand } from './deregister-household.command.js';

export function decideDeregisterHousehold(
  state: HouseholdState,
  c: DeregisterHouseholdCommand,
  ctx: DecisionContext,
): EventOf<'HouseholdDeregistered'>[] {
  const s = requireActive(state);
  if (!DEREGISTRATION_REASONS.includes(c.reason)) fail('INVALID_INPUT', `未知注销原因 ${c.reason}`);
  requireEffectiveDate(c.effectiveDate, ctx, s.facts.lastChangeOn, '该户最近一次变更日期');
  return [
    {
      type: 'HouseholdDeregistered',
      data: {
        effectiveDate: c.effectiveDate,
        reason: c.reason,
        ...(c.note !== undefined && { note: c.note }),
      },
    },
  ];
}
