import type { Kysely } from 'kysely';
import type { PartitionRows, TableShape } from '#app/event-store';
import type { DeregistrationReason, MonitoringCategory } from '../../domain/index.js';
import { householdProjection, type RecordedHouseholdEvent } from '../household-event.js';

export const FLOWS_TABLE = 'household_flows';

export interface FlowRow {
  household_id: string;
  revision: number;
  position: number;
  kind: FlowKind;
  date: string;
  category: MonitoringCategory | null;
  reason: DeregistrationReason | null;
}

const FLOWS_SHAPE: TableShape<FlowRow> = {
  table: FLOWS_TABLE,
  columns: ['household_id', 'revision', 'position', 'kind', 'date', 'category', 'reason'],
  key: ['household_id', 'revision'],
};

/** The kinds of change a year-end report counts as flows. */
export const FLOW_KINDS = [
  'IDENTIFIED',
  'REGISTERED_NON_POOR',
  'EXITED',
  'RETURNED',
  'DEREGISTERED',
  'EDGE_FLAGGED',
  'EDGE_CLEARED',
  'MONITORING_STARTED',
  'RISK_ELIMINATED',
  'MONITORING_REOPENED',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

type Flows = PartitionRows<FlowRow>;

/** Records the event's flow, unless a replay finds it recorded already. */
function flow(
  kind: FlowKind,
  event: RecordedHouseholdEvent,
  flows: Flows,
  extra: Partial<Pick<FlowRow, 'category' | 'reason'>> = {},
): void {
  flows.insert({
    household_id: event.householdId,
    revision: event.revision,
    position: event.position,
    kind,
    date: event.data.effectiveDate,
    category: extra.category ?? null,
    reason: extra.reason ?? null,
  });
}

/** Elimination and reopening concern the category the latest monitoring started with. */
function startedCategory(event: RecordedHouseholdEvent, flows: Flows): MonitoringCategory | null {
  let latest: FlowRow | undefined;
  for (const row of flows.all()) {
    if (row.kind !== 'MONITORING_STARTED' || row.revision >= event.revision) continue;
    if (!latest || row.revision > latest.revision) latest = row;
  }
  return latest?.category ?? null;
}

/**
 * One row per change of register status, edge flag or monitoring, with its effective date, the
 * global position it was recorded at (for reports as known at a position), and the monitoring
 * category or deregistration reason it concerns. Append-only: a row is keyed by its event.
 */
export const householdFlowsProjection = householdProjection<{ flows: FlowRow }>({
  name: 'household-flows',
  // Loaded only where a category is looked up; other flows are inserts skipped by their key.
  tables: {
    flows: {
      shape: FLOWS_SHAPE,
      partition: 'household_id',
      loadFor: ['RiskEliminated', 'MonitoringReopened'],
    },
  },
  on: {
    HouseholdRegistered: (e, { flows }) =>
      flow(e.data.registeredPoor ? 'IDENTIFIED' : 'REGISTERED_NON_POOR', e, flows),
    PovertyExited: (e, { flows }) => flow('EXITED', e, flows),
    ReturnedToPoverty: (e, { flows }) => flow('RETURNED', e, flows),
    HouseholdDeregistered: (e, { flows }) =>
      flow('DEREGISTERED', e, flows, { reason: e.data.reason }),
    EdgeHouseholdFlagged: (e, { flows }) => flow('EDGE_FLAGGED', e, flows),
    EdgeHouseholdCleared: (e, { flows }) => flow('EDGE_CLEARED', e, flows),
    MonitoringStarted: (e, { flows }) =>
      flow('MONITORING_STARTED', e, flows, { category: e.data.category }),
    RiskEliminated: (e, { flows }) =>
      flow('RISK_ELIMINATED', e, flows, { category: startedCategory(e, flows) }),
    MonitoringReopened: (e, { flows }) =>
      flow('MONITORING_REOPENED', e, flows, { category: startedCategory(e, flows) }),
  },
  async migrate(db: Kysely<unknown>) {
    await db.schema
      .createTable(FLOWS_TABLE)
      .ifNotExists()
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('reason', 'text')
      .addPrimaryKeyConstraint(`${FLOWS_TABLE}_pk`, ['household_id', 'revision'])
      .execute();
    await db.schema
      .createIndex(`${FLOWS_TABLE}_date`)
      .ifNotExists()
      .on(FLOWS_TABLE)
      .columns(['date', 'kind'])
      .execute();
  },
});
