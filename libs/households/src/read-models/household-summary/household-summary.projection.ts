import type { Kysely } from 'kysely';
import type { TableShape } from '#app/event-store';
import { minDate, type HouseholdEventType, type MonitoringCategory } from '../../domain/index.js';
import { householdProjection, type RecordedHouseholdEvent } from '../household-event.js';

export const SUMMARY_TABLE = 'household_summary';

/** One row per household: its state now. Booleans are 0/1 so SQLite and PostgreSQL agree. */
export interface SummaryRow {
  household_id: string;
  area_code: string;
  address: string | null;
  status: 'POOR' | 'EXITED' | 'NON_POOR' | 'DEREGISTERED';
  registered_poor: number;
  identified_year: number | null;
  poverty_causes: string;
  registered_on: string;
  status_since: string;
  exit_year: number | null;
  edge: number;
  monitoring_state: 'NONE' | 'MONITORED' | 'ELIMINATED';
  monitoring_category: MonitoringCategory | null;
  monitoring_since: string | null;
  members_count: number;
  latest_income_year: number | null;
  latest_income_fen: number | null;
  last_visit_on: string | null;
  /** JSON object problemId → deadline of the problems not yet rectified. */
  open_problems: string;
  open_problems_count: number;
  next_deadline: string | null;
  revision: number;
  position: number;
  updated_at: string;
}

const SUMMARY_SHAPE: TableShape<SummaryRow> = {
  table: SUMMARY_TABLE,
  columns: [
    'household_id',
    'area_code',
    'address',
    'status',
    'registered_poor',
    'identified_year',
    'poverty_causes',
    'registered_on',
    'status_since',
    'exit_year',
    'edge',
    'monitoring_state',
    'monitoring_category',
    'monitoring_since',
    'members_count',
    'latest_income_year',
    'latest_income_fen',
    'last_visit_on',
    'open_problems',
    'open_problems_count',
    'next_deadline',
    'revision',
    'position',
    'updated_at',
  ],
  key: ['household_id'],
};

/** Pure: the summary after one more event of the household's stream. */
export function evolveSummary(
  row: SummaryRow | null,
  event: RecordedHouseholdEvent,
): SummaryRow | null {
  if (event.type === 'HouseholdRegistered') {
    const d = event.data;
    return {
      household_id: d.householdId,
      area_code: d.areaCode,
      address: d.address ?? null,
      status: d.registeredPoor ? 'POOR' : 'NON_POOR',
      registered_poor: d.registeredPoor ? 1 : 0,
      identified_year: d.identifiedYear ?? null,
      poverty_causes: JSON.stringify(d.povertyCauses),
      registered_on: d.effectiveDate,
      status_since: d.effectiveDate,
      exit_year: null,
      edge: 0,
      monitoring_state: 'NONE',
      monitoring_category: null,
      monitoring_since: null,
      members_count: d.members.length,
      latest_income_year: null,
      latest_income_fen: null,
      last_visit_on: null,
      open_problems: '{}',
      open_problems_count: 0,
      next_deadline: null,
      revision: event.revision,
      position: event.position,
      updated_at: event.metadata.recordedAt,
    };
  }
  if (!row) return null;
  const changes = SUMMARY_CHANGES[event.type] as Changes<typeof event.type>;
  return {
    ...row,
    ...changes(row, event),
    revision: event.revision,
    position: event.position,
    updated_at: event.metadata.recordedAt,
  };
}

type Changes<T extends HouseholdEventType> = (
  row: SummaryRow,
  event: RecordedHouseholdEvent<T>,
) => Partial<SummaryRow>;

