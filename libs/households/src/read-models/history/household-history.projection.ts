import type { Kysely, Transaction } from 'kysely';
import type { Projection, ProjectionBatch, RecordedEvent, TableShape } from '#app/event-store';
import {
  asHouseholdEvent,
  handlesOf,
  householdIdOf,
  type RecordedHouseholdEvent,
} from '../household-event.js';
import {
  addIntervalColumns,
  closeIntervals,
  createValidityIndex,
  INTERVAL_COLUMNS,
  IntervalRows,
  openInterval,
  type IntervalKey,
} from './intervals.js';

export const STATUS_HISTORY = 'status_history';
export const EDGE_HISTORY = 'edge_history';
export const MONITORING_HISTORY = 'monitoring_history';

const historyShape = (table: string, ...values: string[]): TableShape => ({
  table,
  columns: ['household_id', ...INTERVAL_COLUMNS, ...values],
  key: ['household_id', 'from_revision'],
});
const STATUS_SHAPE = historyShape(STATUS_HISTORY, 'status');
const EDGE_SHAPE = historyShape(EDGE_HISTORY);
const MONITORING_SHAPE = historyShape(MONITORING_HISTORY, 'state', 'category');

type HistoryRow = IntervalKey & Record<string, unknown>;

/** Which of the three tables each event changes (the batch path loads only those). */
const TABLES_OF: Record<string, readonly string[]> = {
  HouseholdRegistered: [STATUS_HISTORY],
  PovertyExited: [STATUS_HISTORY],
  ReturnedToPoverty: [STATUS_HISTORY, MONITORING_HISTORY],
  HouseholdDeregistered: [STATUS_HISTORY, EDGE_HISTORY, MONITORING_HISTORY],
  EdgeHouseholdFlagged: [EDGE_HISTORY],
  EdgeHouseholdCleared: [EDGE_HISTORY],
  MonitoringStarted: [MONITORING_HISTORY],
  RiskEliminated: [MONITORING_HISTORY],
  MonitoringReopened: [MONITORING_HISTORY],
};

/**
 * The batch path: the same changes as `apply`, event by event, on the touched households' rows
 * held in memory, then one write per changed row at flush.
 */
function historyBatch(trx: Transaction<any>): ProjectionBatch {
  const tables = {
    [STATUS_HISTORY]: new IntervalRows<HistoryRow>(STATUS_SHAPE),
    [EDGE_HISTORY]: new IntervalRows<HistoryRow>(EDGE_SHAPE),
    [MONITORING_HISTORY]: new IntervalRows<HistoryRow>(MONITORING_SHAPE),
  };
  return {
    async add(recorded) {
      const events = recorded.map(asHouseholdEvent);
      for (const [table, rows] of Object.entries(tables)) {
        const touched = events.filter((e) => TABLES_OF[e.type]?.includes(table));
        await rows.load(trx, touched.map(householdIdOf));
      }
      for (const event of events) applyInMemory(tables, event);
    },
    async flush() {
      for (const rows of Object.values(tables)) await rows.flush(trx);
    },
  };
}

function applyInMemory(
  tables: Record<string, IntervalRows<HistoryRow>>,
  event: RecordedHouseholdEvent,
): void {
  const [status, edge, monitoring] = [
    tables[STATUS_HISTORY]!,
    tables[EDGE_HISTORY]!,
    tables[MONITORING_HISTORY]!,
  ];
  const id = householdIdOf(event);
  const rev = event.revision;
  const pos = event.position;
  const by = { revision: rev, position: pos };
  const on = event.data.effectiveDate;
  const opened = { household_id: id, from_revision: rev, from_position: pos, valid_from: on };
  const statusTo = (next: string) => {
    status.close(id, on, by);
    status.open({ ...opened, status: next });
  };
  const monitoringTo = (state: string, category?: string) => {
    let current: HistoryRow | undefined;
    for (const row of monitoring.rowsOf(id)) {
      if (row.from_revision < rev && (!current || row.from_revision > current.from_revision)) {
        current = row;
      }
    }
    monitoring.close(id, on, by);
    monitoring.open({ ...opened, state, category: category ?? (current?.category as string) });
  };
  switch (event.type) {
    case 'HouseholdRegistered':
      return status.open({ ...opened, status: event.data.registeredPoor ? 'POOR' : 'NON_POOR' });
    case 'PovertyExited':
      return statusTo('EXITED');
    case 'ReturnedToPoverty':
      statusTo('POOR');
      return monitoring.close(id, on, by, { category: 'UNSTABLE_EXITED' });
    case 'HouseholdDeregistered':
      statusTo('DEREGISTERED');
      edge.close(id, on, by);
      return monitoring.close(id, on, by);
    case 'EdgeHouseholdFlagged':
      return edge.open(opened);
    case 'EdgeHouseholdCleared':
      return edge.close(id, on, by);
    case 'MonitoringStarted':
      return monitoringTo('MONITORED', event.data.category);
    case 'RiskEliminated':
      return monitoringTo('ELIMINATED');
    case 'MonitoringReopened':
      return monitoringTo('MONITORED');
    default:
      return;
  }
}

