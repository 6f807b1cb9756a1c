import type { Kysely } from 'kysely';
import type { TableShape } from '#app/event-store';
import type { VisitPurpose } from '../../domain/index.js';
import { householdProjection } from '../household-event.js';

export const VISITS_TABLE = 'visits';
export const PROBLEMS_TABLE = 'problems';

export interface VisitRow {
  visit_id: string;
  household_id: string;
  date: string;
  cadre: string;
  purpose: VisitPurpose;
  notes: string | null;
  income_check_fen: number | null;
  revision: number;
  position: number;
}

/** A problem found on a visit; bitemporal: when the finding and the rectification were logged. */
export interface ProblemRow {
  problem_id: string;
  household_id: string;
  visit_id: string;
  description: string;
  found_on: string;
  deadline: string;
  rectified_on: string | null;
  measures: string | null;
  revision: number;
  found_position: number;
  rectified_position: number | null;
}

const VISITS_SHAPE: TableShape<VisitRow> = {
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

const PROBLEMS_SHAPE: TableShape<ProblemRow> = {
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

/** Visits, and the problems found on them with their deadlines and rectification. */
export const visitsAndProblemsProjection = householdProjection<{
  visits: VisitRow;
  problems: ProblemRow;
}>({
  name: 'visits-and-problems',
  // 2: bitemporal positions (from_position/to_position etc.) for reports as known at a position.
  version: 2,
  tables: {
    // Insert-only: never read back; a replayed visit is skipped by its id.
    visits: { shape: VISITS_SHAPE },
    // Rectified later: a rectification loads its household's problems.
    problems: { shape: PROBLEMS_SHAPE, partition: 'household_id', loadFor: ['ProblemRectified'] },
  },
  on: {
    VisitLogged: (e, { visits }) =>
      visits.insert({
        visit_id: e.data.visitId,
        household_id: e.householdId,
        date: e.data.effectiveDate,
        cadre: e.data.cadre,
        purpose: e.data.purpose,
        notes: e.data.notes ?? null,
        income_check_fen: e.data.perCapitaIncomeCheckFen ?? null,
        revision: e.revision,
        position: e.position,
      }),
    ProblemRecorded: (e, { problems }) =>
      problems.insert({
        problem_id: e.data.problemId,
        household_id: e.householdId,
        visit_id: e.data.visitId,
        description: e.data.description,
        found_on: e.data.effectiveDate,
        deadline: e.data.deadline,
        rectified_on: null,
        measures: null,
        revision: e.revision,
        found_position: e.position,
        rectified_position: null,
      }),
    // Rectified once, the first time.
    ProblemRectified: (e, { problems }) => {
      const problem = problems.find((p) => p.problem_id === e.data.problemId);
      if (!problem || problem.rectified_on !== null) return;
      problems.update(problem, {
        rectified_on: e.data.effectiveDate,
        measures: e.data.measures,
        rectified_position: e.position,
      });
    },
  },
  async migrate(db: Kysely<unknown>) {
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
});
