import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  ConcurrencyError,
  START,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '../event-store.port.js';
import { useTestDatabase } from '../../../../test/support/postgres.js';
import { describeEventLogImportContract } from '../testing/event-log-import.contract.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { listenerApplicationName } from './postgres-append-listener.js';
import { toPostgresBatch, tryAppend } from './postgres-event-store.append.js';
import { PostgresEventStore } from './postgres-event-store.js';

/* Runs against a real PostgreSQL (CI has one on 127.0.0.1:5432); see test/support/postgres.ts. */
const database = useTestDatabase({ poolSize: 20 });
const { pool } = database;
const POLL_INTERVAL_MS = 50;
/** Long enough that a test relying on the poll times out: only a NOTIFY can make it pass. */
const NEVER_MS = 600_000;

async function freshStore(
  pollIntervalMs = POLL_INTERVAL_MS,
  schema = database.freshSchema('es_test'),
): Promise<PostgresEventStore> {
  return PostgresEventStore.create({ connection: pool, schema, pollIntervalMs });
}

function event(type = 'Tested', data: unknown = {}): NewEvent {
  return { eventId: randomUUID(), type, data };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds or `timeoutMs` passes; the caller's expectations say which. */
async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition()) && Date.now() < until) await sleep(5);
}

/** A store in a schema of its own, dropped by cleanup. */
async function fixture(pollIntervalMs = POLL_INTERVAL_MS) {
  const schema = database.freshSchema('es_test');
  const store = await freshStore(pollIntervalMs, schema);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await database.dropSchema(schema);
    },
  };
}

describeEventStoreContract('PostgreSQL', () => fixture());
describeEventLogImportContract('PostgreSQL', ({ pollIntervalMs }) => fixture(pollIntervalMs));

