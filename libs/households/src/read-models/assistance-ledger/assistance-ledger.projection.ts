import type { Kysely } from 'kysely';
import type { TableShape } from '#app/event-store';
import type { AssistanceCategory } from '../../domain/index.js';
import { householdProjection } from '../household-event.js';

export const ASSISTANCE_TABLE = 'assistance_ledger';

/** One assistance measure; amounts in integer fen. */
export interface AssistanceRow {
  assistance_id: string;
  household_id: string;
  category: AssistanceCategory;
  amount_fen: number;
  people_reached: number;
  date: string;
  programme: string | null;
  revision: number;
  position: number;
}

const ASSISTANCE_SHAPE: TableShape<AssistanceRow> = {
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

/** Every assistance measure delivered, one row each, amounts in integer fen. */
export const assistanceLedgerProjection = householdProjection<{ ledger: AssistanceRow }>({
  name: 'assistance-ledger',
  // Insert-only: never read back; a replayed record is skipped by its id.
  tables: { ledger: { shape: ASSISTANCE_SHAPE } },
  on: {
    AssistanceRecorded: (e, { ledger }) =>
      ledger.insert({
        assistance_id: e.data.assistanceId,
        household_id: e.householdId,
        category: e.data.category,
        amount_fen: e.data.amountFen,
        people_reached: e.data.peopleReached,
        date: e.data.effectiveDate,
        programme: e.data.programme ?? null,
        revision: e.revision,
        position: e.position,
      }),
  },
  async migrate(db: Kysely<unknown>) {
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
});
