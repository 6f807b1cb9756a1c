/**
 * Projector: two of them in this process, each with its own lock session, on fresh PostgreSQL
 * schemas (TEST_POSTGRES_URL; CI has it on 127.0.0.1:5432). A projection that records every
 * position it sees shows that each event is applied exactly once across a failover.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { Kysely, Transaction } from 'kysely';
import { openPostgres } from '#app/database';
import {
  eventByEvent,
  PostgresEventStore,
  type Projection,
  type RecordedEvent,
} from '#app/event-store';
import {
  dropSchemas,
  TEST_POSTGRES_URL as URL,
  uniqueSchemaName,
  withTestClient,
} from '../../../test/support/postgres.js';
import { AdvisoryLock } from './advisory-lock.js';
import { projectorHealth } from './health-server.js';
import { Projector, type ProjectorLogger } from './projector.js';

const teardown: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

/** Records each event's position; the primary key refuses a second application. */
async function recordSeen(trx: Transaction<any>, event: RecordedEvent): Promise<void> {
  await trx.insertInto('seen').values({ position: event.position }).execute();
}

const seen: Projection = {
  name: 'seen',
  handles: new Set(['Tested']),
  tables: ['seen'],
  async migrate(db) {
    await db.schema
      .createTable('seen')
      .ifNotExists()
      .addColumn('position', 'bigint', (c) => c.primaryKey())
      .execute();
  },
  batch: eventByEvent(recordSeen),
};

interface Logged {
  level: 'log' | 'warn' | 'error';
  message: string;
  context?: Record<string, unknown>;
}

function recordingLogger(): ProjectorLogger & { lines: Logged[] } {
  const lines: Logged[] = [];
  return {
    lines,
    log: (message, context) => lines.push({ level: 'log', message, context }),
    warn: (message, context) => lines.push({ level: 'warn', message, context }),
    error: (message, context) => lines.push({ level: 'error', message, context }),
  };
}

