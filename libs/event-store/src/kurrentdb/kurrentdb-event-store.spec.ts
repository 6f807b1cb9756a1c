import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import * as eventStoreLibrary from '#app/event-store';
import { START, type NewEvent, type RecordedEvent } from '../event-store.port.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { KurrentDbEventStore } from './kurrentdb-event-store.js';

/**
 * Whether a native @kurrent addon is mapped into this process, read from /proc/self/maps
 * (undefined where that file does not exist). Taken when this module loads — after the static
 * imports above, before any test connects — so it tells whether importing the library loaded it.
 * Only a test file that connects to KurrentDB and ran earlier in the same jest worker could have
 * loaded it before; none does unless KURRENTDB_CONNECTION_STRING is set.
 */
function nativeBridgeLoaded(): boolean | undefined {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return undefined;
  }
  return maps.split('\n').some((line) => line.includes('@kurrent') && line.endsWith('.node'));
}
const bridgeLoadedByImports = nativeBridgeLoaded();

const CONNECTION_STRING = process.env.KURRENTDB_CONNECTION_STRING;
const SKIP_REASON =
  'KurrentDB contract suite skipped: KURRENTDB_CONNECTION_STRING is not set ' +
  '(no KurrentDB server can run on this machine; see docs/KURRENTDB.md)';

function newEvents(count: number, type = 'Tested'): NewEvent[] {
  return Array.from({ length: count }, (_, i) => ({ eventId: randomUUID(), type, data: { i } }));
}

