/**
 * The batch path (`Projection.batch`) against the reference path (`apply`, one event at a time),
 * for every household projection: the same tables whatever the batch boundaries, whatever was
 * applied before, however often a batch is delivered, and however many chunks one unit of work
 * takes before it flushes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import {
  ProjectionRunner,
  SqliteEventStore,
  type Projection,
  type RecordedEvent,
} from '#app/event-store';
import { householdProjections } from './index.js';
import type { ReadModels } from './read-models.js';
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

/** One unit of work of the projection over the chunks (only the events it handles), one flush. */
async function viaBatch(
  db: Kysely<ReadModels>,
  projection: Projection,
  chunks: readonly (readonly RecordedEvent[])[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const batch = projection.batch!(trx);
    for (const chunk of chunks)
      await batch.add(chunk.filter((e) => projection.handles.has(e.type)));
    await batch.flush();
  });
}

/** Windows of varying length, each starting up to 40 events before the previous one ended. */
function overlappingWindows(): RecordedEvent[][] {
  const windows: RecordedEvent[][] = [];
  let start = 0;
  for (let k = 1; start < N; k++) {
    const length = 1 + ((k * 37) % 250);
    const from = Math.max(0, start - ((k * 13) % 41));
    windows.push(LOG.events.slice(from, start + length));
    start += length;
  }
  return windows;
}

describe('the batch path leaves the tables apply leaves', () => {
  it('the reference covers every table and event type', () => {
    const types = new Set(LOG.events.map((e) => e.type));
    for (const p of householdProjections) {
      expect(p.batch).toBeDefined();
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

  it('a stream of batches in one transaction (the scratch build of a rebuild)', async () => {
    for (const flushEvery of [100, 100_000]) {
      const db = freshDb();
      const runner = runnerOn(db, { batchSize: 1, batchApply: true });
      await runner.init();
      const reached = await runner.applyStream((after) => store.readAll({ after, limit: 77 }), {
        flushEvery,
      });
      expect(reached).toBe(N);
      expect(await dumpProjections(db.db, householdProjections)).toEqual(reference);
    }
  });

  it('batches delivered twice and overlapping, each in its own unit of work or all in one', async () => {
    for (const projection of householdProjections) {
      const perEvent = freshDb();
      await projection.migrate(perEvent.db);
      await applyEvents(perEvent.db, projection, LOG.events);
      const expected = await dumpTables(perEvent.db, projection.tables);
      for (const table of projection.tables) expect(expected[table]).toEqual(reference[table]);

      const separate = freshDb();
      await projection.migrate(separate.db);
      for (const window of overlappingWindows()) {
        await viaBatch(separate.db, projection, [window]);
        await viaBatch(separate.db, projection, [window]);
      }
      expect(await dumpTables(separate.db, projection.tables)).toEqual(expected);

      const together = freshDb();
      await projection.migrate(together.db);
      await viaBatch(
        together.db,
        projection,
        overlappingWindows().flatMap((window) => [window, window]),
      );
      expect(await dumpTables(together.db, projection.tables)).toEqual(expected);
    }
  });

  it('one unit of work over tables that apply left part-way through the log', async () => {
    for (const projection of householdProjections) {
      for (const prefix of [1, Math.floor(N / 3), N - 1]) {
        const db = freshDb();
        await projection.migrate(db.db);
        await applyEvents(db.db, projection, LOG.events.slice(0, prefix));
        await viaBatch(db.db, projection, [LOG.events.slice(0, 500), LOG.events]);
        const expected = Object.fromEntries(projection.tables.map((t) => [t, reference[t]]));
        expect(await dumpTables(db.db, projection.tables)).toEqual(expected);
      }
    }
  });
});
