/**
 * migrateLog between real stores: the source a SQLite file written by the real SqliteEventStore,
 * the targets fresh schemas of the test PostgreSQL (test/support/postgres.ts), through its import
 * path (positions kept) and through append (positions assigned by the target, as on KurrentDB).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSqlite, type SqliteHandle } from '#app/database';
import { useTestDatabase } from '../../../../test/support/postgres.js';
import type { RecordedEvent } from '../event-store.port.js';
import { PostgresEventStore } from '../postgres/postgres-event-store.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { readWholeLog, writeSampleLog } from '../testing/sample-log.js';
import { ForeignTargetError, migrateLog, MigrationInterruptedError } from './migrate-log.js';
import { appendTarget, importTarget, type MigrationTarget } from './migration-target.js';

const database = useTestDatabase();

let dir: string;
let handle: SqliteHandle;
let source: SqliteEventStore;
let original: RecordedEvent[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'migrate-log-'));
  handle = openSqlite(join(dir, 'source.sqlite'));
  source = new SqliteEventStore(handle.db);
  await source.init();
  // A smaller log than the CLI's: every run of a stream is a round trip of its own on append.
  original = await writeSampleLog(source, 300);
});

afterAll(async () => {
  await source?.close();
  await handle?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A store on a fresh schema, as the API would open the target. */
async function targetStore(): Promise<PostgresEventStore> {
  return database.closeAtEnd(
    await PostgresEventStore.create({
      connection: database.pool,
      schema: database.freshSchema('migrate_log_test'),
    }),
  );
}

const withoutPosition = ({ position: _, ...rest }: RecordedEvent) => rest;

describe('migrateLog', () => {
  it('copies through import with the positions, resuming after the prefix the target holds', async () => {
    expect(original.slice(0, 4).map((e) => e.position)).toEqual([1, 4, 9, 10]);
    const target = await targetStore();
    const upTo = original.at(-1)!.position;
    const progress: number[][] = [[], [], []];
    const run = (i: number, limit?: number) =>
      migrateLog(source, importTarget(target), {
        batchSize: 200,
        upTo,
        limit,
        onProgress: (done) => progress[i].push(done),
      });

    expect(await run(0, 500)).toEqual({
      present: 0,
      written: 500,
      position: original[499].position,
    });
    expect(progress[0]).toEqual([200, 400, 500]);
    expect(await readWholeLog(target)).toEqual(original.slice(0, 500));

    expect(await run(1)).toEqual({
      present: 500,
      written: original.length - 500,
      position: upTo,
    });
    // The check counts the events it finds in place, one by one; the copy counts per batch.
    expect(progress[1].slice(0, 500)).toEqual(original.slice(0, 500).map((_, i) => i + 1));
    const batches: number[] = [];
    for (let held = 700; held < original.length; held += 200) batches.push(held);
    expect(progress[1].slice(500)).toEqual([...batches, original.length]);
    expect(await readWholeLog(target)).toEqual(original);

    expect(await run(2)).toEqual({ present: original.length, written: 0, position: upTo });
    expect(progress[2].at(-1)).toBe(original.length);
  });

  it('copies nothing past upTo, the head when the run started', async () => {
    const target = await targetStore();
    const upTo = original[99].position;
    const outcome = await migrateLog(source, importTarget(target), { batchSize: 64, upTo });
    expect(outcome).toEqual({ present: 0, written: 100, position: upTo });
    expect(await readWholeLog(target)).toEqual(original.slice(0, 100));
  });

  it('migrates through append where positions cannot be kept (the KurrentDB path), resumably', async () => {
    const target = await targetStore();
    const upTo = await source.headPosition();
    const part = await migrateLog(source, appendTarget(target), {
      batchSize: 250,
      upTo,
      limit: 400,
    });
    expect(part).toEqual({ present: 0, written: 400, position: original[399].position });
    const rest = await migrateLog(source, appendTarget(target), { batchSize: 250, upTo });
    expect(rest).toEqual({
      present: 400,
      written: original.length - 400,
      position: original.at(-1)!.position,
    });
    const done = await migrateLog(source, appendTarget(target), { batchSize: 250, upTo });
    expect(done.written).toBe(0);

    const copied = await readWholeLog(target);
    expect(copied.map(withoutPosition)).toEqual(original.map(withoutPosition));
    // The target numbered the events itself: no gaps, so not the source's positions.
    expect(copied.map((e) => e.position)).toEqual(copied.map((_, i) => i + 1));
    expect(copied.slice(0, 4).map((e) => e.position)).not.toEqual(
      original.slice(0, 4).map((e) => e.position),
    );
  });

  it('refuses a target that does not hold a prefix of the source, and writes nothing', async () => {
    const upTo = original.at(-1)!.position;
    const foreign = await targetStore();
    await foreign.append(
      'household-x',
      [{ eventId: randomUUID(), type: 'Other', data: {} }],
      'any',
    );
    const refused = migrateLog(source, importTarget(foreign), { batchSize: 100, upTo });
    await expect(refused).rejects.toBeInstanceOf(ForeignTargetError);
    await expect(refused).rejects.toThrow(
      "the target's event #1 differs from the source's (eventId",
    );
    expect(await readWholeLog(foreign)).toHaveLength(1);

    // On the append path positions may differ, every other field may not.
    const changed = await targetStore();
    await changed.append(original[0].streamId, [{ ...original[0], data: { n: -1 } }], 'no_stream');
    await expect(
      migrateLog(source, appendTarget(changed), { batchSize: 100, upTo }),
    ).rejects.toThrow("the target's event #1 differs from the source's (data");

    const ahead = await targetStore();
    await migrateLog(source, importTarget(ahead), { batchSize: 500, upTo });
    await ahead.append('household-y', [{ eventId: randomUUID(), type: 'New', data: {} }], 'any');
    await expect(migrateLog(source, importTarget(ahead), { batchSize: 500, upTo })).rejects.toThrow(
      'the target holds more events than the source log',
    );
  });

  it('says how much the target holds when a write fails, and whether it may hold more', async () => {
    const upTo = original.at(-1)!.position;
    const failingThirdWrite = (inner: MigrationTarget): MigrationTarget => {
      let writes = 0;
      return {
        ...inner,
        async write(events) {
          if (++writes === 3) throw new Error('connection lost');
          await inner.write(events);
        },
      };
    };
    for (const [makeTarget, maybeMore] of [
      [importTarget, false],
      [appendTarget, true],
    ] as const) {
      const target = await targetStore();
      const error = await migrateLog(source, failingThirdWrite(makeTarget(target)), {
        batchSize: 100,
        upTo,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationInterruptedError);
      const interrupted = error as MigrationInterruptedError;
      expect(interrupted.message).toBe('connection lost');
      expect([interrupted.held, interrupted.position, interrupted.maybeMore]).toEqual([
        200,
        original[199].position,
        maybeMore,
      ]);
      expect((await readWholeLog(target)).map(withoutPosition)).toEqual(
        original.slice(0, 200).map(withoutPosition),
      );
    }
  });
});
