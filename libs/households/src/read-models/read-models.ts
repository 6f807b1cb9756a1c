import type { ProjectionCheckpoints } from '#app/event-store';
import type { AssistanceRow } from './assistance-ledger/assistance-ledger.projection.js';
import type { FlowRow } from './flows/household-flows.projection.js';
import type {
  EdgeHistoryRow,
  MonitoringHistoryRow,
  StatusHistoryRow,
} from './history/household-history.projection.js';
import type { SummaryRow } from './household-summary/household-summary.projection.js';
import type { MemberRow } from './membership/membership.projection.js';
import type { ProblemRow, VisitRow } from './visits-and-problems/visits-and-problems.projection.js';

/**
 * The read database as the query side sees it: every projection's tables with their row types,
 * so `Kysely<ReadModels>` checks table and column names and gives column values their types.
 * The types hold on both engines: the read models' PostgreSQL pool reads int8 (positions, fen,
 * counts) as numbers, as SQLite does (see openPostgres). A new read model adds its tables here.
 */
export interface ReadModels extends ProjectionCheckpoints {
  household_summary: SummaryRow;
  household_members: MemberRow;
  status_history: StatusHistoryRow;
  edge_history: EdgeHistoryRow;
  monitoring_history: MonitoringHistoryRow;
  assistance_ledger: AssistanceRow;
  visits: VisitRow;
  problems: ProblemRow;
  household_flows: FlowRow;
}
