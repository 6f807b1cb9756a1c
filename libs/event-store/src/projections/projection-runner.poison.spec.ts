import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Kysely, Transaction } from 'kysely';
import { openSqlite, type SqliteHandle } from '#app/database';
import type { RecordedEvent } from '../event-store.port.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { eventByEvent, type Projection } from './projection.js';
import { ProjectionRunner, readCheckpoint } from './projection-runner.js';

/** Counts events per stream; throws, every time, on the event marked as poison. */
const countingProjection: Projection = {
  name: 'counting',
  handles: new Set(['Counted']),
  tables: ['counted'],
  async migrate(db: Kysely<any>) {
    await db.schema
      .createTable('counted')
      .ifNotExists()
      .addColumn('position', 'integer', (c) => c.primaryKey())
      .execute();
  },
  batch: eventByEvent(async (trx, event) => {
    if ((event.data as { poison?: boolean }).poison) throw new Error(`poison at ${event.position}`);
    await trx.insertInto('counted').values({ position: event.position }).execute();
  }),
};

/** The same through the batch path: rows kept until flush, one multi-row insert. */
const countingInBatches: Projection = {
  ...countingProjection,
  batch(trx: Transaction<any>) {
    const rows: { position: number }[] = [];
    return {
      async add(events: readonly RecordedEvent[]) {
        const poison = events.find((e) => (e.data as { poison?: boolean }).poison);
        if (poison) throw new Error(`poison at ${poison.position}`);
        rows.push(...events.map((e) => ({ position: e.position })));
      },
      async flush() {
        if (rows.length > 0) await trx.insertInto('counted').values(rows.splice(0)).execute();
      },
    };
  },
};

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('ProjectionRunner and a poison event', () => {
  let dir: string;
  let sqlite: SqliteHandle;
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['event by event', countingProjection],
    ['batch', countingInBatches],
  ])(
    'after the first failure, applies the good events before the poison one and stops just before it (%s)',
    async (_path, projection) => {
      dir = mkdtempSync(join(tmpdir(), 'poison-'));
      sqlite = openSqlite(join(dir, 'db.sqlite'));
      const store = new SqliteEventStore(sqlite.db, { pollIntervalMs: 20 });
      await store.init();
      const events = Array.from({ length: 11 }, (_, i) => ({
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        type: 'Counted',
        data: { poison: i === 7 },
      }));
      await store.append('count-1', events, 'no_stream');
      const runner = new ProjectionRunner(store, sqlite.db, [projection], {
        batchSize: 500,
        retryDelayMs: 10,
      });
      await runner.init();
      runner.start();
      await until(() => runner.position === 7);
      await runner.stop();
      await store.close();

      expect(runner.position).toBe(7);
      expect(runner.failure).toBe('poison at 8');
      const rows = await sqlite.db
        .selectFrom('counted')
        .select('position')
        .orderBy('position')
        .execute();
      expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    },
  );

  it('applyStream is one transaction: a poison event anywhere leaves nothing and no checkpoint', async () => {
    dir = mkdtempSync(join(tmpdir(), 'poison-stream-'));
    sqlite = openSqlite(join(dir, 'db.sqlite'));
    const events = openSqlite(join(dir, 'events.sqlite'));
    const store = new SqliteEventStore(events.db);
    try {
      await store.init();
      await store.append(
        'count-1',
        Array.from({ length: 30 }, (_, i) => ({
          eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          type: 'Counted',
          data: { poison: i === 25 },
        })),
        'no_stream',
      );
      const runner = new ProjectionRunner(store, sqlite.db, [countingInBatches]);
      await runner.init();
      const seen: number[] = [];
      await expect(
        runner.applyStream((after) => store.readAll({ after, limit: 10 }), {
          flushEvery: 10,
          onProgress: (position) => void seen.push(position),
        }),
      ).rejects.toThrow('poison at 26');
      // Two batches were flushed inside the transaction before the failure; all rolled back.
      expect(seen).toEqual([10, 20]);
      expect(runner.position).toBe(0);
      expect(await readCheckpoint(sqlite.db)).toBe(0);
      expect(await sqlite.db.selectFrom('counted').selectAll().execute()).toEqual([]);
    } finally {
      await store.close();
      await events.close();
    }
  });
});
