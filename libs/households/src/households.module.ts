import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeregisterHouseholdResolver } from './deregister-household/deregister-household.resolver.js';
import { EdgeHouseholdResolver } from './edge-household/edge-household.resolver.js';
import { ExitPovertyResolver } from './exit-poverty/exit-poverty.resolver.js';
import { HouseholdCommands } from './graphql/household-mutation.js';
import { HouseholdCommandHandler } from './household-command/household-command.handler.js';
import { LogVisitResolver } from './log-visit/log-visit.resolver.js';
import { ManageMembersResolver } from './manage-members/manage-members.resolver.js';
import { MonitoringResolver } from './monitoring/monitoring.resolver.js';
import { readSideProviders } from './read-models/read-side.providers.js';
import { RecordAssistanceResolver } from './record-assistance/record-assistance.resolver.js';
import { RecordIncomeAssessmentResolver } from './record-income-assessment/record-income-assessment.resolver.js';
import { RectifyProblemResolver } from './rectify-problem/rectify-problem.resolver.js';
import { RegisterHouseholdResolver } from './register-household/register-household.resolver.js';
import { ReturnToPovertyResolver } from './return-to-poverty/return-to-poverty.resolver.js';

/**
 * The households context. It needs EVENT_STORE, READ_DB, READ_MODEL_SYNC, CLOCK and POLICY_BOOK
 * (shared/tokens.ts) from a global module of the app that hosts it.
 */
@Module({
  imports: [CqrsModule],
  providers: [
    HouseholdCommandHandler,
    HouseholdCommands,
    RegisterHouseholdResolver,
    ManageMembersResolver,
    RecordIncomeAssessmentResolver,
    ExitPovertyResolver,
    ReturnToPovertyResolver,
    EdgeHouseholdResolver,
    MonitoringResolver,
    RecordAssistanceResolver,
    LogVisitResolver,
    RectifyProblemResolver,
    DeregisterHouseholdResolver,
    ...readSideProviders,
  ],
})
export class HouseholdsModule {}
