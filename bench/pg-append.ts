import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '#app/event-store';

const POSTGRES_URL =
  process.env.BENCH_POSTGRES_URL ??
  process.env.TEST_POSTGRES_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const WRITER_COUNTS = [1, 8] as const;
const WARM_UP = 200;
const ROUNDS = 4;

const data = { effectiveDate: '2020-01-01', cadre: '李干部', purpose: 'ROUTINE' };
const metadata = { actor: 'bench' };

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Runs `count` operations split over `writers` concurrent loops; returns the seconds taken. */
async function run(
  count: number,
  writers: number,
  operation: () => Promise<unknown>,
): Promise<number> {
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const share = Math.floor(count / writers) + (w < count % writers ? 1 : 0);
      for (let i = 0; i < share; i++) await operation();
    }),
  );
  return seconds(started);
}

/**
 * Events per second of two operations measured in alternating rounds, so that a change in the
 * machine's load during the run (other processes, checkpoints) hits both alike.
 */
async function compare(
  count: number,
  writers: number,
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
): Promise<[number, number]> {
  const perRound = Math.ceil(count / ROUNDS);
  let firstSeconds = 0;
  let secondSeconds = 0;
  for (let round = 0; round < ROUNDS; round++) {
    firstSeconds += await run(perRound, writers, first);
    secondSeconds += await run(perRound, writers, second);
  }
  const total = perRound * ROUNDS;
  return [total / firstSeconds, total / secondSeconds];
}

/**
 * PostgreSQL appends: N single-event appends, each to its own stream with `no_stream`, through
 * PostgresEventStore — versus raw `pg` inserts of the same rows into a table of the same schema
 * (same columns, constraints and indexes; positions from an identity column, one autocommit
 * INSERT per event, no revision check and no ordering guarantee), with 1 and with 8 concurrent
 * writers, in alternating rounds. The adapter commits appends one at a time (the head row that keeps the global order
 * safe), so its 8-writer figure shows what that costs next to inserts that commit in parallel.
 * Runs in a schema of its own, dropped at the end.
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 4000);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`event count must be >= 1, got ${n}`);
  const schema = `bench_pg_append_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
  try {
    const store = await PostgresEventStore.create({ connection: pool, schema });
    const raw = `${schema}.raw_events`;
    await pool.query(
      `create table ${raw} (like ${store.sql.events} including all); ` +
        `alter table ${raw} alter column position add generated always as identity`,
    );
    const insert = {
      name: `bench_raw_insert_${schema}`,
      text:
        `insert into ${raw} (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at) ` +
        'values ($1, 0, $2, $3, 1, $4::jsonb, $5::jsonb, $6::timestamptz)',
    };

    const adapterAppend = () =>
      store.append(
        `household-${randomUUID()}`,
        [{ eventId: randomUUID(), type: 'VisitLogged', data, metadata }],
        'no_stream',
      );
    const rawInsert = () =>
      pool.query({
        ...insert,
        values: [
          `household-${randomUUID()}`,
          randomUUID(),
          'VisitLogged',
          JSON.stringify(data),
          JSON.stringify({ ...metadata, recordedAt: new Date().toISOString() }),
          new Date().toISOString(),
        ],
      });

    // Connections opened and statements prepared before anything is timed.
    await run(WARM_UP, 8, adapterAppend);
    await run(WARM_UP, 8, rawInsert);

    const rows: [string, number][] = [];
    const ratios: string[] = [];
    for (const writers of WRITER_COUNTS) {
      const [adapter, rawRate] = await compare(n, writers, adapterAppend, rawInsert);
      rows.push(
        [`PostgresEventStore.append, ${writers} writer(s)`, adapter],
        [`raw pg insert, same schema, ${writers} writer(s)`, rawRate],
      );
      ratios.push(`ratio append/raw, ${writers} writer(s): ${(adapter / rawRate).toFixed(2)}`);
    }

    const { rows: settings } = await pool.query<{ version: string; sync: string }>(
      "select current_setting('server_version') as version, current_setting('synchronous_commit') as sync",
    );
    console.log(
      `PostgreSQL append, ${n} events per figure (${ROUNDS} alternating rounds), PostgreSQL ${settings[0].version} ` +
        `(synchronous_commit=${settings[0].sync}), node ${process.version}`,
    );
    for (const [name, value] of rows) {
      console.log(`${name.padEnd(52)} ${value.toFixed(0).padStart(8)} events/s`);
    }
    for (const line of ratios) console.log(line);
    await store.close();
  } finally {
    await pool.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
