/**
 * The batch path's SQL is the dialect's own: the same comparison as batch-apply.spec.ts, with the
 * read models in a real PostgreSQL (events stay in a SQLite file: the runner takes both apart).
 * CI has PostgreSQL on 127.0.0.1:5432; if it cannot be reached the tests fail with the reason.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { openPostgres } from '#app/database';
import { ProjectionRunner, SqliteEventStore } from '#app/event-store';
import { useTestDatabase } from '../../../../test/support/postgres.js';
import { householdProjections } from './index.js';
import type { ReadModels } from './read-models.js';
import {
  countyLog,
  dumpProjections,
  EventLog,
  openTempDb,
  type TempDb,
} from './testing/projection-harness.js';

const LOG = countyLog(60);
const database = useTestDatabase({ poolSize: 2 });

let events: TempDb;
let store: SqliteEventStore;

/** The read models' own connection, as production opens it, over a fresh schema. */
async function freshPostgres(): Promise<Kysely<ReadModels>> {
  const handle = database.closeAtEnd(
    openPostgres(database.url, { schema: database.freshSchema('batch_test'), poolSize: 2 }),
  );
  await handle.ensureSchema();
  return handle.db;
}

beforeAll(async () => {
  events = openTempDb('batch-apply-pg-events-');
  store = new SqliteEventStore(events.db);
  await store.init();
  for (const e of LOG.events) await store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
});

afterAll(async () => {
  await store?.close();
  await events?.close();
});

describe('the batch path on PostgreSQL', () => {
  it('leaves the tables the per-event path leaves, in one go and in batches', async () => {
    const perEventDb = await freshPostgres();
    const perEvent = new ProjectionRunner(store, perEventDb, householdProjections, {
      batchSize: 200,
      batchApply: false,
    });
    await perEvent.init();
    expect(await perEvent.catchUp()).toBe(LOG.events.length);
    const expected = await dumpProjections(perEventDb, householdProjections);
    for (const table of householdProjections.flatMap((p) => p.tables)) {
      expect(expected[table]!.length).toBeGreaterThan(0);
    }

    const batchDb = await freshPostgres();
    const batched = new ProjectionRunner(store, batchDb, householdProjections, {
      batchSize: 97,
    });
    await batched.init();
    expect(await batched.catchUp()).toBe(LOG.events.length);
    expect(await dumpProjections(batchDb, householdProjections)).toEqual(expected);

    // Replayed over the same tables in one unit of work: nothing changes.
    await batchDb.deleteFrom('projection_checkpoints').execute();
    const replay = new ProjectionRunner(store, batchDb, householdProjections);
    await replay.init();
    await replay.applyStream((after) => store.readAll({ after, limit: 250 }));
    expect(await dumpProjections(batchDb, householdProjections)).toEqual(expected);
  });
});