describe('PostgresEventStore', () => {
  const teardown: (() => Promise<unknown> | void)[] = [];
  afterEach(async () => {
    for (const step of teardown.splice(0).reverse()) await step();
  });

  async function store(pollIntervalMs = POLL_INTERVAL_MS): Promise<PostgresEventStore> {
    const created = await freshStore(pollIntervalMs);
    teardown.push(() => database.dropSchema(created.sql.schema));
    teardown.push(() => created.close());
    return created;
  }

  function collect(target: PostgresEventStore, batchSize?: number) {
    const received: RecordedEvent[] = [];
    const subscription: Subscription = target.subscribeToAll({
      after: START,
      batchSize,
      onEvents: (events) => {
        received.push(...events);
      },
    });
    teardown.push(() => subscription.stop());
    return received;
  }

  /** Backends of this database blocked on a lock while running a statement on `schema`. */
  async function lockWaiters(schema: string): Promise<number> {
    const { rows } = await pool.query<{ n: number }>(
      "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and position($1 in query) > 0",
      [schema],
    );
    return rows[0].n;
  }

  describe('global order under concurrent writers', () => {
    it('a subscriber never delivers B and later misses A when A holds an append open while B commits', async () => {
      const target = await store();
      const received = collect(target);
      const seed = await target.append(`seed-${randomUUID()}`, [event()], 'no_stream');
      await eventually(() => received.length === 1);
      expect(received.map((e) => e.position)).toEqual([seed.position]);

      const eventA = event('A');
      const eventB = event('B');
      const writerA = await pool.connect();
      teardown.push(() => writerA.release(true));
      await writerA.query('begin');
      // Writer A runs the adapter's own append inside a transaction the test keeps open.
      const appendedA = await tryAppend(
        writerA,
        target.sql,
        `household-${randomUUID()}`,
        toPostgresBatch([eventA]),
        'no_stream',
      );
      if (typeof appendedA === 'symbol') throw new Error('writer A lost a race it cannot lose');

      let bDone = false;
      const appendB = target.append(`household-${randomUUID()}`, [eventB], 'no_stream');
      appendB.then(
        () => (bDone = true),
        () => (bDone = true),
      );
      // B has gone as far as it can: committed, or blocked behind A.
      await eventually(async () => bDone || (await lockWaiters(target.sql.schema)) > 0);
      // Several polls for the subscriber to deliver whatever it can see now.
      await sleep(POLL_INTERVAL_MS * 5);
      const bFinishedWhileAOpen = bDone;
      const visibleWhileAOpen = await target.readAll({ after: seed.position, limit: 10 });
      const deliveredWhileAOpen = received.slice(1);

      await writerA.query('commit');
      const appendedB = await appendB;
      await eventually(() => received.length >= 3);
      await sleep(POLL_INTERVAL_MS * 2);

      const log = await target.readAll({ after: START, limit: 10 });
      expect(log.map((e) => e.eventId).sort()).toEqual(
        [received[0].eventId, eventA.eventId, eventB.eventId].sort(),
      );
      // The property: both delivered, exactly once, in position order — nothing skipped.
      expect(received.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
      expect(received.map((e) => e.position)).toEqual(log.map((e) => e.position));
      // Had B become visible before A committed, A would have to come after B in the log.
      const sawB = [...visibleWhileAOpen, ...deliveredWhileAOpen].some(
        (e) => e.eventId === eventB.eventId,
      );
      if (sawB) expect(appendedA.result.position).toBeGreaterThan(appendedB.position);

      // This adapter's design (head row): B waits for A, takes the next position, and nothing
      // new is visible while A is open.
      expect(bFinishedWhileAOpen).toBe(false);
      expect(visibleWhileAOpen).toEqual([]);
      expect(deliveredWhileAOpen).toEqual([]);
      expect(appendedB.position).toBe(appendedA.result.position + 1);
    });

    it('a subscriber sees exactly the log while 8 writers append concurrently', async () => {
      const target = await store();
      const received = collect(target, 7);
      let appended = 0;
      const writers = Array.from({ length: 8 }, async (_, w) => {
        const stream = `household-${w}-${randomUUID()}`;
        for (let i = 0; i < 25; i++) {
          const size = 1 + ((w + i) % 3);
          const batch = Array.from({ length: size }, () => event('Stress', { w, i }));
          await target.append(stream, batch, i === 0 ? 'no_stream' : 'stream_exists');
          appended += size;
        }
      });
      await Promise.all(writers);
      const head = await target.headPosition();
      await eventually(() => received.at(-1)?.position === head);
      await sleep(POLL_INTERVAL_MS * 2);

      const log = await target.readAll({ after: START, limit: 10_000 });
      expect(log).toHaveLength(appended);
      // Positions are gapless: a rolled-back append gives its positions back.
      expect(log.map((e) => e.position)).toEqual(log.map((_, i) => i + 1));
      expect(received.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    });

    it("every one of 20 concurrent 'any' appends to one stream succeeds", async () => {
      const target = await store();
      const stream = `household-${randomUUID()}`;
      const events = Array.from({ length: 20 }, () => event('Hot'));
      const results = await Promise.all(events.map((e) => target.append(stream, [e], 'any')));

      expect(results.map((r) => r.nextExpectedRevision).sort((a, b) => a - b)).toEqual(
        events.map((_, i) => i),
      );
      const written = await target.readStream(stream);
      expect(written.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
      const byId = new Map(written.map((e) => [e.eventId, e]));
      events.forEach((e, i) => {
        expect(byId.get(e.eventId)?.revision).toBe(results[i].nextExpectedRevision);
        expect(byId.get(e.eventId)?.position).toBe(results[i].position);
      });
    });
  });

  describe('live wake-ups through LISTEN/NOTIFY', () => {
    async function listenerPid(schema: string): Promise<number | undefined> {
      const { rows } = await pool.query<{ pid: number }>(
        "select pid from pg_stat_activity where application_name = $1 and query ilike '%listen%'",
        [listenerApplicationName(schema)],
      );
      return rows[0]?.pid;
    }

    it('wakes a subscriber in another process (pool) at once, and again after its connection is killed', async () => {
      const reader = await store(NEVER_MS);
      const otherProcess = new pg.Pool({ connectionString: database.url, max: 3 });
      otherProcess.on('error', () => undefined);
      teardown.push(() => otherProcess.end());
      const writer = new PostgresEventStore({
        connection: otherProcess,
        schema: reader.sql.schema,
        pollIntervalMs: NEVER_MS,
      });
      teardown.push(() => writer.close());

      const received = collect(reader);
      let pid: number | undefined;
      await eventually(async () => (pid = await listenerPid(reader.sql.schema)) !== undefined);
      expect(pid).toBeDefined();

      const first = event('First');
      await writer.append(`household-${randomUUID()}`, [first], 'no_stream');
      await eventually(() => received.length >= 1, 2_000);
      expect(received.map((e) => e.eventId)).toEqual([first.eventId]);

      // An append committed by hand, outside any store: the NOTIFY goes out with the commit.
      const manual = event('Manual');
      const client = await otherProcess.connect();
      try {
        await client.query('begin');
        await tryAppend(
          client,
          writer.sql,
          `household-${randomUUID()}`,
          toPostgresBatch([manual]),
          'no_stream',
        );
        await client.query('commit');
      } finally {
        client.release();
      }
      await eventually(() => received.length >= 2, 2_000);
      expect(received.map((e) => e.eventId)).toEqual([first.eventId, manual.eventId]);

      await pool.query('select pg_terminate_backend($1)', [pid]);
      let newPid: number | undefined;
      await eventually(async () => {
        newPid = await listenerPid(reader.sql.schema);
        return newPid !== undefined && newPid !== pid;
      });
      expect(newPid).not.toBe(pid);
      const afterReconnect = event('AfterReconnect');
      await writer.append(`household-${randomUUID()}`, [afterReconnect], 'no_stream');
      await eventually(() => received.length >= 3, 2_000);
      expect(received.map((e) => e.eventId)).toEqual([
        first.eventId,
        manual.eventId,
        afterReconnect.eventId,
      ]);
    });

    it('ignores notifications for other schemas', async () => {
      const reader = await store(NEVER_MS);
      const other = await store(NEVER_MS);
      const received = collect(reader);
      await eventually(async () => (await listenerPid(reader.sql.schema)) !== undefined);
      await other.append(`household-${randomUUID()}`, [event()], 'no_stream');
      await sleep(200);
      expect(received).toEqual([]);
    });

    it('close() releases the listening connection', async () => {
      const target = await freshStore(NEVER_MS);
      teardown.push(() => database.dropSchema(target.sql.schema));
      collect(target);
      await eventually(async () => (await listenerPid(target.sql.schema)) !== undefined);
      await target.close();
      await eventually(async () => (await listenerPid(target.sql.schema)) === undefined);
      expect(await listenerPid(target.sql.schema)).toBeUndefined();
    });
  });

  describe('schema', () => {
    it('init is idempotent, concurrent-safe and keeps existing events', async () => {
      const schema = database.freshSchema('es_test');
      teardown.push(() => database.dropSchema(schema));
      const stores = Array.from(
        { length: 3 },
        () => new PostgresEventStore({ connection: pool, schema }),
      );
      teardown.push(() => Promise.all(stores.map((s) => s.close())));
      await Promise.all(stores.map((s) => s.init()));

      const stream = `household-${randomUUID()}`;
      const first = await stores[0].append(stream, [event()], 'no_stream');
      await stores[1].init();
      expect((await stores[2].readStream(stream)).map((e) => e.position)).toEqual([first.position]);
      // A lost head row is rebuilt from the log, so positions carry on above it.
      await pool.query(`delete from ${schema}.events_head`);
      await stores[1].init();
      const second = await stores[2].append(stream, [event()], 0);
      expect(second.position).toBe(first.position + 1);
    });

    it('stores jsonb and a timestamptz recorded_at next to the metadata', async () => {
      const target = await store();
      const stream = `household-${randomUUID()}`;
      await target.append(
        stream,
        [
          {
            ...event('Typed', { name: '李', n: 2.5 }),
            metadata: { recordedAt: '2024-03-01T08:30:00Z' },
          },
        ],
        'no_stream',
      );
      const { rows } = await pool.query(
        `select data, metadata, recorded_at, pg_typeof(data)::text as data_type from ${target.sql.events} where stream_id = $1`,
        [stream],
      );
      expect(rows[0].data_type).toBe('jsonb');
      expect(rows[0].data).toEqual({ name: '李', n: 2.5 });
      expect(rows[0].metadata).toEqual({ recordedAt: '2024-03-01T08:30:00Z' });
      expect((rows[0].recorded_at as Date).toISOString()).toBe('2024-03-01T08:30:00.000Z');
    });

    it('a store made from a connection string works and ends its own pool on close', async () => {
      const schema = database.freshSchema('es_test');
      teardown.push(() => database.dropSchema(schema));
      const own = await PostgresEventStore.create({ connection: database.url, schema });
      const stream = `household-${randomUUID()}`;
      await own.append(stream, [event()], 'no_stream');
      await own.close();
      const reopened = await freshStore(POLL_INTERVAL_MS, schema);
      teardown.push(() => reopened.close());
      expect(await reopened.readStream(stream)).toHaveLength(1);
    });
  });

  describe('batch sizes', () => {
    it.each([1, 16, 17, 300])(
      'a batch of %i events is written in order, retried idempotently and checked for conflicts',
      async (size) => {
        const target = await store();
        const stream = `household-${randomUUID()}`;
        await target.append(stream, [event()], 'no_stream');
        const batch = Array.from({ length: size }, (_, i) => event('Batched', { i }));
        const result = await target.append(stream, batch, 0);
        expect(result).toEqual({ nextExpectedRevision: size, position: 1 + size });

        const written = await target.readStream(stream);
        expect(written.slice(1).map((e) => [e.eventId, e.revision, e.position, e.data])).toEqual(
          batch.map((e, i) => [e.eventId, i + 1, i + 2, { i }]),
        );
        expect(await target.append(stream, batch, 0)).toEqual(result);
        const late = Array.from({ length: size }, () => event('Late'));
        const conflict = await target.append(stream, late, 0).catch((e: unknown) => e);
        expect(conflict).toBeInstanceOf(ConcurrencyError);
        expect((conflict as ConcurrencyError).actual).toBe(size);
        expect(await target.headPosition()).toBe(1 + size);
      },
    );
  });

  describe('bad input', () => {
    it('rejects a schema name that is not a plain identifier', () => {
      expect(
        () => new PostgresEventStore({ connection: pool, schema: 'x"; drop table y' }),
      ).toThrow(RangeError);
      expect(() => new PostgresEventStore({ connection: pool, schema: '1abc' })).toThrow(
        /Invalid schema name/,
      );
    });

    it('rejects an unparseable recordedAt and a NUL character, writing nothing', async () => {
      const target = await store();
      const stream = `household-${randomUUID()}`;
      await expect(
        target.append(
          stream,
          [{ ...event(), metadata: { recordedAt: 'last Tuesday-ish' } }],
          'no_stream',
        ),
      ).rejects.toThrow(/recordedAt must be an ISO-8601 instant/);
      await expect(
        target.append(stream, [event('Nul', { name: 'a\u0000b' })], 'no_stream'),
      ).rejects.toThrow(TypeError);
      expect(await target.readStream(stream)).toEqual([]);
      expect(await target.headPosition()).toBe(START);
      // The failed write gave its position back.
      const ok = await target.append(stream, [event()], 'no_stream');
      expect(ok.position).toBe(1);
    });
  });
});
