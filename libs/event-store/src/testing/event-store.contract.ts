import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
} from '../event-store.port.js';

export interface EventStoreFixture {
  store: EventStore;
  cleanup: () => Promise<void>;
}

/** How long a test waits for a subscription to deliver; well above any adapter's poll interval. */
const DELIVERY_TIMEOUT_MS = 5_000;

function newEvent(
  type = 'Tested',
  data: unknown = { n: 1 },
  extra: Partial<NewEvent> = {},
): NewEvent {
  return { eventId: randomUUID(), type, data, ...extra };
}

function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

function streamName(): string {
  return `test-${randomUUID()}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function expectConcurrencyError(
  attempt: Promise<unknown>,
  streamId: string,
  expected: ExpectedRevision,
  actual: number,
): Promise<void> {
  const error = await attempt.then(
    () => {
      throw new Error(`append succeeded; expected ConcurrencyError (expected ${String(expected)})`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConcurrencyError);
  const conflict = error as ConcurrencyError;
  expect(conflict.code).toBe('CONCURRENCY_CONFLICT');
  expect(conflict.streamId).toBe(streamId);
  expect(conflict.expected).toBe(expected);
  expect(conflict.actual).toBe(actual);
}

async function expectDuplicateEventId(attempt: Promise<unknown>, eventId: string): Promise<void> {
  const error = await attempt.then(
    () => {
      throw new Error('append succeeded; expected DuplicateEventIdError');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DuplicateEventIdError);
  expect((error as DuplicateEventIdError).code).toBe('DUPLICATE_EVENT_ID');
  expect((error as DuplicateEventIdError).eventId).toBe(eventId);
}

function expectStrictlyIncreasing(positions: readonly number[]): void {
  for (let i = 1; i < positions.length; i++) {
    expect(positions[i]).toBeGreaterThan(positions[i - 1]);
  }
}

/** What an adapter cannot do; each gap skips the tests that need it (default: no gaps). */
export interface EventStoreCapabilities {
  /**
   * Rejects an event id already used in another stream. KurrentDB deduplicates ids only within a
   * stream, so its adapter sets this to false.
   */
  globallyUniqueEventIds?: boolean;
}

/**
 * The behaviour every EventStore adapter must have. Each test gets a fresh store from `factory`
 * and calls `cleanup` afterwards; stream names are random, so a factory may also hand out
 * stores over a shared, non-empty log — except that the head/START checks then assume nothing
 * else writes concurrently.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<EventStoreFixture>,
  capabilities: EventStoreCapabilities = {},
): void {
  const itGlobalIds = capabilities.globallyUniqueEventIds === false ? it.skip : it;
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;
    const subscriptions: Subscription[] = [];

    beforeEach(async () => {
      const fixture = await factory();
      store = fixture.store;
      cleanup = fixture.cleanup;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
      await cleanup?.();
      cleanup = undefined;
    });

    function subscribe(
      after: number,
      batchSize?: number,
    ): { received: RecordedEvent[]; batches: number[]; subscription: Subscription } {
      const received: RecordedEvent[] = [];
      const batches: number[] = [];
      const subscription = store.subscribeToAll({
        after,
        batchSize,
        onEvents: (events) => {
          batches.push(events.length);
          received.push(...events);
        },
      });
      subscriptions.push(subscription);
      return { received, batches, subscription };
    }

    describe('expected revision', () => {
      it("'any' appends to a new and to an existing stream", async () => {
        const stream = streamName();
        const first = await store.append(stream, [newEvent()], 'any');
        expect(first.nextExpectedRevision).toBe(0);
        const second = await store.append(stream, newEvents(2), 'any');
        expect(second.nextExpectedRevision).toBe(2);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });

      it("'no_stream' succeeds on a new stream", async () => {
        const stream = streamName();
        const result = await store.append(stream, [newEvent()], 'no_stream');
        expect(result.nextExpectedRevision).toBe(0);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it("'no_stream' fails on an existing stream with expected and actual", async () => {
        const stream = streamName();
        await store.append(stream, newEvents(2), 'no_stream');
        await expectConcurrencyError(
          store.append(stream, [newEvent()], 'no_stream'),
          stream,
          'no_stream',
          1,
        );
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it("'stream_exists' succeeds on an existing stream", async () => {
        const stream = streamName();
        await store.append(stream, [newEvent()], 'no_stream');
        const result = await store.append(stream, [newEvent()], 'stream_exists');
        expect(result.nextExpectedRevision).toBe(1);
      });

      it("'stream_exists' fails on a missing stream with actual = no stream", async () => {
        const stream = streamName();
        await expectConcurrencyError(
          store.append(stream, [newEvent()], 'stream_exists'),
          stream,
          'stream_exists',
          NO_STREAM_REVISION,
        );
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('an exact revision succeeds when it is the current one', async () => {
        const stream = streamName();
        await store.append(stream, newEvents(3), 'no_stream');
        const result = await store.append(stream, newEvents(2), 2);
        expect(result.nextExpectedRevision).toBe(4);
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
      });

      it('an exact revision behind the stream fails with expected and actual', async () => {
        const stream = streamName();
        await store.append(stream, newEvents(3), 'no_stream');
        await expectConcurrencyError(store.append(stream, [newEvent()], 1), stream, 1, 2);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      it('an exact revision ahead of the stream fails with expected and actual', async () => {
        const stream = streamName();
        await store.append(stream, [newEvent()], 'no_stream');
        await expectConcurrencyError(store.append(stream, [newEvent()], 5), stream, 5, 0);
      });

      it('an exact revision on a missing stream fails with actual = no stream', async () => {
        const stream = streamName();
        await expectConcurrencyError(
          store.append(stream, [newEvent()], 0),
          stream,
          0,
          NO_STREAM_REVISION,
        );
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('an empty append writes nothing but still checks the expected revision', async () => {
        const stream = streamName();
        await store.append(stream, newEvents(2), 'no_stream');
        const head = await store.headPosition();
        const result = await store.append(stream, [], 1);
        expect(result.nextExpectedRevision).toBe(1);
        await expectConcurrencyError(store.append(stream, [], 0), stream, 0, 1);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(stream)).toHaveLength(2);
      });
    });

    describe('concurrency', () => {
      it('exactly one of 10 concurrent appends at the same revision wins', async () => {
        const stream = streamName();
        await store.append(stream, [newEvent()], 'no_stream');
        const attempts = Array.from({ length: 10 }, () => newEvent('Racing'));
        const results = await Promise.allSettled(
          attempts.map((event) => store.append(stream, [event], 0)),
        );

        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        const winner = results[winners[0]] as PromiseFulfilledResult<AppendResult>;
        expect(winner.value.nextExpectedRevision).toBe(1);
        for (const result of results) {
          if (result.status === 'fulfilled') continue;
          expect(result.reason).toBeInstanceOf(ConcurrencyError);
          expect((result.reason as ConcurrencyError).expected).toBe(0);
          expect((result.reason as ConcurrencyError).actual).toBe(1);
        }
        const events = await store.readStream(stream);
        expect(events.map((e) => e.eventId)).toEqual([
          expect.any(String),
          attempts[winners[0]].eventId,
        ]);
        expect(events[1].position).toBe(winner.value.position);
      });

      it("exactly one of 10 concurrent 'no_stream' appends creates the stream", async () => {
        const stream = streamName();
        const batches = Array.from({ length: 10 }, () => newEvents(3));
        const results = await Promise.allSettled(
          batches.map((batch) => store.append(stream, batch, 'no_stream')),
        );
        const winners = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected') {
            expect(result.reason).toBeInstanceOf(ConcurrencyError);
            expect((result.reason as ConcurrencyError).actual).toBe(2);
          }
        }
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual(
          batches[winners[0]].map((e) => e.eventId),
        );
      });
    });

    describe('atomicity', () => {
      it('a multi-event append gets consecutive revisions and increasing positions', async () => {
        const stream = streamName();
        const batch = newEvents(5);
        const result = await store.append(stream, batch, 'no_stream');
        const events = await store.readStream(stream);
        expect(events.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expectStrictlyIncreasing(events.map((e) => e.position));
        expect(result).toEqual({ nextExpectedRevision: 4, position: events[4].position });
      });

      it('a conflicting multi-event append writes none of its events', async () => {
        const stream = streamName();
        await store.append(stream, newEvents(2), 'no_stream');
        const head = await store.headPosition();
        const batch = newEvents(4);
        await expectConcurrencyError(store.append(stream, batch, 0), stream, 0, 1);
        expect(await store.readStream(stream)).toHaveLength(2);
        expect(await store.headPosition()).toBe(head);
        const all = await store.readAll({ after: START, limit: 10_000 });
        const ids = new Set(all.map((e) => e.eventId));
        expect(batch.filter((e) => ids.has(e.eventId))).toEqual([]);
      });

      itGlobalIds('a batch whose last event reuses an id writes none of its events', async () => {
        const taken = newEvent();
        await store.append(streamName(), [taken], 'no_stream');
        const stream = streamName();
        const batch = [...newEvents(3), { ...newEvent(), eventId: taken.eventId }];
        await expectDuplicateEventId(store.append(stream, batch, 'any'), taken.eventId);
        expect(await store.readStream(stream)).toEqual([]);
      });

      it('a batch with the same id twice is rejected and writes nothing', async () => {
        const stream = streamName();
        const event = newEvent();
        await expectDuplicateEventId(store.append(stream, [event, event], 'any'), event.eventId);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('reading', () => {
      it('readStream returns events in revision order with their content', async () => {
        const stream = streamName();
        const data = { name: 'Nguyễn Thị Lan', nested: { list: [1, 2.5, null, true] }, n: 0 };
        await store.append(
          stream,
          [newEvent('Registered', data, { schemaVersion: 3 })],
          'no_stream',
        );
        await store.append(stream, [newEvent('Updated', 'plain string')], 0);
        await store.append(streamName(), [newEvent('Elsewhere')], 'no_stream');
        await store.append(stream, [newEvent('Closed', null)], 1);

        const events = await store.readStream(stream);
        expect(events.map((e) => [e.revision, e.type, e.streamId])).toEqual([
          [0, 'Registered', stream],
          [1, 'Updated', stream],
          [2, 'Closed', stream],
        ]);
        expect(events[0].data).toEqual(data);
        expect(events[0].schemaVersion).toBe(3);
        expect(events[1].data).toBe('plain string');
        expect(events[1].schemaVersion).toBe(1);
        expect(events[2].data).toBeNull();
        expectStrictlyIncreasing(events.map((e) => e.position));
      });

      it('readStream of a missing stream is empty', async () => {
        expect(await store.readStream(streamName())).toEqual([]);
      });

      it('readAll returns every stream in append order with increasing positions', async () => {
        const a = streamName();
        const b = streamName();
        const order: string[] = [];
        const put = async (stream: string, count: number, expected: ExpectedRevision) => {
          const batch = newEvents(count);
          await store.append(stream, batch, expected);
          order.push(...batch.map((e) => e.eventId));
        };
        const start = await store.headPosition();
        await put(a, 2, 'no_stream');
        await put(b, 1, 'no_stream');
        await put(a, 1, 1);
        await put(b, 3, 0);

        const all = await store.readAll({ after: start, limit: 100 });
        expect(all.map((e) => e.eventId)).toEqual(order);
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(all[0].position).toBeGreaterThan(start);
        expect(await store.headPosition()).toBe(all[all.length - 1].position);
      });

      it('readAll treats after as exclusive and honours limit', async () => {
        const start = await store.headPosition();
        await store.append(streamName(), newEvents(6), 'no_stream');
        const all = await store.readAll({ after: start, limit: 100 });
        expect(all).toHaveLength(6);

        const fromThird = await store.readAll({ after: all[2].position, limit: 100 });
        expect(fromThird.map((e) => e.eventId)).toEqual(all.slice(3).map((e) => e.eventId));

        const limited = await store.readAll({ after: all[0].position, limit: 2 });
        expect(limited.map((e) => e.eventId)).toEqual([all[1].eventId, all[2].eventId]);

        expect(await store.readAll({ after: all[5].position, limit: 100 })).toEqual([]);
      });

      it('paging readAll with a small limit visits every event once', async () => {
        const start = await store.headPosition();
        for (let i = 0; i < 4; i++) await store.append(streamName(), newEvents(3), 'no_stream');
        const expected = await store.readAll({ after: start, limit: 100 });
        const paged: RecordedEvent[] = [];
        let after = start;
        // Bounded so an adapter whose `after` is inclusive fails instead of looping forever.
        for (let pages = 0; pages < 10; pages++) {
          const page = await store.readAll({ after, limit: 5 });
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(5);
          paged.push(...page);
          after = page[page.length - 1].position;
        }
        expect(paged.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
        expect(paged).toHaveLength(12);
      });

      it('headPosition is the newest position and START for an empty log', async () => {
        const before = await store.headPosition();
        expect(before).toBeGreaterThanOrEqual(START);
        const result = await store.append(streamName(), newEvents(2), 'no_stream');
        expect(await store.headPosition()).toBe(result.position);
        expect(result.position).toBeGreaterThan(before);
        if (before === START) {
          expect(await store.readAll({ after: START, limit: 10 })).toHaveLength(2);
        }
      });

      it('metadata round-trips and recordedAt is set when missing', async () => {
        const stream = streamName();
        const metadata = {
          correlationId: randomUUID(),
          causationId: randomUUID(),
          commandId: randomUUID(),
          actor: 'cadre:lan',
          recordedAt: '2024-03-01T08:30:00.000Z',
        };
        const lower = Date.now();
        await store.append(stream, [newEvent('WithMeta', {}, { metadata })], 'no_stream');
        await store.append(
          stream,
          [newEvent('WithoutRecordedAt', {}, { metadata: { actor: 'x' } })],
          0,
        );
        const upper = Date.now();

        const [withMeta, withoutRecordedAt] = await store.readStream(stream);
        expect(withMeta.metadata).toEqual(metadata);
        expect(withoutRecordedAt.metadata.actor).toBe('x');
        const recordedAt = withoutRecordedAt.metadata.recordedAt;
        expect(recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(Date.parse(recordedAt)).toBeGreaterThanOrEqual(lower - 1);
        expect(Date.parse(recordedAt)).toBeLessThanOrEqual(upper + 1);
        const [fromLog] = await store.readAll({ after: withMeta.position - 1, limit: 1 });
        expect(fromLog.metadata).toEqual(metadata);
      });
    });

    describe('idempotency', () => {
      it('a retried append returns the first result and writes nothing', async () => {
        const stream = streamName();
        const batch = newEvents(3);
        const first = await store.append(stream, batch, 'no_stream');
        const head = await store.headPosition();
        const retry = await store.append(stream, batch, 'no_stream');
        expect(retry).toEqual(first);
        expect(await store.headPosition()).toBe(head);
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual(
          batch.map((e) => e.eventId),
        );
      });

      it('a retry at an exact revision succeeds even after the stream moved on', async () => {
        const stream = streamName();
        await store.append(stream, [newEvent()], 'no_stream');
        const batch = newEvents(2);
        const first = await store.append(stream, batch, 0);
        expect(first.nextExpectedRevision).toBe(2);
        await store.append(stream, [newEvent()], 2);

        expect(await store.append(stream, batch, 0)).toEqual(first);
        expect(await store.append(stream, batch, 'any')).toEqual(first);
        expect(await store.append(stream, batch, 'stream_exists')).toEqual(first);
        expect(await store.readStream(stream)).toHaveLength(4);
      });

      it('concurrent retries of one append write it once', async () => {
        const stream = streamName();
        const batch = newEvents(2);
        const results = await Promise.all(
          Array.from({ length: 5 }, () => store.append(stream, batch, 'no_stream')),
        );
        for (const result of results) expect(result).toEqual(results[0]);
        expect(await store.readStream(stream)).toHaveLength(2);
      });

      it('a retry whose expected revision does not fit where it was written is a conflict', async () => {
        const stream = streamName();
        const batch = newEvents(2);
        await store.append(stream, batch, 'no_stream');
        await store.append(stream, [newEvent()], 1);
        await expectConcurrencyError(store.append(stream, batch, 0), stream, 0, 2);
        expect(await store.readStream(stream)).toHaveLength(3);
      });

      itGlobalIds('an event id already used in another stream is rejected', async () => {
        const taken = newEvent();
        await store.append(streamName(), [taken], 'no_stream');
        const other = streamName();
        await expectDuplicateEventId(store.append(other, [taken], 'any'), taken.eventId);
        await expectDuplicateEventId(store.append(other, [taken], 'no_stream'), taken.eventId);
        expect(await store.readStream(other)).toEqual([]);
      });

      it('a batch that only partly matches an earlier append is rejected', async () => {
        const stream = streamName();
        const batch = newEvents(2);
        await store.append(stream, batch, 'no_stream');
        const head = await store.headPosition();
        await expectDuplicateEventId(
          store.append(stream, [batch[0], newEvent()], 'no_stream'),
          batch[0].eventId,
        );
        await expectDuplicateEventId(
          store.append(stream, [batch[1], batch[0]], 'any'),
          batch[1].eventId,
        );
        expect(await store.headPosition()).toBe(head);
      });
    });

    describe('subscribeToAll', () => {
      it('delivers history, then live events, each exactly once and in order', async () => {
        const start = await store.headPosition();
        const streams = [streamName(), streamName(), streamName()];
        const revisions = new Map<string, number>();
        const append = async (stream: string, count: number) => {
          const current = revisions.get(stream);
          await store.append(stream, newEvents(count), current ?? 'no_stream');
          revisions.set(stream, (current ?? -1) + count);
        };
        for (const stream of streams) await append(stream, 4);

        const { received, batches } = subscribe(start, 3);
        // Racing the catch-up: these commit while the first batches are being read.
        const duringCatchUp = Promise.all(streams.map((s) => append(s, 2)));
        await duringCatchUp;
        await waitFor('catch-up', () => received.length >= 18);
        for (const stream of streams) await append(stream, 1);
        await append(streams[0], 5);

        await waitFor('live events', () => received.length >= 26);
        await sleep(50);
        const log = await store.readAll({ after: start, limit: 1_000 });
        expect(log).toHaveLength(26);
        expect(received.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
        expect(received.map((e) => e.position)).toEqual(log.map((e) => e.position));
        expect(new Set(received.map((e) => e.eventId)).size).toBe(26);
        expectStrictlyIncreasing(received.map((e) => e.position));
        for (const size of batches) expect(size).toBeLessThanOrEqual(3);
      });

      it('delivers appends that run concurrently with the catch-up without gaps', async () => {
        const start = await store.headPosition();
        for (let i = 0; i < 10; i++) await store.append(streamName(), newEvents(2), 'no_stream');
        const { received } = subscribe(start, 4);
        await Promise.all(
          Array.from({ length: 20 }, () => store.append(streamName(), newEvents(1), 'no_stream')),
        );
        await waitFor('all 40 events', () => received.length >= 40);
        await sleep(50);
        const log = await store.readAll({ after: start, limit: 1_000 });
        expect(received.map((e) => e.position)).toEqual(log.map((e) => e.position));
        expect(received).toHaveLength(40);
      });

      it('starts strictly after the given position', async () => {
        await store.append(streamName(), newEvents(5), 'no_stream');
        const head = await store.headPosition();
        const all = await store.readAll({ after: START, limit: 10_000 });
        const from = all[all.length - 3];
        const { received } = subscribe(from.position);
        await waitFor('the last two events', () => received.length >= 2);
        await sleep(30);
        expect(received.map((e) => e.position)).toEqual(all.slice(-2).map((e) => e.position));
        expect(received[1].position).toBe(head);
      });

      it('waits for each batch handler before delivering the next', async () => {
        const start = await store.headPosition();
        await store.append(streamName(), newEvents(9), 'no_stream');
        let running = 0;
        let overlapped = false;
        const seen: number[] = [];
        const subscription = store.subscribeToAll({
          after: start,
          batchSize: 2,
          onEvents: async (events) => {
            running++;
            if (running > 1) overlapped = true;
            await sleep(5);
            seen.push(...events.map((e) => e.position));
            running--;
          },
        });
        subscriptions.push(subscription);
        await waitFor('9 events', () => seen.length >= 9);
        expect(overlapped).toBe(false);
        expectStrictlyIncreasing(seen);
      });

      it('stop() resolves only after the running handler has finished', async () => {
        const start = await store.headPosition();
        await store.append(streamName(), newEvents(1), 'no_stream');
        let release!: () => void;
        const gate = new Promise<void>((resolve) => (release = resolve));
        let entered = false;
        let finished = false;
        const subscription = store.subscribeToAll({
          after: start,
          onEvents: async () => {
            entered = true;
            await gate;
            finished = true;
          },
        });
        await waitFor('the handler to start', () => entered);
        let stopped = false;
        const stopping = subscription.stop().then(() => (stopped = true));
        await sleep(20);
        expect(stopped).toBe(false);
        release();
        await stopping;
        expect(finished).toBe(true);
        await expect(subscription.done).resolves.toBeUndefined();
      });

      it('delivers nothing after stop()', async () => {
        const start = await store.headPosition();
        await store.append(streamName(), newEvents(2), 'no_stream');
        const { received, subscription } = subscribe(start);
        await waitFor('history', () => received.length >= 2);
        await subscription.stop();
        await store.append(streamName(), newEvents(2), 'no_stream');
        await sleep(300);
        expect(received).toHaveLength(2);
      });

      it('ends with the handler error when onEvents throws', async () => {
        const start = await store.headPosition();
        await store.append(streamName(), newEvents(3), 'no_stream');
        const failure = new Error('projection bug');
        let calls = 0;
        const subscription = store.subscribeToAll({
          after: start,
          batchSize: 1,
          onEvents: () => {
            calls++;
            if (calls === 2) throw failure;
          },
        });
        await expect(subscription.done).rejects.toBe(failure);
        await store.append(streamName(), newEvents(1), 'no_stream');
        await sleep(100);
        expect(calls).toBe(2);
        await expect(subscription.stop()).resolves.toBeUndefined();
      });

      it('close() stops the store’s subscriptions', async () => {
        const { subscription } = subscribe(await store.headPosition());
        await store.close();
        await expect(subscription.done).resolves.toBeUndefined();
      });
    });
  });
}
