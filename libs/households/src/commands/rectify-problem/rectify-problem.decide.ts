import {
  fail,
  requireActive,
  requireEffectiveDate,
  requireText,
  type DecisionContext,
  type EventOf,
  type HouseholdState,
} from '../../domain/index.js';
import type { RectifyProblemCommand } from './rectify-problem.command.js';

export function decideRectifyProblem(
  state: HouseholdState,
  c: RectifyProblemCommand,
  ctx: DecisionContext,
): EventOf<'ProblemRectified'>[] {
  const s = requireActive(state);
  const problem = s.facts.problems[c.problemId];
  if (!problem) fail('PROBLEM_NOT_FOUND', `本户没有编号为 ${c.problemId} 的问题`);
  if (problem.rectifiedOn)
    fail('PROBLEM_ALREADY_RECTIFIED', `该问题已于 ${problem.rectifiedOn} 整改`);
  requireEffectiveDate(c.date, ctx, problem.foundOn, '发现问题日期');
  return [
    {
      type: 'ProblemRectified',
      data: {
        problemId: c.problemId,
        effectiveDate: c.date,
        measures: requireText(c.measures, '整改措施'),
      },
    },
  ];
}
