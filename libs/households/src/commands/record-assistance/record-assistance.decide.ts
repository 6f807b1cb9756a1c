import {
  ASSISTANCE_CATEGORIES,
  fail,
  requireActive,
  requireCount,
  requireEffectiveDate,
  requireFen,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { RecordAssistanceCommand } from './record-assistance.command.js';

export function decideRecordAssistance(
  state: HouseholdState,
  c: RecordAssistanceCommand,
  ctx: DecisionContext,
): EventOf<'AssistanceRecorded'>[] {
  const s = requireActive(state);
  if (!ASSISTANCE_CATEGORIES.includes(c.category))
    fail('INVALID_INPUT', `未知帮扶类别 ${c.category}`);
  requireEffectiveDate(c.date, ctx, s.facts.registeredOn, '登记日期');
  requireFen(c.amountFen, '帮扶金额');
  requireCount(c.peopleReached, '受益人数');
  return [
    {
      type: 'AssistanceRecorded',
      data: {
        assistanceId: ctx.newId(),
        category: c.category,
        amountFen: c.amountFen,
        peopleReached: c.peopleReached,
        effectiveDate: c.date,
        ...(c.programme !== undefined && { programme: c.programme }),
      },
    },
  ];
}
