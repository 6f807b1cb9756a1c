import {
  fail,
  isIsoDate,
  requireActive,
  requireEffectiveDate,
  requireFen,
  requireText,
  VISIT_PURPOSES,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { LogVisitCommand } from './log-visit.command.js';

export function decideLogVisit(
  state: HouseholdState,
  c: LogVisitCommand,
  ctx: DecisionContext,
): (EventOf<'VisitLogged'> | EventOf<'ProblemRecorded'>)[] {
  const s = requireActive(state);
  if (!VISIT_PURPOSES.includes(c.purpose)) fail('INVALID_INPUT', `未知走访类型 ${c.purpose}`);
  requireEffectiveDate(c.date, ctx, s.facts.registeredOn, '登记日期');
  if (c.perCapitaIncomeCheckFen !== undefined)
    requireFen(c.perCapitaIncomeCheckFen, '核实人均收入');
  const visitId = ctx.newId();
  const events: (EventOf<'VisitLogged'> | EventOf<'ProblemRecorded'>)[] = [
    {
      type: 'VisitLogged',
      data: {
        visitId,
        effectiveDate: c.date,
        cadre: requireText(c.cadre, '走访干部'),
        purpose: c.purpose,
        ...(c.notes !== undefined && { notes: c.notes }),
        ...(c.perCapitaIncomeCheckFen !== undefined && {
          perCapitaIncomeCheckFen: c.perCapitaIncomeCheckFen,
        }),
      },
    },
  ];
  for (const p of c.problems ?? []) {
    if (!isIsoDate(p.deadline) || p.deadline < c.date) {
      fail(
        'INVALID_INPUT',
        `问题“${p.description}”的整改期限 ${p.deadline} 不能早于走访日期 ${c.date}`,
      );
    }
    events.push({
      type: 'ProblemRecorded',
      data: {
        problemId: ctx.newId(),
        visitId,
        // The input has no category yet; every problem is OTHER until it does.
        category: 'OTHER',
        description: requireText(p.description, '问题描述'),
        effectiveDate: c.date,
        deadline: p.deadline,
      },
    });
  }
  return events;
}
