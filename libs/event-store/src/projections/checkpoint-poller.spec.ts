import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { Kysely, SqliteDialect } from 'kysely';
import { openSqlite } from '../../../database/src/sqlite.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { CheckpointPoller } from './checkpoint-poller.js';
import { ProjectionRunner, ProjectionTimeoutError } from './projection-runner.js';

const INTERVAL_MS = 10;

const teardown: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

/**
 * A read-model file written by a "projector" (a runner on its own connection) and watched by a
 * poller on another connection to the same file, as an API instance with PROJECTIONS=off does.
 * The poller's connection counts the checkpoint reads it sends.
 */
async function projectorAndApi(options: { initRunner?: boolean } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'checkpoint-poller-'));
  teardown.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'db.sqlite');
  const projectorDb = openSqlite(file);
  teardown.push(() => projectorDb.close());
  const store = new SqliteEventStore(projectorDb.db);
  teardown.push(() => store.close());
  await store.init();
  const runner = new ProjectionRunner(store, projectorDb.db, []);
  if (options.initRunner !== false) await runner.init();

  const apiDb = openSqlite(file);
  teardown.push(() => apiDb.close());
  let reads = 0;
  const counted = new Kysely<any>({
    dialect: new SqliteDialect({ database: apiDb.raw }),
    log: (event) => {
      if (event.query.sql.includes('projection_checkpoints')) reads++;
    },
  });
  const poller = new CheckpointPoller(counted, { intervalMs: INTERVAL_MS });
  teardown.push(() => poller.close());

  const append = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await store.append(
        `household-${randomUUID()}`,
        [{ eventId: randomUUID(), type: 'Tested', data: { i } }],
        'no_stream',
      );
    }
  };
  /** Projects the first `n` events after the checkpoint: the projector part way through. */
  const projectSome = async (n: number) =>
    runner.applyBatch(await store.readAll({ after: runner.position, limit: n }));
  return { runner, poller, append, projectSome, reads: () => reads };
}

/** Settles to 'resolved', 'rejected' or 'pending' after a few poll intervals. */
async function stateAfter(promise: Promise<unknown>, ms = INTERVAL_MS * 5) {
  const observed = promise.then(
    () => 'resolved',
    () => 'rejected',
  );
  return Promise.race([observed, new Promise((r) => setTimeout(() => r('pending'), ms))]);
}

describe('CheckpointPoller: read-your-writes when another process projects', () => {
  it('waits until the projector has committed the position, then resolves', async () => {
    const { runner, poller, append, projectSome } = await projectorAndApi();
    await append(3);
    const waiting = poller.waitFor(3, 5_000);
    expect(await stateAfter(waiting)).toBe('pending');

    await projectSome(2);
    expect(await stateAfter(waiting)).toBe('pending');
    expect(poller.position).toBe(2);

    await runner.catchUp();
    await expect(waiting).resolves.toBeUndefined();
    expect(poller.position).toBe(3);
    // Already seen: no wait at all.
    await expect(stateAfter(poller.waitFor(3), 0)).resolves.toBe('resolved');
  });

  it('fails with ProjectionTimeoutError, naming the position reached, when the projector lags', async () => {
    const { poller, append, projectSome } = await projectorAndApi();
    await append(2);
    await projectSome(1);
    const error = await poller.waitFor(2, 150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectionTimeoutError);
    expect(error).toMatchObject({ code: 'PROJECTION_TIMEOUT', position: 2, reached: 1 });
  });

  it('serves every waiter from one loop, and reads nothing while nobody waits', async () => {
    const { runner, poller, append, reads } = await projectorAndApi();
    await append(40);
    const waits = Array.from({ length: 40 }, (_, i) => poller.waitFor(i + 1, 5_000));
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
    await runner.catchUp();
    await Promise.all(waits);
    const afterWaits = reads();
    // A loop per waiter would have read at least once per waiter.
    expect(afterWaits).toBeLessThan(40);
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 5));
    expect(reads()).toBe(afterWaits);

    // A new wait starts the loop again.
    await append(1);
    const next = poller.waitFor(41, 5_000);
    await runner.catchUp();
    await expect(next).resolves.toBeUndefined();
    expect(reads()).toBeGreaterThan(afterWaits);
  });

  it('keeps waiting while the checkpoint table does not exist yet (projector not started)', async () => {
    const { runner, poller, append } = await projectorAndApi({ initRunner: false });
    await append(1);
    const early = await poller.waitFor(1, 100).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ProjectionTimeoutError);
    expect(String((early as Error).cause)).toMatch(
      /reading the checkpoint failed: .*no such table/,
    );

    const waiting = poller.waitFor(1, 5_000);
    expect(await stateAfter(waiting)).toBe('pending');
    await runner.init();
    await runner.catchUp();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('close() fails the waits in progress and refuses new ones', async () => {
    const { poller, append } = await projectorAndApi();
    await append(1);
    const waiting = poller.waitFor(1, 60_000);
    await poller.close();
    await expect(waiting).rejects.toThrow('CheckpointPoller is closed');
    await expect(poller.waitFor(1)).rejects.toThrow('CheckpointPoller is closed');
  });
});
