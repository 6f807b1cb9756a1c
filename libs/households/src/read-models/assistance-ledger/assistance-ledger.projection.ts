import type { Kysely, Transaction } from 'kysely';
import { writeRows, type Projection, type RecordedEvent, type TableShape } from '#app/event-store';
import {
  asHouseholdEvent,
  handlesOf,
  householdIdOf,
  type RecordedHouseholdEvent,
} from '../household-event.js';

export const ASSISTANCE_TABLE = 'assistance_ledger';

const ASSISTANCE_SHAPE: TableShape = {
  table: ASSISTANCE_TABLE,
  columns: [
    'assistance_id',
    'household_id',
    'category',
    'amount_fen',
    'people_reached',
    'date',
    'programme',
    'revision',
    'position',
  ],
  key: ['assistance_id'],
};

function ledgerRow(event: RecordedHouseholdEvent): Record<string, unknown> | undefined {
  if (event.type !== 'AssistanceRecorded') return undefined;
  const d = event.data;
  return {
    assistance_id: d.assistanceId,
    household_id: householdIdOf(event),
    category: d.category,
    amount_fen: d.amountFen,
    people_reached: d.peopleReached,
    date: d.effectiveDate,
    programme: d.programme ?? null,
    revision: event.revision,
    position: event.position,
  };
}

/** Every assistance measure delivered, one row each, amounts in integer fen. */
export const assistanceLedgerProjection: Projection = {
  name: 'assistance-ledger',
  handles: handlesOf('AssistanceRecorded'),
  tables: [ASSISTANCE_TABLE],
  async migrate(db: Kysely<any>) {
    await db.schema
      .createTable(ASSISTANCE_TABLE)
      .ifNotExists()
      .addColumn('assistance_id', 'text', (c) => c.primaryKey())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('amount_fen', 'bigint', (c) => c.notNull())
      .addColumn('people_reached', 'integer', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('programme', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('assistance_ledger_date')
      .ifNotExists()
      .on(ASSISTANCE_TABLE)
      .columns(['date'])
      .execute();
    // Covering index for the year's totals by category (statistics, the year-end report).
    await db.schema
      .createIndex('assistance_ledger_totals')
      .ifNotExists()
      .on(ASSISTANCE_TABLE)
      .columns(['date', 'category', 'household_id', 'amount_fen', 'people_reached', 'position'])
      .execute();
    await db.schema
      .createIndex('assistance_ledger_household')
      .ifNotExists()
      .on(ASSISTANCE_TABLE)
      .columns(['household_id', 'date'])
      .execute();
  },
  async apply(trx: Transaction<any>, recorded: RecordedEvent) {
    const row = ledgerRow(asHouseholdEvent(recorded));
    if (!row) return;
    await trx
      .insertInto(ASSISTANCE_TABLE)
      .values(row)
      .onConflict((oc) => oc.column('assistance_id').doNothing())
      .execute();
  },
  /** Insert-only, so the batch path needs no reads: multi-row inserts that skip known ids. */
  batch(trx: Transaction<any>) {
    return {
      async add(events: readonly RecordedEvent[]) {
        const rows = events.map((e) => ledgerRow(asHouseholdEvent(e)));
        await writeRows(
          trx,
          ASSISTANCE_SHAPE,
          rows.filter((row) => row !== undefined),
          'ignore',
        );
      },
      async flush() {},
    };
  },
};
