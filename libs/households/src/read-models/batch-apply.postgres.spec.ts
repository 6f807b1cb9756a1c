/**
 * The batch path's SQL is the dialect's own: the same comparison as batch-apply.spec.ts, with the
 * read models in a real PostgreSQL (events stay in a SQLite file: the runner takes both apart).
 * CI has PostgreSQL on 127.0.0.1:5432; if it cannot be reached the tests fail with the reason.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { ProjectionRunner, SqliteEventStore } from '#app/event-store';
import { householdProjections } from './index.js';
import {
  countyLog,
  dumpProjections,
  EventLog,
  openTempDb,
  type TempDb,
} from './testing/projection-harness.js';

const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LOG = countyLog(60);

let events: TempDb;
let store: SqliteEventStore;
let admin: pg.Pool;
const schemas: string[] = [];
const dbs: Kysely<any>[] = [];

/** A Kysely over a fresh schema of its own (every connection's search_path points at it). */
async function freshPostgres(): Promise<Kysely<any>> {
  const schema = `batch_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  schemas.push(schema);
  await admin.query(`create schema ${schema}`);
  const db = new Kysely<any>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({
        connectionString: POSTGRES_URL,
        max: 2,
        options: `-c search_path=${schema}`,
      }),
    }),
  });
  dbs.push(db);
  return db;
}

beforeAll(async () => {
  admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 2, connectionTimeoutMillis: 5_000 });
  admin.on('error', () => undefined);
  try {
    await admin.query('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL at ${POSTGRES_URL} is unreachable (set TEST_POSTGRES_URL to another server): ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
  events = openTempDb('batch-apply-pg-events-');
  store = new SqliteEventStore(events.db);
  await store.init();
  for (const e of LOG.events) await store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
});

afterAll(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
  for (const schema of schemas.splice(0)) {
    await admin.query(`drop schema if exists ${schema} cascade`);
  }
  await admin?.end();
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
