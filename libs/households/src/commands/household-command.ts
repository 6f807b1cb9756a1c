import type { AddMemberCommand } from './add-member/add-member.command.js';
import type { ClearEdgeHouseholdCommand } from './clear-edge-household/clear-edge-household.command.js';
import type { DeregisterHouseholdCommand } from './deregister-household/deregister-household.command.js';
import type { EliminateRiskCommand } from './eliminate-risk/eliminate-risk.command.js';
import type { ExitPovertyCommand } from './exit-poverty/exit-poverty.command.js';
import type { FlagEdgeHouseholdCommand } from './flag-edge-household/flag-edge-household.command.js';
import type { LogVisitCommand } from './log-visit/log-visit.command.js';
import type { RecordAssistanceCommand } from './record-assistance/record-assistance.command.js';
import type { RecordIncomeAssessmentCommand } from './record-income-assessment/record-income-assessment.command.js';
import type { RectifyProblemCommand } from './rectify-problem/rectify-problem.command.js';
import type { RegisterHouseholdCommand } from './register-household/register-household.command.js';
import type { RemoveMemberCommand } from './remove-member/remove-member.command.js';
import type { ReopenMonitoringCommand } from './reopen-monitoring/reopen-monitoring.command.js';
import type { ReturnToPovertyCommand } from './return-to-poverty/return-to-poverty.command.js';
import type { StartMonitoringCommand } from './start-monitoring/start-monitoring.command.js';

export type { AddMemberCommand } from './add-member/add-member.command.js';
export type { ClearEdgeHouseholdCommand } from './clear-edge-household/clear-edge-household.command.js';
export type { DeregisterHouseholdCommand } from './deregister-household/deregister-household.command.js';
export type { EliminateRiskCommand } from './eliminate-risk/eliminate-risk.command.js';
export type { ExitPovertyCommand } from './exit-poverty/exit-poverty.command.js';
export type { FlagEdgeHouseholdCommand } from './flag-edge-household/flag-edge-household.command.js';
export type { LogVisitCommand, ProblemInput } from './log-visit/log-visit.command.js';
export type { RecordAssistanceCommand } from './record-assistance/record-assistance.command.js';
export type { RecordIncomeAssessmentCommand } from './record-income-assessment/record-income-assessment.command.js';
export type { RectifyProblemCommand } from './rectify-problem/rectify-problem.command.js';
export type { RegisterHouseholdCommand } from './register-household/register-household.command.js';
export type { RemoveMemberCommand } from './remove-member/remove-member.command.js';
export type { ReopenMonitoringCommand } from './reopen-monitoring/reopen-monitoring.command.js';
export type { ReturnToPovertyCommand } from './return-to-poverty/return-to-poverty.command.js';
export type { StartMonitoringCommand } from './start-monitoring/start-monitoring.command.js';

/** Every household command, one per folder of commands/. */
export type HouseholdCommand =
  | RegisterHouseholdCommand
  | AddMemberCommand
  | RemoveMemberCommand
  | RecordIncomeAssessmentCommand
  | ExitPovertyCommand
  | ReturnToPovertyCommand
  | FlagEdgeHouseholdCommand
  | ClearEdgeHouseholdCommand
  | StartMonitoringCommand
  | EliminateRiskCommand
  | ReopenMonitoringCommand
  | RecordAssistanceCommand
  | LogVisitCommand
  | RectifyProblemCommand
  | DeregisterHouseholdCommand;

export type HouseholdCommandType = HouseholdCommand['type'];
export type CommandOf<T extends HouseholdCommandType> = Extract<HouseholdCommand, { type: T }>;