/**
 * Timelines of status, edge flag and monitoring, so that "as of any date" is a range query.
 */
export const householdHistoryProjection: Projection = {
  name: 'household-history',
  // 2: bitemporal positions (from_position/to_position etc.) for reports as known at a position.
  version: 2,
  handles: handlesOf(
    'HouseholdRegistered',
    'PovertyExited',
    'ReturnedToPoverty',
    'HouseholdDeregistered',
    'EdgeHouseholdFlagged',
    'EdgeHouseholdCleared',
    'MonitoringStarted',
    'RiskEliminated',
    'MonitoringReopened',
  ),
  tables: [STATUS_HISTORY, EDGE_HISTORY, MONITORING_HISTORY],
  async migrate(db: Kysely<any>) {
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
  async apply(trx: Transaction<any>, recorded: RecordedEvent) {
    const event = asHouseholdEvent(recorded);
    const id = householdIdOf(event);
    const rev = event.revision;
    const pos = event.position;
    const by = { revision: rev, position: pos };
    const on = event.data.effectiveDate;
    const status = async (next: string) => {
      await closeIntervals(trx, STATUS_HISTORY, id, on, by);
      await openInterval(trx, STATUS_HISTORY, {
        household_id: id,
        from_revision: rev,
        from_position: pos,
        valid_from: on,
        status: next,
      });
    };
    const monitoring = async (state: string, category?: string) => {
      const current = await trx
        .selectFrom(MONITORING_HISTORY)
        .select('category')
        .where('household_id', '=', id)
        .where('from_revision', '<', rev)
        .orderBy('from_revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      await closeIntervals(trx, MONITORING_HISTORY, id, on, by);
      await openInterval(trx, MONITORING_HISTORY, {
        household_id: id,
        from_revision: rev,
        from_position: pos,
        valid_from: on,
        state,
        category: category ?? (current?.category as string),
      });
    };
    switch (event.type) {
      case 'HouseholdRegistered':
        return openInterval(trx, STATUS_HISTORY, {
          household_id: id,
          from_revision: rev,
          from_position: pos,
          valid_from: on,
          status: event.data.registeredPoor ? 'POOR' : 'NON_POOR',
        });
      case 'PovertyExited':
        return status('EXITED');
      case 'ReturnedToPoverty':
        await status('POOR');
        return closeIntervals(trx, MONITORING_HISTORY, id, on, by, {
          category: 'UNSTABLE_EXITED',
        });
      case 'HouseholdDeregistered':
        await status('DEREGISTERED');
        await closeIntervals(trx, EDGE_HISTORY, id, on, by);
        return closeIntervals(trx, MONITORING_HISTORY, id, on, by);
      case 'EdgeHouseholdFlagged':
        return openInterval(trx, EDGE_HISTORY, {
          household_id: id,
          from_revision: rev,
          from_position: pos,
          valid_from: on,
        });
      case 'EdgeHouseholdCleared':
        return closeIntervals(trx, EDGE_HISTORY, id, on, by);
      case 'MonitoringStarted':
        return monitoring('MONITORED', event.data.category);
      case 'RiskEliminated':
        return monitoring('ELIMINATED');
      case 'MonitoringReopened':
        return monitoring('MONITORED');
      default:
        return;
    }
  },
  batch: historyBatch,
};