/** Fresh schemas: an event store, and read models shared by the projectors of one test. */
async function setup() {
  const prefix = uniqueSchemaName('projector');
  const store = await PostgresEventStore.create({
    connection: URL,
    schema: `${prefix}_events`,
    pollIntervalMs: 50,
  });
  const read = openPostgres(URL, { schema: `${prefix}_read`, poolSize: 4 });
  await read.ensureSchema();
  teardown.push(async () => {
    await store.close();
    await read.close();
    await dropSchemas([`${prefix}_events`, `${prefix}_read`]);
  });
  const key = `test:${prefix}`;
  const append = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await store.append(
        `tested-${randomUUID()}`,
        [{ eventId: randomUUID(), type: 'Tested', data: { i } }],
        'no_stream',
      );
    }
  };
  const projector = (
    options: {
      catchUpBatchSize?: number;
      progressEveryMs?: number;
      projections?: Projection[];
    } = {},
  ) => {
    const { projections, ...rest } = options;
    const logger = recordingLogger();
    const lock = new AdvisoryLock({ connectionString: URL, key, heartbeatMs: 50 });
    const created = new Projector({
      store,
      readDb: read.db,
      projections: projections ?? [seen],
      lock,
      logger,
      lockRetryMs: 50,
      retryDelayMs: 50,
      ...rest,
    });
    teardown.push(() => created.stop());
    return { projector: created, lock, logger };
  };
  return { store, readDb: read.db, append, projector };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function positions(db: Kysely<any>): Promise<number[]> {
  const rows = await db.selectFrom('seen').select('position').orderBy('position').execute();
  return rows.map((r) => Number(r.position));
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('Projector', () => {
  it('runs in one of two processes; the standby takes over when the active one’s lock connection dies, and again on a clean stop', async () => {
    const { store, readDb, append, projector } = await setup();
    const a = projector();
    a.projector.start();
    await until(() => a.projector.status.role === 'active', 'A to be active');
    const b = projector();
    b.projector.start();
    await until(() => b.projector.status.role === 'standby', 'B to stand by');

    await append(5);
    await until(async () => (await a.projector.storedCheckpoint()) === 5, 'A to project 5');
    expect(b.projector.status).toEqual({ role: 'standby', checkpoint: null });
    expect(await projectorHealth('b', b.projector, store)).toEqual({
      code: 200,
      body: {
        status: 'ok',
        projector: 'b',
        role: 'standby',
        checkpoint: 5,
        headPosition: 5,
        lag: 0,
      },
    });

    // A's lock session dies (as with a crash or a dropped network); the lock goes with it.
    await withTestClient((client) =>
      client.query('select pg_terminate_backend($1)', [a.lock.backendPid]),
    );
    await until(() => b.projector.status.role === 'active', 'B to take over');
    await until(() => a.projector.status.role === 'standby', 'A to stand by');
    expect(a.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: 'lock lost: projections stopped; standing by',
      }),
    );
    expect(b.logger.lines).toContainEqual(
      expect.objectContaining({
        message: 'lock acquired: this projector runs the projections',
        context: expect.objectContaining({ takeover: true }),
      }),
    );

    await append(5);
    await until(async () => (await b.projector.storedCheckpoint()) === 10, 'B to project 10');
    expect(await projectorHealth('b', b.projector, store)).toMatchObject({
      code: 200,
      body: { role: 'active', checkpoint: 10, lag: 0 },
    });

    // A clean stop releases the lock at once, and A takes over again.
    await b.projector.stop();
    expect(b.projector.status.role).toBe('stopped');
    expect(b.logger.lines.at(-1)?.message).toBe('projector stopped; lock released');
    await until(() => a.projector.status.role === 'active', 'A to take over again');
    await append(3);
    await until(async () => (await a.projector.storedCheckpoint()) === 13, 'A to project 13');

    // Every event applied exactly once (the primary key would have failed a second time).
    expect(await positions(readDb)).toEqual(range(1, 13));
  });

  it('catches up a backlog in catch-up batches, logging progress, then follows the log', async () => {
    const { append, readDb, projector } = await setup();
    await append(30);
    const { projector: p, logger } = projector({ catchUpBatchSize: 10, progressEveryMs: 0 });
    p.start();
    await until(
      () => logger.lines.some((l) => l.message === 'caught up; following the log'),
      'catch-up',
    );
    const progress = logger.lines.filter((l) => l.message === 'catching up');
    expect(progress[0]?.context).toMatchObject({ checkpoint: 0, head: 30, behind: 30 });
    expect(progress.slice(1).map((l) => l.context?.percent)).toEqual([33, 66, 100]);
    expect(
      logger.lines.find((l) => l.message === 'caught up; following the log')?.context,
    ).toMatchObject({
      checkpoint: 30,
      from: 0,
    });
    await append(2);
    await until(async () => (await p.storedCheckpoint()) === 32, 'the live events');
    expect(await positions(readDb)).toEqual(range(1, 32));
  });

  it('asked to stop during catch-up, it finishes the batch in progress and starts no other', async () => {
    const { append, projector } = await setup();
    await append(40);
    // The projection holds event 15 (the second batch of 10) until the stop has been asked for.
    let reached!: () => void;
    const atFifteen = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gated: Projection = {
      ...seen,
      batch: eventByEvent(async (trx, event) => {
        if (event.position === 15) {
          reached();
          await gate;
        }
        await recordSeen(trx, event);
      }),
    };
    const { projector: p, logger } = projector({
      catchUpBatchSize: 10,
      progressEveryMs: 0,
      projections: [gated],
    });
    p.start();
    await atFifteen;
    const stopping = p.stop();
    release();
    await stopping;
    expect(await p.storedCheckpoint()).toBe(20);
    expect(logger.lines.some((l) => l.message === 'caught up; following the log')).toBe(false);
    expect(logger.lines.at(-1)?.message).toBe('projector stopped; lock released');
  });

  it('while the database cannot be reached it keeps trying, and reports the failure once', async () => {
    const { store, readDb } = await setup();
    const logger = recordingLogger();
    const lock = new AdvisoryLock({
      connectionString: 'postgres://postgres@127.0.0.1:1/test',
      key: 'test:unreachable',
    });
    const p = new Projector({ store, readDb, projections: [seen], lock, logger, lockRetryMs: 20 });
    p.start();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await p.stop();
    const errors = logger.lines.filter(
      (l) => l.message === 'cannot reach the lock database; retrying',
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]?.context?.error).toMatch(/ECONNREFUSED/);
    expect(p.status.role).toBe('stopped');
  });
});
