import type { DecisionContext, HouseholdEvent, HouseholdState } from '../domain/index.js';
import { decideAddMember } from './add-member/add-member.decide.js';
import { decideClearEdgeHousehold } from './clear-edge-household/clear-edge-household.decide.js';
import { decideDeregisterHousehold } from './deregister-household/deregister-household.decide.js';
import { decideEliminateRisk } from './eliminate-risk/eliminate-risk.decide.js';
import { decideExitPoverty } from './exit-poverty/exit-poverty.decide.js';
import { decideFlagEdgeHousehold } from './flag-edge-household/flag-edge-household.decide.js';
import type { HouseholdCommand } from './household-command.js';
import { decideLogVisit } from './log-visit/log-visit.decide.js';
import { decideRecordAssistance } from './record-assistance/record-assistance.decide.js';
import { decideRecordIncomeAssessment } from './record-income-assessment/record-income-assessment.decide.js';
import { decideRectifyProblem } from './rectify-problem/rectify-problem.decide.js';
import { decideRegisterHousehold } from './register-household/register-household.decide.js';
import { decideRemoveMember } from './remove-member/remove-member.decide.js';
import { decideReopenMonitoring } from './reopen-monitoring/reopen-monitoring.decide.js';
import { decideReturnToPoverty } from './return-to-poverty/return-to-poverty.decide.js';
import { decideStartMonitoring } from './start-monitoring/start-monitoring.decide.js';

/** The events a command decides on the household's state; throws a DomainError to refuse it. */
export function decide(
  state: HouseholdState,
  command: HouseholdCommand,
  ctx: DecisionContext,
): HouseholdEvent[] {
  switch (command.type) {
    case 'RegisterHousehold':
      return decideRegisterHousehold(state, command, ctx);
    case 'AddMember':
      return decideAddMember(state, command, ctx);
    case 'RemoveMember':
      return decideRemoveMember(state, command, ctx);
    case 'RecordIncomeAssessment':
      return decideRecordIncomeAssessment(state, command, ctx);
    case 'ExitPoverty':
      return decideExitPoverty(state, command, ctx);
    case 'ReturnToPoverty':
      return decideReturnToPoverty(state, command, ctx);
    case 'FlagEdgeHousehold':
      return decideFlagEdgeHousehold(state, command, ctx);
    case 'ClearEdgeHousehold':
      return decideClearEdgeHousehold(state, command, ctx);
    case 'StartMonitoring':
      return decideStartMonitoring(state, command, ctx);
    case 'EliminateRisk':
      return decideEliminateRisk(state, command, ctx);
    case 'ReopenMonitoring':
      return decideReopenMonitoring(state, command, ctx);
    case 'RecordAssistance':
      return decideRecordAssistance(state, command, ctx);
    case 'LogVisit':
      return decideLogVisit(state, command, ctx);
    case 'RectifyProblem':
      return decideRectifyProblem(state, command, ctx);
    case 'DeregisterHousehold':
      return decideDeregisterHousehold(state, command, ctx);
    default:
      return assertNever(command);
  }
}

function assertNever(command: never): never {
  throw new Error(`Unhandled command ${JSON.stringify(command)}`);
}
