/**
 * The batch path (`Projection.applyBatch`) against the reference path (`apply`, one event at a
 * time), for every household projection: the same tables whatever the batch boundaries, whatever
 * was applied before, and however often a batch is delivered.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProjectionRunner, SqliteEventStore, type RecordedEvent } from '#app/event-store';
import { householdProjections } from './index.js';
import {
  applyEvents,
  countyLog,
  dumpProjections,
  dumpTables,
  EventLog,
  openTempDb,
  type Dump,
  type TempDb,
} from './testing/projection-harness.js';

/** ~1,100 events over 120 households, every event type, streams interleaved. */
const LOG = countyLog(120);
const N = LOG.events.length;

let events: TempDb;
let store: SqliteEventStore;
let reference: Dump;
const open: TempDb[] = [];

/** A fresh read-model database fed from the shared event file. */
function runnerOn(db: TempDb, options: { batchSize: number; batchApply: boolean }) {
  return new ProjectionRunner(store, db.db, householdProjections, options);
}

function freshDb(): TempDb {
  const db = openTempDb('batch-apply-');
  open.push(db);
  return db;
}

beforeAll(async () => {
  events = openTempDb('batch-apply-events-');
  store = new SqliteEventStore(events.db);
  await store.init();
  for (const e of LOG.events) await store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
  const db = freshDb();
  const perEvent = runnerOn(db, { batchSize: 500, batchApply: false });
  await perEvent.init();
  expect(await perEvent.catchUp()).toBe(N);
  reference = await dumpProjections(db.db, householdProjections);
});

afterAll(async () => {
  for (const db of open.splice(0)) await db.close();
  await store.close();
  await events.close();
});

describe('applyBatch leaves the tables apply leaves', () => {
  it('the reference covers every table and event type', () => {
    const types = new Set(LOG.events.map((e) => e.type));
    for (const p of householdProjections) {
      expect(p.applyBatch).toBeDefined();
      for (const t of p.handles) expect(types.has(t)).toBe(true);
      for (const table of p.tables) expect(reference[table]!.length).toBeGreaterThan(0);
    }
  });

  it.each([1, 7, 100, 5000])('a catch-up in batches of %i', async (batchSize) => {
    const db = freshDb();
    const runner = runnerOn(db, { batchSize, batchApply: true });
    await runner.init();
    expect(await runner.catchUp()).toBe(N);
    expect(await dumpProjections(db.db, householdProjections)).toEqual(reference);
  });

  it('a replay over tables that already hold the log (checkpoint lost) changes nothing', async () => {
    for (const first of [true, false]) {
      const db = freshDb();
      const build = runnerOn(db, { batchSize: 300, batchApply: first });
      await build.init();
      await build.catchUp();
      await db.db.deleteFrom('projection_checkpoints').execute();
      const replay = runnerOn(db, { batchSize: 37, batchApply: true });
      await replay.init();
      expect(replay.position).toBe(0);
      expect(await replay.catchUp()).toBe(N);
      expect(await dumpProjections(db.db, householdProjections)).toEqual(reference);
    }
  });

  it('batches delivered twice and overlapping, straight to each projection', async () => {
    for (const projection of householdProjections) {
      const handled = (list: readonly RecordedEvent[]) =>
        list.filter((e) => projection.handles.has(e.type));
      const db = freshDb();
      await projection.migrate(db.db);
      // Windows of varying length, each starting up to 40 events before the previous one ended.
      let start = 0;
      for (let k = 1; start < N; k++) {
        const length = 1 + ((k * 37) % 250);
        const from = Math.max(0, start - ((k * 13) % 41));
        const window = handled(LOG.events.slice(from, start + length));
        for (let twice = 0; twice < 2; twice++) {
          await db.db.transaction().execute((trx) => projection.applyBatch!(trx, window));
        }
        start += length;
      }
      const perEvent = freshDb();
      await projection.migrate(perEvent.db);
      await applyEvents(perEvent.db, projection, LOG.events);
      const expected = await dumpTables(perEvent.db, projection.tables);
      expect(await dumpTables(db.db, projection.tables)).toEqual(expected);
      for (const table of projection.tables) expect(expected[table]).toEqual(reference[table]);
    }
  });

  it('one batch over tables that apply left part-way through the log', async () => {
    for (const projection of householdProjections) {
      const handled = (list: readonly RecordedEvent[]) =>
        list.filter((e) => projection.handles.has(e.type));
      for (const prefix of [1, Math.floor(N / 3), N - 1]) {
        const db = freshDb();
        await projection.migrate(db.db);
        await applyEvents(db.db, projection, LOG.events.slice(0, prefix));
        await db.db
          .transaction()
          .execute((trx) => projection.applyBatch!(trx, handled(LOG.events)));
        const expected = Object.fromEntries(projection.tables.map((t) => [t, reference[t]]));
        expect(await dumpTables(db.db, projection.tables)).toEqual(expected);
      }
    }
  });
});
