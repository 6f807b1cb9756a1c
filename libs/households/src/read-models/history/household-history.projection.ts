import type { Kysely, Transaction } from 'kysely';
import type { Projection, RecordedEvent } from '#app/event-store';
import { asHouseholdEvent, handlesOf, householdIdOf } from '../household-event.js';
import {
  addIntervalColumns,
  closeIntervals,
  createValidityIndex,
  openInterval,
} from './intervals.js';

export const STATUS_HISTORY = 'status_history';
export const EDGE_HISTORY = 'edge_history';
export const MONITORING_HISTORY = 'monitoring_history';

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
};
