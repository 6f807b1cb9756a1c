import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqlite } from '#app/database';
import { SqliteEventStore } from '#app/event-store';

const READ_BATCH = 500;

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * One simple append loop: N single-event appends, each to its own stream with `no_stream`,
 * against a real SQLite file — versus raw better-sqlite3 inserts of the same rows, once into an
 * index-free copy of the table (the original baseline) and once into a table with the adapter's
 * exact schema (AUTOINCREMENT, unique event_id, unique stream_id+revision), which is the real
 * ceiling. Then a sequential read of the whole log in batches: `readAll` versus a raw SELECT of
 * the same columns (rows as better-sqlite3 returns them, and with the same JSON.parse mapping).
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
    const adapterSeconds = seconds(started);

    const raw = sqlite.raw;
    const rawLoop = (table: string, begin: string): number => {
      const insert = raw.prepare(
        `insert into ${table} (event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at) values (?, ?, 0, ?, 1, ?, ?, ?)`,
      );
      const one = raw.transaction((row: unknown[]) => insert.run(...row));
      const txn = begin === 'immediate' ? one.immediate : one;
      const start = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        txn([
          randomUUID(),
          `household-${randomUUID()}`,
          'VisitLogged',
          JSON.stringify(data),
          '{"actor":"bench"}',
          new Date().toISOString(),
        ]);
      }
      return seconds(start);
    };
    raw.exec('create table raw_events as select * from events where 0');
    const rawSeconds = rawLoop('raw_events', 'deferred');
    const ddl = raw
      .prepare<[], { sql: string }>(
        "select sql from sqlite_master where type = 'table' and name = 'events'",
      )
      .get()!.sql;
    raw.exec(ddl.replace(/"?events"?/, 'raw_events_indexed'));
    const rawIndexedSeconds = rawLoop('raw_events_indexed', 'immediate');

    // Sequential read of the log, as a projection rebuild does it.
    started = process.hrtime.bigint();
    let readCount = 0;
    for (let after = 0; ;) {
      const batch = await store.readAll({ after, limit: READ_BATCH });
      if (batch.length === 0) break;
      readCount += batch.length;
      after = batch[batch.length - 1].position;
    }
    const readAllSeconds = seconds(started);
    if (readCount !== n) throw new Error(`readAll returned ${readCount} events, expected ${n}`);

    const select = raw.prepare<
      [number, number],
      { position: number; data: string; metadata: string }
    >(
      'select position, event_id, stream_id, revision, type, schema_version, data, metadata from events where position > ? order by position limit ?',
    );
    const rawRead = (map: boolean): number => {
      const start = process.hrtime.bigint();
      let sink = 0;
      for (let after = 0; ;) {
        const rows = select.all(after, READ_BATCH);
        if (rows.length === 0) break;
        if (map) {
          for (const row of rows) {
            const parsed: unknown[] = [JSON.parse(row.data), JSON.parse(row.metadata)];
            sink += parsed.length;
          }
        }
        sink += rows.length;
        after = rows[rows.length - 1].position;
      }
      if (sink === 0) throw new Error('raw read saw nothing');
      return seconds(start);
    };
    const rawReadSeconds = rawRead(false);
    const rawReadParsedSeconds = rawRead(true);

    const table = [
      ['SqliteEventStore.append (1 event, own transaction)', n / adapterSeconds],
      ['raw insert, index-free copy (1 row, own txn)', n / rawSeconds],
      ['raw insert, same schema (1 row, own IMMEDIATE txn)', n / rawIndexedSeconds],
      [`SqliteEventStore.readAll (batches of ${READ_BATCH})`, n / readAllSeconds],
      ['raw SELECT, same columns (rows only)', n / rawReadSeconds],
      ['raw SELECT, same columns + JSON.parse x2', n / rawReadParsedSeconds],
    ] as const;
    console.log(`append loop, ${n} events, SQLite WAL file, node ${process.version}`);
    for (const [name, rate] of table)
      console.log(`${name.padEnd(52)} ${rate.toFixed(0).padStart(8)} events/s`);
    console.log(`ratio append/raw index-free: ${(rawSeconds / adapterSeconds).toFixed(2)}`);
    console.log(`ratio append/raw same schema: ${(rawIndexedSeconds / adapterSeconds).toFixed(2)}`);
    console.log(`ratio readAll/raw SELECT: ${(rawReadSeconds / readAllSeconds).toFixed(2)}`);
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