/** What each event after the registration changes in the row (every type: tsc checks). */
const SUMMARY_CHANGES: { [T in Exclude<HouseholdEventType, 'HouseholdRegistered'>]: Changes<T> } = {
  MemberAdded: (row) => ({ members_count: row.members_count + 1 }),
  MemberRemoved: (row) => ({ members_count: row.members_count - 1 }),
  IncomeAssessed: (row, e) =>
    row.latest_income_year !== null && e.data.year < row.latest_income_year
      ? {}
      : { latest_income_year: e.data.year, latest_income_fen: e.data.perCapitaNetIncomeFen },
  PovertyExited: (_row, e) => ({
    status: 'EXITED',
    status_since: e.data.effectiveDate,
    exit_year: e.data.year,
  }),
  // As in the domain: the return ends monitoring as an unstable exited household.
  ReturnedToPoverty: (row, e) => ({
    status: 'POOR',
    status_since: e.data.effectiveDate,
    ...(row.monitoring_category === 'UNSTABLE_EXITED' && NO_MONITORING),
  }),
  EdgeHouseholdFlagged: () => ({ edge: 1 }),
  EdgeHouseholdCleared: () => ({ edge: 0 }),
  MonitoringStarted: (_row, e) => ({
    monitoring_state: 'MONITORED',
    monitoring_category: e.data.category,
    monitoring_since: e.data.effectiveDate,
  }),
  RiskEliminated: () => ({ monitoring_state: 'ELIMINATED' }),
  MonitoringReopened: (_row, e) => ({
    monitoring_state: 'MONITORED',
    monitoring_since: e.data.effectiveDate,
  }),
  AssistanceRecorded: () => ({}),
  VisitLogged: (row, e) => ({
    last_visit_on:
      row.last_visit_on && row.last_visit_on > e.data.effectiveDate
        ? row.last_visit_on
        : e.data.effectiveDate,
  }),
  ProblemRecorded: (row, e) =>
    openProblemsColumns({ ...openProblems(row), [e.data.problemId]: e.data.deadline }),
  ProblemRectified: (row, e) => {
    const open = openProblems(row);
    delete open[e.data.problemId];
    return openProblemsColumns(open);
  },
  // As the history and membership projections do: everything ends with the household.
  HouseholdDeregistered: (_row, e) => ({
    status: 'DEREGISTERED',
    status_since: e.data.effectiveDate,
    edge: 0,
    ...NO_MONITORING,
    members_count: 0,
  }),
};

const NO_MONITORING = {
  monitoring_state: 'NONE',
  monitoring_category: null,
  monitoring_since: null,
} as const satisfies Partial<SummaryRow>;

function openProblems(row: SummaryRow): Record<string, string> {
  return JSON.parse(row.open_problems) as Record<string, string>;
}

function openProblemsColumns(open: Record<string, string>): Partial<SummaryRow> {
  const deadlines = Object.values(open);
  return {
    open_problems: JSON.stringify(open),
    open_problems_count: deadlines.length,
    next_deadline: minDate(...deadlines) ?? null,
  };
}

export const householdSummaryProjection = householdProjection<{ summary: SummaryRow }>({
  name: 'household-summary',
  tables: { summary: { shape: SUMMARY_SHAPE, partition: 'household_id' } },
  // Every event moves the household's row on (revision, position): one evolve for all types.
  evolve(event, { summary }) {
    const row = summary.all()[0];
    if (row === undefined) {
      const next = evolveSummary(null, event);
      if (next) summary.insert(next);
    } else if (row.revision < event.revision) {
      summary.update(row, evolveSummary(row, event)!);
    }
  },
  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable(SUMMARY_TABLE)
      .ifNotExists()
      .addColumn('household_id', 'text', (c) => c.primaryKey())
      .addColumn('area_code', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('registered_poor', 'integer', (c) => c.notNull())
      .addColumn('identified_year', 'integer')
      .addColumn('poverty_causes', 'text', (c) => c.notNull())
      .addColumn('registered_on', 'text', (c) => c.notNull())
      .addColumn('status_since', 'text', (c) => c.notNull())
      .addColumn('exit_year', 'integer')
      .addColumn('edge', 'integer', (c) => c.notNull())
      .addColumn('monitoring_state', 'text', (c) => c.notNull())
      .addColumn('monitoring_category', 'text')
      .addColumn('monitoring_since', 'text')
      .addColumn('members_count', 'integer', (c) => c.notNull())
      .addColumn('latest_income_year', 'integer')
      .addColumn('latest_income_fen', 'bigint')
      .addColumn('last_visit_on', 'text')
      .addColumn('open_problems', 'text', (c) => c.notNull())
      .addColumn('open_problems_count', 'integer', (c) => c.notNull())
      .addColumn('next_deadline', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('household_summary_area')
      .ifNotExists()
      .on(SUMMARY_TABLE)
      .columns(['area_code', 'household_id'])
      .execute();
  },
});
