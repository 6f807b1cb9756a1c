import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Kysely, Transaction } from 'kysely';
import { openSqlite, type SqliteHandle } from '#app/database';
import {
  eventByEvent,
  ProjectionRunner,
  readCheckpoint,
  SqliteEventStore,
  type Projection,
  type RecordedEvent,
} from '#app/event-store';
import { GetStatisticsQuery, householdProjections } from '#app/households';
import { GetStatisticsHandler } from '../../../../libs/households/src/read-models/statistics/statistics.query.js';
import {
  countyLog,
  dumpProjections,
  EventLog,
  type Dump,
} from '../../../../libs/households/src/read-models/testing/projection-harness.js';
import { DATABASE_FILE } from '../storage/embedded-storage.js';
import { rebuildProjections, type RebuildProgress } from './rebuild-projections.js';

/** ~1,400 events over 150 households; the last 60 are appended while the rebuild runs. */
const LOG = countyLog(150);
const LATE = 60;

const teardown: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

interface Live {
  dir: string;
  file: string;
  sqlite: SqliteHandle;
  store: SqliteEventStore;
  runner: ProjectionRunner;
  append(events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * What the API runs on the data directory: one connection, a store, and a runner following the
 * log (started), with the first part of the county log projected.
 */
async function liveApi(seeded: readonly RecordedEvent[]): Promise<Live> {
  const dir = mkdtempSync(join(tmpdir(), 'rebuild-'));
  teardown.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, DATABASE_FILE);
  const sqlite = openSqlite(file);
  teardown.push(() => sqlite.close());
  const store = new SqliteEventStore(sqlite.db, { pollIntervalMs: 20 });
  teardown.push(() => store.close());
  await store.init();
  const append = async (events: readonly RecordedEvent[]) => {
    for (const e of events) await store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
  };
  await append(seeded);
  const runner = new ProjectionRunner(store, sqlite.db, householdProjections, {
    retryDelayMs: 20,
  });
  teardown.push(() => runner.stop());
  await runner.init();
  runner.start();
  await runner.waitFor(seeded.length, 10_000);
  return { dir, file, sqlite, store, runner, append };
}

/** The whole log projected from scratch, one event at a time, in a database of its own. */
async function fromScratch(events: readonly RecordedEvent[]): Promise<Dump> {
  const dir = mkdtempSync(join(tmpdir(), 'rebuild-reference-'));
  teardown.push(() => rmSync(dir, { recursive: true, force: true }));
  const sqlite = openSqlite(join(dir, 'reference.sqlite'));
  teardown.push(() => sqlite.close());
  const store = new SqliteEventStore(sqlite.db);
  await store.init();
  for (const e of events) await store.append(e.streamId, [EventLog.toNewEvent(e)], 'any');
  const runner = new ProjectionRunner(store, sqlite.db, householdProjections, {
    batchApply: false,
  });
  await runner.init();
  await runner.catchUp();
  return dumpProjections(sqlite.db, householdProjections);
}

/** The tables and indexes of the read models, with their DDL. */
const indexesOf = (sqlite: SqliteHandle) =>
  sqlite.raw
    .prepare(
      `select type, name, tbl_name, sql from sqlite_master where tbl_name in (${householdProjections
        .flatMap((p) => p.tables)
        .map((t) => `'${t}'`)
        .join(', ')}) order by type, name`,
    )
    .all();

const statistics = (db: Kysely<any>) =>
  new GetStatisticsHandler(db).execute(new GetStatisticsQuery('2020-12-31'));

describe('rebuildProjections on the embedded SQLite file', () => {
  it('replays into fresh tables while the live runner and queries go on, then switches without losing appended events', async () => {
    const seeded = LOG.events.slice(0, LOG.events.length - LATE);
    const late = LOG.events.slice(LOG.events.length - LATE);
    const live = await liveApi(seeded);
    // Damage the served tables: only a rebuild (not the live runner) can repair this.
    await live.sqlite.db.updateTable('household_summary').set({ address: 'stale' }).execute();
    await live.sqlite.db.deleteFrom('visits').execute();
    const served = await dumpProjections(live.sqlite.db, householdProjections);
    const indexesBefore = indexesOf(live.sqlite);
    expect(indexesBefore.length).toBeGreaterThan(10);

    const progress: RebuildProgress[] = [];
    const reads: number[] = [];
    let next = 0;
    const result = await rebuildProjections({
      file: live.file,
      projections: householdProjections,
      batchSize: 100,
      async onProgress(p) {
        progress.push(p);
        // The API keeps serving the old tables: its query works and still sees the damage.
        const figures = await statistics(live.sqlite.db);
        reads.push(figures.position);
        const stale = await live.sqlite.db
          .selectFrom('household_summary')
          .select('address')
          .where('address', '=', 'stale')
          .limit(1)
          .execute();
        if (p.phase === 'build') expect(stale).toHaveLength(1);
        // Events keep coming in through the API: some during the build, one at the first switch
        // attempt, which must then notice it, catch up and try again.
        if (p.phase === 'build' && next < LATE - 1) {
          const until = Math.min(next + 10, LATE - 1);
          await live.append(late.slice(next, until));
          next = until;
        }
        if (p.phase === 'switch' && p.attempt === 1) {
          await live.append(late.slice(next));
          next = LATE;
        }
      },
    });

    expect(next).toBe(LATE);
    expect(result.position).toBe(LOG.events.length);
    expect(result.switchAttempts).toBe(2);
    expect(progress.filter((p) => p.phase === 'build').length).toBeGreaterThan(10);
    expect(reads.length).toBe(progress.length);
    // The checkpoint moves on, and the damaged tables are gone.
    expect(await readCheckpoint(live.sqlite.db)).toBe(LOG.events.length);
    const expected = await fromScratch(LOG.events);
    expect(expected).not.toEqual(served);
    expect(await dumpProjections(live.sqlite.db, householdProjections)).toEqual(expected);
    expect(result.rows.household_summary).toBe(expected.household_summary!.length);
    // The same schema: every table with its indexes, as the projections' migrate creates them.
    expect(indexesOf(live.sqlite)).toEqual(indexesBefore);

    // The live runner carries on from the new checkpoint: nothing applied twice, nothing lost.
    await live.runner.waitFor(LOG.events.length, 10_000);
    const one = LOG.events[0]!;
    const visit = {
      type: 'VisitLogged',
      data: { visitId: 'f0000000-0000-4000-8000-000000000001' },
    };
    const appended = await live.store.append(
      one.streamId,
      [
        {
          eventId: 'f0000000-0000-4000-8000-0000000000e1',
          type: visit.type,
          data: {
            ...visit.data,
            effectiveDate: '2021-01-05',
            cadre: '李干部',
            purpose: 'ROUTINE',
          },
        },
      ],
      'any',
    );
    await live.runner.waitFor(appended.position, 10_000);
    expect((await statistics(live.sqlite.db)).position).toBe(appended.position);
    expect(
      await live.sqlite.db
        .selectFrom('visits')
        .select('visit_id')
        .where('visit_id', '=', visit.data.visitId)
        .execute(),
    ).toHaveLength(1);
    expect(readdirSync(live.dir).filter((name) => name.includes('.rebuild'))).toEqual([]);
  });

  it('a rebuild that fails leaves the served tables as they were and no scratch file', async () => {
    const live = await liveApi(LOG.events.slice(0, 300));
    await live.runner.stop();
    const before = await dumpProjections(live.sqlite.db, householdProjections);
    const poisoned: Projection = {
      name: 'poisoned',
      handles: new Set(['VisitLogged']),
      tables: ['poisoned'],
      async migrate(db) {
        await db.schema.createTable('poisoned').ifNotExists().addColumn('n', 'integer').execute();
      },
      batch: eventByEvent(async (_trx: Transaction<any>, event: RecordedEvent) => {
        if (event.position > 200) throw new Error(`cannot project ${event.position}`);
      }),
    };

    await expect(
      rebuildProjections({
        file: live.file,
        projections: [...householdProjections, poisoned],
        batchSize: 50,
      }),
    ).rejects.toThrow(/cannot project/);

    expect(await dumpProjections(live.sqlite.db, householdProjections)).toEqual(before);
    expect(await readCheckpoint(live.sqlite.db)).toBe(300);
    expect(existsSync(`${live.file}.rebuild`)).toBe(false);
  });

  it('one rebuild at a time per database; a lock left by a process that is gone is taken over', async () => {
    const live = await liveApi(LOG.events.slice(0, 200));
    await live.runner.stop();
    const lock = `${live.file}.rebuild.lock`;
    let second: Promise<unknown> | undefined;
    const first = rebuildProjections({
      file: live.file,
      projections: householdProjections,
      batchSize: 50,
      onProgress() {
        second ??= rebuildProjections({
          file: live.file,
          projections: householdProjections,
        }).catch((error: unknown) => error);
      },
    });
    await expect(first).resolves.toMatchObject({ position: 200 });
    expect(String(await second)).toContain(`another rebuild is running (process ${process.pid}`);
    expect(existsSync(lock)).toBe(false);

    // A crashed rebuild's lock and scratch file: no such process any more.
    writeFileSync(lock, '2147483646');
    writeFileSync(`${live.file}.rebuild`, 'left over');
    await expect(
      rebuildProjections({ file: live.file, projections: householdProjections }),
    ).resolves.toMatchObject({ position: 200 });
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(`${live.file}.rebuild`)).toBe(false);
  });

  it('refuses a missing database file', async () => {
    await expect(
      rebuildProjections({ file: join(tmpdir(), 'no-such-dir', DATABASE_FILE), projections: [] }),
    ).rejects.toThrow(/no database file/);
  });
});
