import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdCheckChar } from '#app/households';
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/config.js';

/**
 * Mutations over HTTP through the whole stack (Apollo → command bus → decider → SQLite append →
 * projection → read-your-writes), with a fixed number of concurrent clients on loopback.
 */
async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 3000);
  const concurrency = Number(process.argv[3] ?? 20);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const app = await createApp({ ...loadConfig({ LOG_LEVEL: 'error' }), dataDir });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}/graphql`;
  const post = async (query: string, variables: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  try {
    const households: string[] = [];
    for (let h = 0; h < 50; h++) {
      const first17 = `43102319700101${String(100 + h).padStart(3, '0')}`;
      const data = await post(
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
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          const i = next++;
          const t = performance.now();
          await post(`mutation($input: LogVisitInput!) { logVisit(input: $input) { revision } }`, {
            input: {
              householdId: households[i % households.length],
              date: '2020-05-01',
              cadre: '李干部',
              purpose: 'ROUTINE',
            },
          });
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!;
    console.log(
      `logVisit over HTTP, ${total} mutations, ${concurrency} concurrent clients, node ${process.version}`,
    );
    console.log(`throughput ${(total / seconds).toFixed(0)} req/s`);
    console.log(`latency p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms`);
    console.log(
      `process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (API and clients in one process)`,
    );
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
