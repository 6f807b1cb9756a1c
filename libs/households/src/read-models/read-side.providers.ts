import type { Provider } from '@nestjs/common';
import { ListAtRiskHouseholdsHandler } from './at-risk/at-risk.query.js';
import { AtRiskResolver } from './at-risk/at-risk.resolver.js';
import {
  GetHouseholdAssistanceHandler,
  GetHouseholdHistoryHandler,
  GetHouseholdMembersHandler,
  GetHouseholdProblemsHandler,
  GetHouseholdVisitsHandler,
} from './household-summary/household-details.queries.js';
import {
  GetHouseholdHandler,
  ListHouseholdsHandler,
} from './household-summary/household.queries.js';
import { HouseholdResolver } from './household-summary/household.resolver.js';
import { GetStatisticsHandler } from './statistics/statistics.query.js';
import { StatisticsResolver } from './statistics/statistics.resolver.js';
import { GetYearEndReportHandler } from './year-end-report/year-end-report.query.js';
import { YearEndReportResolver } from './year-end-report/year-end-report.resolver.js';

/**
 * Query handlers and resolvers of the read side. They need READ_DB, CLOCK, POLICY_BOOK and
 * EVENT_STORE bound, and CqrsModule imported, in the module that registers them.
 */
export const readSideQueryHandlers: Provider[] = [
  GetHouseholdHandler,
  ListHouseholdsHandler,
  GetHouseholdMembersHandler,
  GetHouseholdProblemsHandler,
  GetHouseholdVisitsHandler,
  GetHouseholdAssistanceHandler,
  GetHouseholdHistoryHandler,
  GetStatisticsHandler,
  ListAtRiskHouseholdsHandler,
  GetYearEndReportHandler,
];

export const readSideResolvers: Provider[] = [
  HouseholdResolver,
  StatisticsResolver,
  AtRiskResolver,
  YearEndReportResolver,
];

export const readSideProviders: Provider[] = [...readSideQueryHandlers, ...readSideResolvers];
