import 'reflect-metadata';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '#app/database';
import { ProjectionRunner, SqliteEventStore, type RecordedEvent } from '#app/event-store';
import { householdProjections } from '#app/households';
import { rebuildProjections } from '#app/runtime';
import { loadCountyLog } from './county-log.js';

/*
 * Projection rebuild speed against the raw limit of the same events table:
 *
 *   npm run build && node dist/bench/rebuild.js [households=16000] [database-file]
 *   REBUILD_BENCH_DB=data-demo/poverty-monitor.sqlite node dist/bench/rebuild.js
 *
 * For a generated county log (countyLog(households) of the read-side test harness) and, when a
 * database file is given (e.g. the demo county's), for the events in that file, it prints:
 * - raw sequential read: a prepared SELECT of the events in position order (rows only), and
 *   SqliteEventStore.readAll in batches (what a rebuild reads, JSON parsed) — the raw limit;
 * - the runner's catch-up from position 0 into empty tables on the database file, through
 *   `apply` one event at a time (the path before the batch API), through the projections'
 *   `batch` (a transaction per batch, as the API's runner does), and in one transaction
 *   (`applyStream`, rows written about once);
 * - rebuild-projections: replay into a scratch file, then the switch (its write-lock time too).
 * The given file is only read: its events are copied into temp files first.
 * Besides wall-clock rates it prints events per CPU-second, steadier on a shared machine.
 * REBUILD_BENCH_RUNS=n keeps the best of n runs of each rebuild.
 */

const READ_BATCH = 5000;
const RUNS = Number(process.env.REBUILD_BENCH_RUNS ?? 1);

