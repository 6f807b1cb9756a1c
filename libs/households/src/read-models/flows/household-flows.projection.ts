import type { Kysely, Transaction } from 'kysely';
import type { Projection, RecordedEvent } from '#app/event-store';
import { asHouseholdEvent, handlesOf, householdIdOf } from '../household-event.js';

export const FLOWS_TABLE = 'household_flows';

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
