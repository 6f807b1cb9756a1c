import type { Kysely, Transaction } from 'kysely';
import {
  selectRowsWhereIn,
  writeRows,
  type Projection,
  type ProjectionBatch,
  type RecordedEvent,
  type TableShape,
} from '#app/event-store';
import {
  asHouseholdEvent,
  handlesOf,
  householdIdOf,
  type RecordedHouseholdEvent,
} from '../household-event.js';

export const FLOWS_TABLE = 'household_flows';

const FLOWS_SHAPE: TableShape = {
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

/**
 * One row per change of register status, edge flag or monitoring, with its effective date, the
 * global position it was recorded at (for reports as known at a position), and the monitoring
 * category or deregistration reason it concerns. Append-only: a row is keyed by its event.
 */
export const householdFlowsProjection: Projection = {
  name: 'household-flows',
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
  tables: [FLOWS_TABLE],
  async migrate(db: Kysely<any>) {
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
  batch: flowsBatch,
  async apply(trx: Transaction<any>, recorded: RecordedEvent) {
    const event = asHouseholdEvent(recorded);
    const householdId = householdIdOf(event);
    const flow = async (kind: FlowKind, extra: { category?: string; reason?: string } = {}) => {
      await trx
        .insertInto(FLOWS_TABLE)
        .values({
          household_id: householdId,
          revision: event.revision,
          position: event.position,
          kind,
          date: event.data.effectiveDate,
          category: extra.category ?? null,
          reason: extra.reason ?? null,
        })
        .onConflict((oc) => oc.columns(['household_id', 'revision']).doNothing())
        .execute();
    };
    /** Elimination and reopening concern the category monitoring started with. */
    const currentCategory = async (): Promise<string | undefined> => {
      const row = await trx
        .selectFrom(FLOWS_TABLE)
        .select('category')
        .where('household_id', '=', householdId)
        .where('kind', '=', 'MONITORING_STARTED')
        .where('revision', '<', event.revision)
        .orderBy('revision', 'desc')
        .limit(1)
        .executeTakeFirst();
      return (row?.category as string | null) ?? undefined;
    };
    switch (event.type) {
      case 'HouseholdRegistered':
        return flow(event.data.registeredPoor ? 'IDENTIFIED' : 'REGISTERED_NON_POOR');
      case 'PovertyExited':
        return flow('EXITED');
      case 'ReturnedToPoverty':
        return flow('RETURNED');
      case 'HouseholdDeregistered':
        return flow('DEREGISTERED', { reason: event.data.reason });
      case 'EdgeHouseholdFlagged':
        return flow('EDGE_FLAGGED');
      case 'EdgeHouseholdCleared':
        return flow('EDGE_CLEARED');
      case 'MonitoringStarted':
        return flow('MONITORING_STARTED', { category: event.data.category });
      case 'RiskEliminated':
        return flow('RISK_ELIMINATED', { category: await currentCategory() });
      case 'MonitoringReopened':
        return flow('MONITORING_REOPENED', { category: await currentCategory() });
      default:
        return;
    }
  },
};

interface FlowRow {
  household_id: string;
  revision: number;
  position: number;
  kind: FlowKind;
  date: string;
  category: string | null;
  reason: string | null;
}

/** The flow an event records, without the category an elimination or reopening looks up. */
function flowOf(
  event: RecordedHouseholdEvent,
): { kind: FlowKind; category?: string; reason?: string; lookUpCategory?: true } | undefined {
  switch (event.type) {
    case 'HouseholdRegistered':
      return { kind: event.data.registeredPoor ? 'IDENTIFIED' : 'REGISTERED_NON_POOR' };
    case 'PovertyExited':
      return { kind: 'EXITED' };
    case 'ReturnedToPoverty':
      return { kind: 'RETURNED' };
    case 'HouseholdDeregistered':
      return { kind: 'DEREGISTERED', reason: event.data.reason };
    case 'EdgeHouseholdFlagged':
      return { kind: 'EDGE_FLAGGED' };
    case 'EdgeHouseholdCleared':
      return { kind: 'EDGE_CLEARED' };
    case 'MonitoringStarted':
      return { kind: 'MONITORING_STARTED', category: event.data.category };
    case 'RiskEliminated':
      return { kind: 'RISK_ELIMINATED', lookUpCategory: true };
    case 'MonitoringReopened':
      return { kind: 'MONITORING_REOPENED', lookUpCategory: true };
    default:
      return undefined;
  }
}

/**
 * The batch path. Rows are insert-only: multi-row inserts that skip known keys, as they come.
 * Only the households with an elimination or reopening are loaded (once per batch), so that the
 * category lookup sees what `apply` would see: the stored rows and the ones inserted before it.
 */
function flowsBatch(trx: Transaction<any>): ProjectionBatch {
  /** Loaded households: their rows by revision, the stored ones winning over new ones. */
  const known = new Map<string, Map<number, FlowRow>>();
  return {
    async add(recorded) {
      const events = recorded.map(asHouseholdEvent);
      const missing = events
        .filter((e) => flowOf(e)?.lookUpCategory)
        .map(householdIdOf)
        .filter((id) => !known.has(id));
      for (const id of missing) known.set(id, new Map());
      for (const row of await selectRowsWhereIn<FlowRow>(
        trx,
        FLOWS_SHAPE,
        'household_id',
        missing,
      )) {
        known.get(row.household_id)!.set(Number(row.revision), row);
      }
      const rows: FlowRow[] = [];
      for (const event of events) {
        const flow = flowOf(event);
        if (!flow) continue;
        const householdId = householdIdOf(event);
        const rowsOfHousehold = known.get(householdId);
        let category = flow.category;
        if (flow.lookUpCategory) {
          let latest: FlowRow | undefined;
          for (const row of rowsOfHousehold!.values()) {
            if (row.kind !== 'MONITORING_STARTED' || row.revision >= event.revision) continue;
            if (!latest || row.revision > latest.revision) latest = row;
          }
          category = latest?.category ?? undefined;
        }
        const row: FlowRow = {
          household_id: householdId,
          revision: event.revision,
          position: event.position,
          kind: flow.kind,
          date: event.data.effectiveDate,
          category: category ?? null,
          reason: flow.reason ?? null,
        };
        rows.push(row);
        if (rowsOfHousehold && !rowsOfHousehold.has(row.revision)) {
          rowsOfHousehold.set(row.revision, row);
        }
      }
      await writeRows(trx, FLOWS_SHAPE, rows, 'ignore');
    },
    async flush() {},
  };
}
