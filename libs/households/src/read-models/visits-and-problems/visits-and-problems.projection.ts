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

export const VISITS_TABLE = 'visits';
export const PROBLEMS_TABLE = 'problems';

const VISITS_SHAPE: TableShape = {
  table: VISITS_TABLE,
  columns: [
    'visit_id',
    'household_id',
    'date',
    'cadre',
    'purpose',
    'notes',
    'income_check_fen',
    'revision',
    'position',
  ],
  key: ['visit_id'],
};

const PROBLEMS_SHAPE: TableShape = {
  table: PROBLEMS_TABLE,
  columns: [
    'problem_id',
    'household_id',
    'visit_id',
    'description',
    'found_on',
    'deadline',
    'rectified_on',
    'measures',
    'revision',
    'found_position',
    'rectified_position',
  ],
  key: ['problem_id'],
};

type Row = Record<string, unknown>;

function visitRow(event: RecordedHouseholdEvent & { type: 'VisitLogged' }): Row {
  const d = event.data;
  return {
    visit_id: d.visitId,
    household_id: householdIdOf(event),
    date: d.effectiveDate,
    cadre: d.cadre,
    purpose: d.purpose,
    notes: d.notes ?? null,
    income_check_fen: d.perCapitaIncomeCheckFen ?? null,
    revision: event.revision,
    position: event.position,
  };
}

function problemRow(event: RecordedHouseholdEvent & { type: 'ProblemRecorded' }): Row {
  const d = event.data;
  return {
    problem_id: d.problemId,
    household_id: householdIdOf(event),
    visit_id: d.visitId,
    description: d.description,
    found_on: d.effectiveDate,
    deadline: d.deadline,
    rectified_on: null,
    measures: null,
    revision: event.revision,
    found_position: event.position,
    rectified_position: null,
  };
}

/**
 * The batch path. Visits are insert-only: multi-row inserts that skip known ids, as they come.
 * Problems are also rectified, so each problem is loaded by id once per batch, changed in memory
 * as `apply` changes it (recorded once; rectified once, the first time) and written at flush.
 */
function visitsAndProblemsBatch(trx: Transaction<any>): ProjectionBatch {
  /** null: no such problem (yet). */
  const problems = new Map<string, Row | null>();
  const changed = new Set<Row>();
  return {
    async add(recorded) {
      const events = recorded.map(asHouseholdEvent);
      const visits: Row[] = [];
      const missing: string[] = [];
      for (const event of events) {
        if (event.type === 'VisitLogged') visits.push(visitRow(event));
        else if (event.type === 'ProblemRecorded' || event.type === 'ProblemRectified') {
          if (!problems.has(event.data.problemId)) missing.push(event.data.problemId);
        }
      }
      await writeRows(trx, VISITS_SHAPE, visits, 'ignore');
      for (const id of missing) problems.set(id, null);
      for (const row of await selectRowsWhereIn<Row>(trx, PROBLEMS_SHAPE, 'problem_id', missing)) {
        problems.set(row.problem_id as string, row);
      }
      for (const event of events) {
        if (event.type === 'ProblemRecorded') {
          if (problems.get(event.data.problemId)) continue;
          const row = problemRow(event);
          problems.set(event.data.problemId, row);
          changed.add(row);
        } else if (event.type === 'ProblemRectified') {
          const row = problems.get(event.data.problemId);
          if (!row || row.rectified_on !== null) continue;
          row.rectified_on = event.data.effectiveDate;
          row.measures = event.data.measures;
          row.rectified_position = event.position;
          changed.add(row);
        }
      }
    },
    async flush() {
      await writeRows(trx, PROBLEMS_SHAPE, [...changed], 'update');
      changed.clear();
    },
  };
}

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
    // Covering index for the year's visits by purpose and the review campaign (year-end report).
    await db.schema
      .createIndex('visits_by_purpose')
      .ifNotExists()
      .on(VISITS_TABLE)
      .columns(['date', 'purpose', 'household_id', 'position'])
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
    switch (event.type) {
      case 'VisitLogged':
        await trx
          .insertInto(VISITS_TABLE)
          .values(visitRow(event))
          .onConflict((oc) => oc.column('visit_id').doNothing())
          .execute();
        return;
      case 'ProblemRecorded':
        await trx
          .insertInto(PROBLEMS_TABLE)
          .values(problemRow(event))
          .onConflict((oc) => oc.column('problem_id').doNothing())
          .execute();
        return;
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
  batch: visitsAndProblemsBatch,
};
