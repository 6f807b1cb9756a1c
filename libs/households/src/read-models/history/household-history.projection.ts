import type { Kysely } from 'kysely';
import type { PartitionView, TableShape } from '#app/event-store';
import type { MonitoringCategory } from '../../domain/index.js';
import {
  householdProjection,
  IGNORED,
  type EveryHouseholdEvent,
  type RecordedHouseholdEvent,
} from '../household-event.js';
import {
  addIntervalColumns,
  causeOf,
  closeIntervals,
  createValidityIndex,
  INTERVAL_COLUMNS,
  openInterval,
  type IntervalColumns,
} from './intervals.js';

export const STATUS_HISTORY = 'status_history';
export const EDGE_HISTORY = 'edge_history';
export const MONITORING_HISTORY = 'monitoring_history';

export interface StatusHistoryRow extends IntervalColumns {
  status: 'POOR' | 'EXITED' | 'NON_POOR' | 'DEREGISTERED';
}
export type EdgeHistoryRow = IntervalColumns;
export interface MonitoringHistoryRow extends IntervalColumns {
  state: 'MONITORED' | 'ELIMINATED';
  category: MonitoringCategory;
}

const historyShape = <Row extends IntervalColumns>(
  table: string,
  ...values: (keyof Row & string)[]
): TableShape<Row> => ({
  table,
  columns: ['household_id', ...INTERVAL_COLUMNS, ...values],
  key: ['household_id', 'from_revision'],
});

interface HistoryTables {
  status: StatusHistoryRow;
  edge: EdgeHistoryRow;
  monitoring: MonitoringHistoryRow;
}

type Rows = PartitionView<HistoryTables>;

/** The columns every interval an event opens starts with. */
function opened(event: RecordedHouseholdEvent) {
  return {
    household_id: event.householdId,
    from_revision: event.revision,
    from_position: event.position,
    valid_from: event.data.effectiveDate,
  };
}

function statusTo(status: StatusHistoryRow['status']) {
  return (event: RecordedHouseholdEvent, rows: Rows) => {
    closeIntervals(rows.status, event.data.effectiveDate, causeOf(event));
    openInterval(rows.status, { ...opened(event), status });
  };
}

/** A new monitoring interval; elimination and reopening keep the category monitoring began with. */
function monitoringTo(state: MonitoringHistoryRow['state'], category?: MonitoringCategory) {
  return (event: RecordedHouseholdEvent, rows: Rows) => {
    const before = rows.monitoring
      .all()
      .filter((row) => row.from_revision < event.revision)
      .reduce<MonitoringHistoryRow | undefined>(
        (latest, row) => (latest && latest.from_revision > row.from_revision ? latest : row),
        undefined,
      );
    closeIntervals(rows.monitoring, event.data.effectiveDate, causeOf(event));
    openInterval(rows.monitoring, {
      ...opened(event),
      state,
      category: category ?? before!.category,
    });
  };
}

/** Every event type, so a new one must be placed here (tsc says so). */
const on: EveryHouseholdEvent<HistoryTables> = {
  HouseholdRegistered: (e, rows) =>
    openInterval(rows.status, {
      ...opened(e),
      status: e.data.registeredPoor ? 'POOR' : 'NON_POOR',
    }),
  PovertyExited: statusTo('EXITED'),
  ReturnedToPoverty: (e, rows) => {
    statusTo('POOR')(e, rows);
    closeIntervals(
      rows.monitoring,
      e.data.effectiveDate,
      causeOf(e),
      (row) => row.category === 'UNSTABLE_EXITED',
    );
  },
  HouseholdDeregistered: (e, rows) => {
    statusTo('DEREGISTERED')(e, rows);
    closeIntervals(rows.edge, e.data.effectiveDate, causeOf(e));
    closeIntervals(rows.monitoring, e.data.effectiveDate, causeOf(e));
  },
  EdgeHouseholdFlagged: (e, rows) => openInterval(rows.edge, opened(e)),
  EdgeHouseholdCleared: (e, rows) => closeIntervals(rows.edge, e.data.effectiveDate, causeOf(e)),
  MonitoringStarted: (e, rows) => monitoringTo('MONITORED', e.data.category)(e, rows),
  RiskEliminated: monitoringTo('ELIMINATED'),
  MonitoringReopened: monitoringTo('MONITORED'),
  MemberAdded: IGNORED,
  MemberRemoved: IGNORED,
  IncomeAssessed: IGNORED,
  AssistanceRecorded: IGNORED,
  VisitLogged: IGNORED,
  ProblemRecorded: IGNORED,
  ProblemRectified: IGNORED,
};

/**
 * Timelines of status, edge flag and monitoring, so that "as of any date" is a range query.
 */
export const householdHistoryProjection = householdProjection<HistoryTables>({
  name: 'household-history',
  // 2: bitemporal positions (from_position/to_position etc.) for reports as known at a position.
  version: 2,
  // A table's rows are loaded only for the events that close or read its intervals; opening
  // one needs nothing loaded (a replay's insert is skipped by its key).
  tables: {
    status: {
      shape: historyShape<StatusHistoryRow>(STATUS_HISTORY, 'status'),
      partition: 'household_id',
      loadFor: ['PovertyExited', 'ReturnedToPoverty', 'HouseholdDeregistered'],
    },
    edge: {
      shape: historyShape<EdgeHistoryRow>(EDGE_HISTORY),
      partition: 'household_id',
      loadFor: ['EdgeHouseholdCleared', 'HouseholdDeregistered'],
    },
    monitoring: {
      shape: historyShape<MonitoringHistoryRow>(MONITORING_HISTORY, 'state', 'category'),
      partition: 'household_id',
      loadFor: [
        'MonitoringStarted',
        'RiskEliminated',
        'MonitoringReopened',
        'ReturnedToPoverty',
        'HouseholdDeregistered',
      ],
    },
  },
  on,
  async migrate(db: Kysely<unknown>) {
    for (const table of [STATUS_HISTORY, EDGE_HISTORY, MONITORING_HISTORY]) {
      let create = addIntervalColumns(
        db.schema
          .createTable(table)
          .ifNotExists()
          .addColumn('household_id', 'text', (c) => c.notNull()),
      );
      if (table === STATUS_HISTORY) create = create.addColumn('status', 'text', (c) => c.notNull());
      if (table === MONITORING_HISTORY) {
        create = create
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull());
      }
      await create
        .addPrimaryKeyConstraint(`${table}_pk`, ['household_id', 'from_revision'])
        .execute();
      await createValidityIndex(db, table);
    }
  },
});
