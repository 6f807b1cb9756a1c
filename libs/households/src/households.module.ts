import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AddMemberResolver } from './commands/add-member/add-member.resolver.js';
import { ClearEdgeHouseholdResolver } from './commands/clear-edge-household/clear-edge-household.resolver.js';
import { DeregisterHouseholdResolver } from './commands/deregister-household/deregister-household.resolver.js';
import { EliminateRiskResolver } from './commands/eliminate-risk/eliminate-risk.resolver.js';
import { ExitPovertyResolver } from './commands/exit-poverty/exit-poverty.resolver.js';
import { FlagEdgeHouseholdResolver } from './commands/flag-edge-household/flag-edge-household.resolver.js';
import { LogVisitResolver } from './commands/log-visit/log-visit.resolver.js';
import { RecordAssistanceResolver } from './commands/record-assistance/record-assistance.resolver.js';
import { RecordIncomeAssessmentResolver } from './commands/record-income-assessment/record-income-assessment.resolver.js';
import { RectifyProblemResolver } from './commands/rectify-problem/rectify-problem.resolver.js';
import { RegisterHouseholdResolver } from './commands/register-household/register-household.resolver.js';
import { RemoveMemberResolver } from './commands/remove-member/remove-member.resolver.js';
import { ReopenMonitoringResolver } from './commands/reopen-monitoring/reopen-monitoring.resolver.js';
import { ReturnToPovertyResolver } from './commands/return-to-poverty/return-to-poverty.resolver.js';
import { StartMonitoringResolver } from './commands/start-monitoring/start-monitoring.resolver.js';
import { HouseholdCommands } from './graphql/household-mutation.js';
import { HouseholdCommandHandler } from './household-command/household-command.handler.js';
import { MEMBERSHIP_INDEX } from './household-command/membership-index.port.js';
import { MembershipReadModelIndex } from './read-models/membership/membership.index.js';
import { readSideProviders } from './read-models/read-side.providers.js';

/** One resolver per command folder (commands/<command>/<command>.resolver.ts). */
const commandResolvers = [
  RegisterHouseholdResolver,
  AddMemberResolver,
  RemoveMemberResolver,
  RecordIncomeAssessmentResolver,
  ExitPovertyResolver,
  ReturnToPovertyResolver,
  FlagEdgeHouseholdResolver,
  ClearEdgeHouseholdResolver,
  StartMonitoringResolver,
  EliminateRiskResolver,
  ReopenMonitoringResolver,
  RecordAssistanceResolver,
  LogVisitResolver,
  RectifyProblemResolver,
  DeregisterHouseholdResolver,
];

/**
 * The households context. It needs EVENT_STORE, READ_DB, READ_MODEL_SYNC, CLOCK and POLICY_BOOK
 * (shared/tokens.ts) from a global module of the app that hosts it.
 */
@Module({
  imports: [CqrsModule],
  providers: [
    HouseholdCommandHandler,
    // The command side's port onto the member index, answered by the membership read model.
    { provide: MEMBERSHIP_INDEX, useClass: MembershipReadModelIndex },
    HouseholdCommands,
    ...commandResolvers,
    ...readSideProviders,
  ],
})
export class HouseholdsModule {}
