import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '#app/database';
import { SqliteEventStore } from '#app/event-store';

/**
 * One simple append loop: N single-event appends, each to its own stream with `no_stream`,
 * against a real SQLite file — versus raw better-sqlite3 inserts of the same rows.
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20000);
  const dir = mkdtempSync(join(tmpdir(), 'bench-append-'));
  try {
    const sqlite = openSqlite(join(dir, 'events.sqlite'));
    const store = new SqliteEventStore(sqlite.db);
    await store.init();
    const data = { effectiveDate: '2020-01-01', cadre: '李干部', purpose: 'ROUTINE' };
    let started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      await store.append(
        `household-${randomUUID()}`,
        [{ eventId: randomUUID(), type: 'VisitLogged', data, metadata: { actor: 'bench' } }],
        'no_stream',
      );
    }
    const adapterSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const raw = sqlite.raw;
    raw.exec('create table raw_events as select * from events where 0');
    const insert = raw.prepare(
      'insert into raw_events (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) values (?, ?, 0, ?, 1, ?, ?, ?)',
    );
    const one = raw.transaction((row: unknown[]) => insert.run(...row));
    started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      one([
        randomUUID(),
        `household-${randomUUID()}`,
        'VisitLogged',
        JSON.stringify(data),
        '{"actor":"bench"}',
        new Date().toISOString(),
      ]);
    }
    const rawSeconds = Number(process.hrtime.bigint() - started) / 1e9;

    const rows = [
      ['SqliteEventStore.append (1 event, own transaction)', n / adapterSeconds],
      ['raw better-sqlite3 insert (1 row, own transaction)', n / rawSeconds],
    ] as const;
    console.log(`append loop, ${n} events, SQLite WAL file, node ${process.version}`);
    for (const [name, rate] of rows)
      console.log(`${name.padEnd(52)} ${rate.toFixed(0).padStart(8)} events/s`);
    console.log(`ratio adapter/raw: ${(rawSeconds / adapterSeconds).toFixed(2)}`);
    await store.close();
    await sqlite.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
