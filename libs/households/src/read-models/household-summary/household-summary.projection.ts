import type { Kysely, Transaction } from 'kysely';
import {
  selectRowsWhereIn,
  writeRows,
  type Projection,
  type ProjectionBatch,
  type RecordedEvent,
  type TableShape,
} from '#app/event-store';
import { minDate } from '../../domain/index.js';
import {
  asHouseholdEvent,
  handlesOf,
  householdIdOf,
  type RecordedHouseholdEvent,
} from '../household-event.js';

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
  monitoring_category: string | null;
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

const SUMMARY_SHAPE: TableShape = {
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
  ] satisfies (keyof SummaryRow)[],
  key: ['household_id'],
};

/**
 * The batch path: each household's row loaded once per batch, evolved in memory with the same
 * revision guard as `apply`, and written once at flush.
 */
function summaryBatch(trx: Transaction<any>): ProjectionBatch {
  /** null: the household has no row (yet). */
  const rows = new Map<string, SummaryRow | null>();
  const changed = new Set<string>();
  return {
    async add(events) {
      const ids = events.map(householdIdOf);
      const missing = ids.filter((id) => !rows.has(id));
      for (const id of missing) rows.set(id, null);
      for (const row of await selectRowsWhereIn<SummaryRow>(
        trx,
        SUMMARY_SHAPE,
        'household_id',
        missing,
      )) {
        rows.set(row.household_id, row);
      }
      for (let i = 0; i < events.length; i++) {
        const event = asHouseholdEvent(events[i]!);
        const row = rows.get(ids[i]!) ?? null;
        if (row && row.revision >= event.revision) continue;
        const next = evolveSummary(row, event);
        if (!next) continue;
        rows.set(ids[i]!, next);
        changed.add(ids[i]!);
      }
    },
    async flush() {
      await writeRows(
        trx,
        SUMMARY_SHAPE,
        [...changed].map((id) => rows.get(id)!),
        'update',
      );
      changed.clear();
    },
  };
}

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
  // One copy per event (the row passed in is never changed); each case then fills it in.
  const next: SummaryRow = {
    ...row,
    revision: event.revision,
    position: event.position,
    updated_at: event.metadata.recordedAt,
  };
  const set = (changes: Partial<SummaryRow>): SummaryRow => Object.assign(next, changes);
  const on = event.data.effectiveDate;
  switch (event.type) {
    case 'MemberAdded':
      return set({ members_count: row.members_count + 1 });
    case 'MemberRemoved':
      return set({ members_count: row.members_count - 1 });
    case 'IncomeAssessed':
      if (row.latest_income_year !== null && event.data.year < row.latest_income_year) return next;
      return set({
        latest_income_year: event.data.year,
        latest_income_fen: event.data.perCapitaNetIncomeFen,
      });
    case 'PovertyExited':
      return set({
        status: 'EXITED',
        status_since: on,
        exit_year: event.data.year,
      });
    case 'ReturnedToPoverty':
      // As in the domain: the return ends monitoring as an unstable exited household.
      if (row.monitoring_category === 'UNSTABLE_EXITED') {
        return set({
          status: 'POOR',
          status_since: on,
          monitoring_state: 'NONE',
          monitoring_category: null,
          monitoring_since: null,
        });
      }
      return set({ status: 'POOR', status_since: on });
    case 'EdgeHouseholdFlagged':
      return set({ edge: 1 });
    case 'EdgeHouseholdCleared':
      return set({ edge: 0 });
    case 'MonitoringStarted':
      return set({
        monitoring_state: 'MONITORED',
        monitoring_category: event.data.category,
        monitoring_since: on,
      });
    case 'RiskEliminated':
      return set({ monitoring_state: 'ELIMINATED' });
    case 'MonitoringReopened':
      return set({ monitoring_state: 'MONITORED', monitoring_since: on });
    case 'VisitLogged':
      return set({
        last_visit_on: row.last_visit_on && row.last_visit_on > on ? row.last_visit_on : on,
      });
    case 'ProblemRecorded':
      return set(
        openProblemsColumns({ ...openProblems(row), [event.data.problemId]: event.data.deadline }),
      );
    case 'ProblemRectified': {
      const open = openProblems(row);
      delete open[event.data.problemId];
      return set(openProblemsColumns(open));
    }
    case 'HouseholdDeregistered':
      return set({
        status: 'DEREGISTERED',
        status_since: on,
        // As the history and membership projections do: everything ends with the household.
        edge: 0,
        monitoring_state: 'NONE',
        monitoring_category: null,
        monitoring_since: null,
        members_count: 0,
      });
    case 'AssistanceRecorded':
      return next;
    default:
      return next;
  }
}

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

export const householdSummaryProjection: Projection = {
  name: 'household-summary',
  handles: handlesOf(),
  tables: [SUMMARY_TABLE],
  async migrate(db: Kysely<any>) {
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
  async apply(trx: Transaction<any>, recorded: RecordedEvent) {
    const event = asHouseholdEvent(recorded);
    const householdId = householdIdOf(event);
    const row = (await trx
      .selectFrom(SUMMARY_TABLE)
      .selectAll()
      .where('household_id', '=', householdId)
      .executeTakeFirst()) as SummaryRow | undefined;
    if (row && row.revision >= event.revision) return;
    const next = evolveSummary(row ?? null, event);
    if (!next) return;
    if (row) {
      await trx
        .updateTable(SUMMARY_TABLE)
        .set(next)
        .where('household_id', '=', householdId)
        .execute();
    } else {
      await trx.insertInto(SUMMARY_TABLE).values(next).execute();
    }
  },
  batch: summaryBatch,
};
