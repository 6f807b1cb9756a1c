import 'reflect-metadata';
import { cpus } from 'node:os';
import pg from 'pg';
import { openPostgres } from '#app/database';
import { PostgresEventStore, ProjectionRunner } from '#app/event-store';
import { householdProjections } from '#app/households';
import { loadCountyLog } from './county-log.js';

/*
 * Projection rebuild on PostgreSQL: events in a PostgresEventStore, read models in PostgreSQL
 * (the same projection code through Kysely's PostgreSQL dialect), against the raw sequential read
 * of the same events table in the same run.
 *
 *   npm run build && node dist/bench/pg-rebuild.js [households=16000]
 *
 * Uses BENCH_POSTGRES_URL or TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test),
 * in fresh schemas it drops at the end.
 */
const URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';

async function main(): Promise<void> {
  const households = Number(process.argv[2] ?? 16000);
  const suffix = `${process.pid}_${Date.now()}`;
  const eventsSchema = `bench_rebuild_events_${suffix}`;
  const readSchema = `bench_rebuild_read_${suffix}`;
  const store = new PostgresEventStore({ connection: URL, schema: eventsSchema });
  const read = openPostgres(URL, { schema: readSchema });
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  try {
    await store.init();
    await read.ensureSchema();
    const countyLog = await loadCountyLog();
    const events = countyLog(households).events;
    for (let i = 0; i < events.length; i += 5000) {
      await store.importEvents(events.slice(i, i + 5000));
    }
    const n = events.length;

    // Raw limit: the events in position order over one connection, rows only, in batches.
    let started = process.hrtime.bigint();
    let after = 0;
    for (;;) {
      const { rows } = await admin.query(
        `select position, stream_id, revision, event_id, type, data, metadata from ${eventsSchema}.events where position > $1 order by position limit 5000`,
        [after],
      );
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1].position);
    }
    const rawSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    started = process.hrtime.bigint();
    let read2 = 0;
    for (let position = 0; ;) {
      const batch = await store.readAll({ after: position, limit: 5000 });
      if (batch.length === 0) break;
      read2 += batch.length;
      position = batch[batch.length - 1]!.position;
    }
    const readAllSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const runner = new ProjectionRunner(store, read.db, householdProjections);
    await runner.init();
    started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await runner.catchUp();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    if (runner.position !== events[events.length - 1]!.position || read2 !== n) {
      throw new Error(`rebuild stopped at ${runner.position}`);
    }
    const rate = (count: number, s: number) => Math.round(count / s).toLocaleString('en');
    console.log(
      `\nPostgreSQL projection rebuild — ${n.toLocaleString('en')} events (${households} households); node ${process.version}, ${cpus().length} cores`,
    );
    console.log('| measure | events/s | ratio to raw read |\n|---|---|---|');
    console.log(`| raw SELECT of the events table (pg) | ${rate(n, rawSeconds)} | 1.00 |`);
    console.log(
      `| PostgresEventStore.readAll | ${rate(n, readAllSeconds)} | ${(rawSeconds / readAllSeconds).toFixed(2)} |`,
    );
    console.log(
      `| rebuild: runner catch-up into PostgreSQL read models | ${rate(n, seconds)} | ${(rawSeconds / seconds).toFixed(2)} |`,
    );
    console.log(
      `(rebuild CPU in this process: ${((used.user + used.system) / 1e6).toFixed(1)} s of ${seconds.toFixed(1)} s; the rest is PostgreSQL)`,
    );
  } finally {
    await store.close();
    await read.close();
    await admin.query(`drop schema if exists ${eventsSchema} cascade`);
    await admin.query(`drop schema if exists ${readSchema} cascade`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
