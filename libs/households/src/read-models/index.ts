import type { Projection } from '#app/event-store';
import { assistanceLedgerProjection } from './assistance-ledger/assistance-ledger.projection.js';
import { householdFlowsProjection } from './flows/household-flows.projection.js';
import { householdHistoryProjection } from './history/household-history.projection.js';
import { householdSummaryProjection } from './household-summary/household-summary.projection.js';
import { membershipProjection } from './membership/membership.projection.js';
import { visitsAndProblemsProjection } from './visits-and-problems/visits-and-problems.projection.js';

/** Every household read model, in the order the runner applies them. */
export const householdProjections: readonly Projection[] = [
  householdSummaryProjection,
  membershipProjection,
  householdHistoryProjection,
  assistanceLedgerProjection,
  visitsAndProblemsProjection,
  householdFlowsProjection,
];
export { GetStatisticsQuery } from './statistics/statistics.query.js';
export {
  GetYearEndReportQuery,
  type YearEndReport,
} from './year-end-report/year-end-report.query.js';
export type * from './year-end-report/year-end-report.model.js';
export { reportMarkdown } from './year-end-report/year-end-report.markdown.js';
export type { ReadModels } from './read-models.js';