interface Timing {
  seconds: number;
  cpuSeconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timing & { value: T }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/** A file holding only the events, appended through the store in runs of one stream. */
async function eventsFileFromLog(file: string, events: readonly RecordedEvent[]): Promise<void> {
  const sqlite = openSqlite(file);
  const store = new SqliteEventStore(sqlite.db);
  await store.init();
  for (let i = 0; i < events.length;) {
    let j = i + 1;
    while (j < events.length && events[j]!.streamId === events[i]!.streamId) j++;
    await store.append(
      events[i]!.streamId,
      events.slice(i, j).map((e) => ({
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: e.metadata,
      })),
      'any',
    );
    i = j;
  }
  await store.close();
  await sqlite.close();
}

/** A file holding only the events of `given`, copied row for row (positions kept). */
async function eventsFileFromDatabase(file: string, given: string): Promise<void> {
  const sqlite = openSqlite(file);
  const store = new SqliteEventStore(sqlite.db);
  await store.init();
  sqlite.raw.prepare('attach database ? as given').run(given);
  sqlite.raw.exec('insert into main.events select * from given.events order by position');
  sqlite.raw.exec('detach database given');
  await store.close();
  await sqlite.close();
}

interface Row {
  name: string;
  events: number;
  timing: Timing;
  note?: string;
}

async function measure(title: string, eventsFile: string, dir: string): Promise<void> {
  const rows: Row[] = [];
  const sqlite = openSqlite(eventsFile);
  const { events, head } = sqlite.raw
    .prepare<[], { events: number; head: number }>(
      'select count(*) as events, max(position) as head from events',
    )
    .get()!;
  const select = sqlite.raw.prepare<[number, number], { position: number }>(
    'select position, event_id, stream_id, revision, type, schema_version, data, metadata from events where position > ? order by position limit ?',
  );
  rows.push({
    name: 'raw SELECT of the events table (rows only)',
    events,
    timing: await timed(async () => {
      for (let after = 0; ;) {
        const batch = select.all(after, READ_BATCH);
        if (batch.length === 0) return;
        after = batch[batch.length - 1]!.position;
      }
    }),
  });
  const store = new SqliteEventStore(sqlite.db);
  const readAll = await timed(async () => {
    for (let after = 0; ;) {
      const batch = await store.readAll({ after, limit: READ_BATCH });
      if (batch.length === 0) return;
      after = batch[batch.length - 1]!.position;
    }
  });
  rows.push({
    name: `SqliteEventStore.readAll (batches of ${READ_BATCH})`,
    events,
    timing: readAll,
  });
  await store.close();
  await sqlite.close();

  const best = async (run: (file: string) => Promise<{ timing: Timing; note?: string }>) => {
    let kept: { timing: Timing; note?: string } | undefined;
    for (let i = 0; i < RUNS; i++) {
      const file = join(dir, `run-${i}.sqlite`);
      copyFileSync(eventsFile, file);
      const outcome = await run(file);
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
      if (!kept || outcome.timing.seconds < kept.timing.seconds) kept = outcome;
    }
    return kept!;
  };
  const catchUp = (batchApply: boolean) => async (file: string) => {
    const db = openSqlite(file);
    const runnerStore = new SqliteEventStore(db.db);
    const runner = new ProjectionRunner(runnerStore, db.db, householdProjections, {
      ...(batchApply ? {} : { batchSize: 500 }),
      batchApply,
    });
    await runner.init();
    const timing = await timed(() => runner.catchUp());
    if (timing.value !== head) throw new Error(`catch-up reached ${timing.value}, not ${head}`);
    await runnerStore.close();
    await db.close();
    return { timing };
  };
  rows.push({
    name: 'runner catch-up, apply per event (batches of 500)',
    events,
    ...(await best(catchUp(false))),
  });
  rows.push({
    name: 'runner catch-up, batch path (batches of 5000)',
    events,
    ...(await best(catchUp(true))),
  });
  rows.push({
    name: 'runner applyStream, one transaction (main file)',
    events,
    ...(await best(async (file) => {
      // Reads through a second connection: the first one is inside the transaction.
      const db = openSqlite(file);
      const reader = openSqlite(file);
      const readerStore = new SqliteEventStore(reader.db);
      const runner = new ProjectionRunner(readerStore, db.db, householdProjections);
      await runner.init();
      const timing = await timed(() =>
        runner.applyStream((after) => readerStore.readAll({ after, limit: READ_BATCH })),
      );
      if (timing.value !== head) throw new Error(`stream reached ${timing.value}, not ${head}`);
      await readerStore.close();
      await reader.close();
      await db.close();
      return { timing };
    })),
  });
  rows.push({
    name: 'rebuild-projections: scratch build + switch',
    events,
    ...(await best(async (file) => {
      const timing = await timed(() =>
        rebuildProjections({ file, projections: householdProjections }),
      );
      const { buildMs, switchMs } = timing.value;
      return {
        timing,
        note: `build ${Math.round(events / (buildMs / 1000)).toLocaleString('en-US')} events/s, switch (write lock) ${Math.round(switchMs)} ms`,
      };
    })),
  });

  const rate = (n: number, s: number) =>
    Math.round(n / s)
      .toLocaleString('en-US')
      .padStart(9);
  console.log(`\n${title}: ${events.toLocaleString('en-US')} events`);
  console.log(
    `  ${'what'.padEnd(52)} ${'events/s'.padStart(9)} ${'per cpu-s'.padStart(9)}  vs readAll`,
  );
  for (const row of rows) {
    const ratio = readAll.seconds / row.timing.seconds;
    console.log(
      `  ${row.name.padEnd(52)} ${rate(row.events, row.timing.seconds)} ${rate(row.events, row.timing.cpuSeconds)}  ${ratio.toFixed(2).padStart(6)}`,
    );
    if (row.note) console.log(`    ${row.note}`);
  }
}

async function main(): Promise<void> {
  const households = Number(process.argv[2] ?? 16000);
  if (!Number.isInteger(households) || households < 1) {
    throw new Error(`households must be a positive integer, got ${process.argv[2]}`);
  }
  const given = process.argv[3] ?? process.env.REBUILD_BENCH_DB;
  if (given !== undefined && !existsSync(given)) throw new Error(`no such database file: ${given}`);
  const cpu = cpus();
  console.log(
    `projection rebuild — node ${process.version}, ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, best of ${RUNS}`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bench-rebuild-'));
  try {
    const countyLog = await loadCountyLog();
    const generated = join(dir, 'generated.sqlite');
    await eventsFileFromLog(generated, countyLog(households).events);
    await measure(`generated county log, ${households} households`, generated, dir);
    if (given !== undefined) {
      const copy = join(dir, 'given.sqlite');
      await eventsFileFromDatabase(copy, given);
      await measure(given, copy, dir);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