describe('KurrentDbEventStore without a server', () => {
  it('importing #app/event-store loads no native KurrentDB bridge', () => {
    expect(typeof eventStoreLibrary.KurrentDbEventStore.connect).toBe('function');
    // The adapter may only import the client lazily (import type, or a dynamic import()).
    const source = readFileSync(new URL('./kurrentdb-event-store.ts', import.meta.url), 'utf8');
    const eager = source
      .split(';')
      .filter((statement) => /^\s*import\s+(?!type\b)[^(]*from\s+'@kurrent\//m.test(statement));
    expect(eager).toEqual([]);
    // And, when this worker had not loaded the bridge before this file (another test file that
    // connects to KurrentDB may have), the imports above did not load it either.
    if (bridgeLoadedByImports === undefined) {
      console.warn('/proc/self/maps is not readable here; the mapping check did not run');
      return;
    }
    if (!bridgeLoadedByImports) expect(nativeBridgeLoaded()).toBe(false);
  });

  it('rejects a malformed connection string with a clear error', async () => {
    await expect(KurrentDbEventStore.connect('http://127.0.0.1:2113')).rejects.toThrow(
      /kurrentdb:\/\/host:2113\?tls=false/,
    );
    await expect(KurrentDbEventStore.connect('')).rejects.toThrow(TypeError);
  });

  describe('against a port nobody listens on', () => {
    let store: KurrentDbEventStore | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    /** A port that was free a moment ago: bound, then released. */
    async function closedPort(): Promise<number> {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (address === null || typeof address === 'string') throw new Error('no TCP port');
      return address.port;
    }

    it('fails reads and appends with the client error, not a silent empty result', async () => {
      store = await KurrentDbEventStore.connect(
        `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`,
      );
      // An unreachable server must not look like a missing stream or an empty log.
      const unavailable = { type: 'unavailable' };
      await expect(store.readStream(`household-${randomUUID()}`)).rejects.toMatchObject(
        unavailable,
      );
      await expect(store.headPosition()).rejects.toMatchObject(unavailable);
      await expect(store.readAll({ after: START, limit: 10 })).rejects.toMatchObject(unavailable);
      await expect(
        store.append(`household-${randomUUID()}`, newEvents(1), 'no_stream'),
      ).rejects.toMatchObject(unavailable);
    });

    it('checks input before any call to the server', async () => {
      store = await KurrentDbEventStore.connect(
        `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`,
      );
      await expect(store.append('$all', newEvents(1), 'any')).rejects.toThrow(/reserved/);
      await expect(
        store.append('household-1', [{ eventId: 'not-a-uuid', type: 'T', data: {} }], 'any'),
      ).rejects.toThrow(/UUID/);
      await expect(store.readAll({ after: -1, limit: 1 })).rejects.toThrow(RangeError);
      expect(() => store!.subscribeToAll({ after: 0, batchSize: 0, onEvents: () => {} })).toThrow(
        RangeError,
      );
    });

    it('resubscribes after transport errors, then gives up and rejects done', async () => {
      store = await KurrentDbEventStore.connect(
        `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`,
        { maxResubscribeAttempts: 2, resubscribeDelayMs: 10 },
      );
      const delivered: RecordedEvent[] = [];
      const started = Date.now();
      const subscription = store.subscribeToAll({
        after: START,
        onEvents: (events) => {
          delivered.push(...events);
        },
      });
      await expect(subscription.done).rejects.toMatchObject({ type: 'unavailable' });
      // Not a speed check: a lower bound proving both back-offs (10 ms, then 20 ms) were waited.
      expect(Date.now() - started).toBeGreaterThanOrEqual(30);
      expect(delivered).toEqual([]);
      await expect(subscription.stop()).resolves.toBeUndefined();
    });

    it('close() stops a subscription that is waiting to resubscribe', async () => {
      store = await KurrentDbEventStore.connect(
        `kurrentdb://127.0.0.1:${await closedPort()}?tls=false`,
        { maxResubscribeAttempts: 1_000, resubscribeDelayMs: 60_000 },
      );
      const subscription = store.subscribeToAll({ after: START, onEvents: () => {} });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await store.close();
      await expect(subscription.done).resolves.toBeUndefined();
      await expect(store.headPosition()).rejects.toThrow(/closed/);
    });
  });
});

if (CONNECTION_STRING) {
  describeEventStoreContract(
    'KurrentDB',
    async () => {
      // A server cannot be wiped between runs: each store sees only what was written after it
      // connected, and every test uses fresh random stream names.
      const store = await KurrentDbEventStore.connect(CONNECTION_STRING, {
        hideExistingEvents: true,
      });
      return { store, cleanup: () => store.close() };
    },
    { globallyUniqueEventIds: false },
  );

  describe('KurrentDbEventStore on a server', () => {
    const stores: KurrentDbEventStore[] = [];
    afterEach(async () => {
      await Promise.all(stores.splice(0).map((s) => s.close()));
    });

    async function connect(hideExistingEvents = true): Promise<KurrentDbEventStore> {
      const store = await KurrentDbEventStore.connect(CONNECTION_STRING!, { hideExistingEvents });
      stores.push(store);
      return store;
    }

    it("positions are KurrentDB's commit positions, read back the same through every path", async () => {
      const store = await connect(false);
      const stream = `household-${randomUUID()}`;
      const result = await store.append(stream, newEvents(3), 'no_stream');
      const fromStream = await store.readStream(stream);
      const fromLog = await store.readAll({ after: fromStream[0].position - 1, limit: 3 });
      expect(fromLog.map((e) => e.position)).toEqual(fromStream.map((e) => e.position));
      expect(result.position).toBe(fromStream[2].position);
      // Byte offsets in the transaction log: increasing, and far apart.
      expect(fromStream[1].position - fromStream[0].position).toBeGreaterThan(1);
    });

    it('readAll starts correctly from a position that falls between two events', async () => {
      const store = await connect();
      const stream = `household-${randomUUID()}`;
      await store.append(stream, newEvents(4), 'no_stream');
      const events = await store.readStream(stream);
      const fresh = await connect(); // knows no positions yet
      const after = await fresh.readAll({ after: events[1].position + 1, limit: 10 });
      expect(after.map((e) => e.eventId)).toEqual(events.slice(2).map((e) => e.eventId));
    });

    it('a subscription on one connection sees appends made through another', async () => {
      const writer = await connect();
      const reader = await connect();
      const received: RecordedEvent[] = [];
      const subscription = reader.subscribeToAll({
        after: await reader.headPosition(),
        onEvents: (events) => {
          received.push(...events);
        },
      });
      const batch = newEvents(3);
      await writer.append(`household-${randomUUID()}`, batch, 'no_stream');
      const deadline = Date.now() + 5_000;
      while (received.length < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await subscription.stop();
      expect(received.map((e) => e.eventId)).toEqual(batch.map((e) => e.eventId));
    });

    it('known gap: an event id already used in another stream is accepted there', async () => {
      const store = await connect();
      const [event] = newEvents(1);
      await store.append(`household-${randomUUID()}`, [event], 'no_stream');
      const other = `household-${randomUUID()}`;
      await store.append(other, [event], 'no_stream');
      expect((await store.readStream(other)).map((e) => e.eventId)).toEqual([event.eventId]);
    });
  });
} else {
  console.warn(SKIP_REASON);
  describe('EventStore contract: KurrentDB', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
