import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { residentIdCheckChar } from '#app/households';

/*
 * HTTP under load, against the API as a separate process (`node dist/apps/api/src/main.js`):
 *
 *   npm run build && node dist/bench/http-load.js [data-dir-to-copy]
 *   BENCH_DATA_DIR=data-demo node dist/bench/http-load.js
 *
 * 1. Queries, sequential: statistics, yearEndReport, atRiskHouseholds — p50 and p99.
 * 2. logVisit mutations with autocannon (CONNECTIONS concurrent, DURATION s) spread over the
 *    households — versus a bare Apollo Server with a trivial resolver (dist/bench/bare-apollo.js)
 *    under the same load, as the ratio.
 * 3. Peak RSS (VmHWM) of the API process over the whole run.
 * The data directory given is copied first, so the demo county is never written to.
 */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 30);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const QUERY_RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 40);

function start(
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const port = /PORT (\d+)/.exec(buffer) ?? /"graphql":"http:\/\/localhost:(\d+)/.exec(buffer);
      if (port) resolve({ child, port: Number(port[1]) });
    });
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}: ${buffer}`)));
  });
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function gql(url: string, query: string, variables: unknown = {}): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
  return body.data;
}

async function latencies(label: string, run: () => Promise<unknown>) {
  await run(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const t = performance.now();
    await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!;
  return { label, p50: at(0.5), p99: at(0.99) };
}

async function load(url: string, households: readonly string[]) {
  let i = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({
            query: `mutation($input: LogVisitInput!) { logVisit(input: $input) { revision } }`,
            variables: {
              input: {
                householdId: households[i++ % households.length],
                date: '2021-03-01',
                cadre: '李干部',
                purpose: 'ROUTINE',
              },
            },
          }),
        }),
        // A GraphQL error still answers 200: count it as an error, not as throughput.
        onResponse: (_status: number, body: string) => {
          if (body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + graphqlErrors,
    total: result.requests.total,
  };
}

async function main(): Promise<void> {
  const source = process.argv[2] ?? process.env.BENCH_DATA_DIR;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  if (source) {
    if (!existsSync(join(source, 'poverty-monitor.sqlite'))) {
      throw new Error(`${source} holds no poverty-monitor.sqlite`);
    }
    cpSync(source, dataDir, { recursive: true });
  }
  const port = await freePort();
  const api = await start('dist/apps/api/src/main.js', {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'log',
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  try {
    let households: string[];
    if (source) {
      const db = new Database(join(dataDir, 'poverty-monitor.sqlite'), { readonly: true });
      households = (
        db
          .prepare(
            `select household_id from household_summary where status in ('POOR', 'EXITED', 'NON_POOR') limit 2000`,
          )
          .all() as { household_id: string }[]
      ).map((r) => r.household_id);
      db.close();
    } else {
      households = [];
      for (let h = 0; h < 500; h++) {
        const first17 = `431023197001${String(1000 + h).padStart(5, '0')}`;
        const data = await gql(
          url,
          `mutation($input: RegisterHouseholdInput!) { registerHousehold(input: $input) { householdId } }`,
          {
            input: {
              areaCode: '431023100201',
              registeredPoor: false,
              effectiveDate: '2020-01-01',
              members: [
                { name: '甲', idNumber: first17 + residentIdCheckChar(first17), relation: 'HEAD' },
              ],
            },
          },
        );
        households.push(data.registerHousehold.householdId as string);
      }
    }
    const queries = [
      await latencies('statistics(2020-12-31)', () =>
        gql(
          url,
          `{ statistics(asOf: "2020-12-31") { registeredPeople remainingHouseholds visits } }`,
        ),
      ),
      await latencies('yearEndReport(2020)', () =>
        gql(url, `{ yearEndReport(year: 2020) { position text townships { areaCode } } }`),
      ),
      await latencies('atRiskHouseholds(first: 50)', () =>
        gql(url, `{ atRiskHouseholds(first: 50) { edges { node { householdId } } } }`),
      ),
    ];
    const mutations = await load(url, households);
    const rss = peakRssMb(api.child.pid!);

    const bare = await start('dist/bench/bare-apollo.js', {});
    const baseline = await load(`http://127.0.0.1:${bare.port}/graphql`, households);
    bare.child.kill('SIGTERM');

    const f = (n: number) => n.toFixed(1);
    console.log(
      `\nHTTP benchmark — ${source ? `copy of ${source}` : 'fresh store with 500 households'}; ` +
        `node ${process.version}, ${cpus().length} cores; ${CONNECTIONS} connections, ${DURATION} s`,
    );
    console.log('| measure | p50 ms | p99 ms |\n|---|---|---|');
    for (const q of queries) console.log(`| ${q.label} | ${f(q.p50)} | ${f(q.p99)} |`);
    console.log('\n| load | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|');
    console.log(
      `| logVisit through the API | ${mutations.rps.toFixed(0)} | ${mutations.p50} | ${mutations.p99} | ${mutations.errors} |`,
    );
    console.log(
      `| bare Apollo, trivial resolver | ${baseline.rps.toFixed(0)} | ${baseline.p50} | ${baseline.p99} | ${baseline.errors} |`,
    );
    console.log(`| ratio API / bare | ${(mutations.rps / baseline.rps).toFixed(2)} | | | |`);
    console.log(`\npeak RSS of the API process (VmHWM): ${rss.toFixed(0)} MB`);
  } finally {
    api.child.kill('SIGTERM');
    await new Promise((resolve) => api.child.once('exit', resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
