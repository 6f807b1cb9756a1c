import type { HouseholdCommand } from '#app/households';
import type { PlannedHousehold } from '../plan.js';
import { demoUuid } from '../random.js';
import type { Draft } from './planner.js';

/** Same-day commands go in this order: an exit after the assessment it needs, and so on. */
const RANK: Record<HouseholdCommand['type'], number> = {
  RegisterHousehold: 0,
  AddMember: 1,
  RemoveMember: 1,
  RecordIncomeAssessment: 2,
  LogVisit: 3,
  RecordAssistance: 4,
  RectifyProblem: 5,
  ExitPoverty: 6,
  ReturnToPoverty: 6,
  FlagEdgeHousehold: 7,
  ClearEdgeHousehold: 7,
  StartMonitoring: 8,
  EliminateRisk: 9,
  ReopenMonitoring: 9,
  DeregisterHousehold: 10,
};

/**
 * The last step: a household's commands in the order they must be sent (by date, then RANK, then
 * the order the phases added them), with command ids numbered in that order.
 */
export function finish(d: Draft): PlannedHousehold {
  const steps = d.steps
    .map((step, order) => ({ step, order }))
    .sort(
      (a, b) =>
        (a.step.date < b.step.date ? -1 : a.step.date > b.step.date ? 1 : 0) ||
        RANK[a.step.command.type] - RANK[b.step.command.type] ||
        a.order - b.order,
    )
    .map(({ step }) => step);
  steps.forEach((step, k) => {
    step.commandId = demoUuid(`${d.householdId}/command/${k}`);
  });
  return {
    householdId: d.householdId,
    areaCode: d.village.code,
    role: d.role,
    commands: steps.map((step) => {
      const command = step.command;
      if (command.type === 'LogVisit' && command.problems?.length === 0) delete command.problems;
      return {
        commandId: step.commandId!,
        command,
        ...(step.rectifies && {
          problemOf: {
            visitCommandId: step.rectifies.visit.commandId!,
            index: step.rectifies.index,
          },
        }),
      };
    }),
  };
}
