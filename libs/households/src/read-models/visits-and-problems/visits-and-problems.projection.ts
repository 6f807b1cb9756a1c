import type { Kysely, Transaction } from 'kysely';
import type { Projection, RecordedEvent } from '#app/event-store';
import { asHouseholdEvent, handlesOf, householdIdOf } from '../household-event.js';

export const VISITS_TABLE = 'visits';
export const PROBLEMS_TABLE = 'problems';

/** Visits, and the problems found on them with their deadlines and rectification. */
export const visitsAndProblemsProjection: Projection = {
  name: 'visits-and-problems',
  // 2: bitemporal positions (from_position/to_position etc.) for reports as known at a position.
  version: 2,
  handles: handlesOf('VisitLogged', 'ProblemRecorded', 'ProblemRectified'),
  tables: [VISITS_TABLE, PROBLEMS_TABLE],
  async migrate(db: Kysely<any>) {
    await db.schema
      .createTable(VISITS_TABLE)
      .ifNotExists()
      .addColumn('visit_id', 'text', (c) => c.primaryKey())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('cadre', 'text', (c) => c.notNull())
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('notes', 'text')
      .addColumn('income_check_fen', 'bigint')
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('visits_date')
      .ifNotExists()
      .on(VISITS_TABLE)
      .columns(['date'])
      .execute();
    await db.schema
      .createIndex('visits_household')
      .ifNotExists()
      .on(VISITS_TABLE)
      .columns(['household_id', 'date'])
      .execute();
    await db.schema
      .createTable(PROBLEMS_TABLE)
      .ifNotExists()
      .addColumn('problem_id', 'text', (c) => c.primaryKey())
      .addColumn('household_id', 'text', (c) => c.notNull())
      .addColumn('visit_id', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('found_on', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('rectified_on', 'text')
      .addColumn('measures', 'text')
      .addColumn('revision', 'integer', (c) => c.notNull())
      // Bitemporal: when the finding and the rectification entered the log.
      .addColumn('found_position', 'bigint', (c) => c.notNull())
      .addColumn('rectified_position', 'bigint')
      .execute();
    await db.schema
      .createIndex('problems_found')
      .ifNotExists()
      .on(PROBLEMS_TABLE)
      .columns(['found_on'])
      .execute();
    await db.schema
      .createIndex('problems_household')
      .ifNotExists()
      .on(PROBLEMS_TABLE)
      .columns(['household_id'])
      .execute();
  },
  async apply(trx: Transaction<any>, recorded: RecordedEvent) {
    const event = asHouseholdEvent(recorded);
    const householdId = householdIdOf(event);
    switch (event.type) {
      case 'VisitLogged': {
        const d = event.data;
        await trx
          .insertInto(VISITS_TABLE)
          .values({
            visit_id: d.visitId,
            household_id: householdId,
            date: d.effectiveDate,
            cadre: d.cadre,
            purpose: d.purpose,
            notes: d.notes ?? null,
            income_check_fen: d.perCapitaIncomeCheckFen ?? null,
            revision: event.revision,
            position: event.position,
          })
          .onConflict((oc) => oc.column('visit_id').doNothing())
          .execute();
        return;
      }
      case 'ProblemRecorded': {
        const d = event.data;
        await trx
          .insertInto(PROBLEMS_TABLE)
          .values({
            problem_id: d.problemId,
            household_id: householdId,
            visit_id: d.visitId,
            description: d.description,
            found_on: d.effectiveDate,
            deadline: d.deadline,
            rectified_on: null,
            measures: null,
            revision: event.revision,
            found_position: event.position,
            rectified_position: null,
          })
          .onConflict((oc) => oc.column('problem_id').doNothing())
          .execute();
        return;
      }
      case 'ProblemRectified':
        await trx
          .updateTable(PROBLEMS_TABLE)
          .set({
            rectified_on: event.data.effectiveDate,
            measures: event.data.measures,
            rectified_position: event.position,
          })
          .where('problem_id', '=', event.data.problemId)
          .where('rectified_on', 'is', null)
          .execute();
        return;
      default:
        return;
    }
  },
};
