import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { openSqlite, type SqliteHandle } from '../../../database/src/sqlite.js';
import { ConcurrencyError, type RecordedEvent } from '../event-store.port.js';
import { describeEventLogImportContract } from '../testing/event-log-import.contract.js';
import { describeEventStoreContract } from '../testing/event-store.contract.js';
import { SqliteEventStore } from './sqlite-event-store.js';

const POLL_INTERVAL_MS = 50;

function tempDatabaseFile(): { file: string; removeDir: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  return {
    file: join(dir, 'events.db'),
    removeDir: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function openStore(
  file: string,
  pollIntervalMs = POLL_INTERVAL_MS,
): Promise<{ handle: SqliteHandle; store: SqliteEventStore }> {
  const handle = openSqlite(file);
  const store = new SqliteEventStore(handle.db, { pollIntervalMs });
  await store.init();
  return { handle, store };
}

/** A store on a file of its own, removed by cleanup. */
async function fixture(pollIntervalMs = POLL_INTERVAL_MS) {
  const { file, removeDir } = tempDatabaseFile();
  const { handle, store } = await openStore(file, pollIntervalMs);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await handle.close();
      removeDir();
    },
  };
}

describeEventStoreContract('SQLite file', () => fixture());
describeEventLogImportContract('SQLite file', ({ pollIntervalMs }) => fixture(pollIntervalMs));

describe('SqliteEventStore in-process wake-ups', () => {
  it('delivers live appends at once, without waiting for the poll, to stores sharing the connection', async () => {
    const { file, removeDir } = tempDatabaseFile();
    const handle = openSqlite(file);
    // A poll this long would time the test out: only the in-process wake-up can deliver in time.
    const writer = new SqliteEventStore(handle.db, { pollIntervalMs: 600_000 });
    const reader = new SqliteEventStore(handle.db, { pollIntervalMs: 600_000 });
    await writer.init();
    const received: string[] = [];
    const subscription = reader.subscribeToAll({
      after: 0,
      batchSize: 2,
      onEvents: (events) => {
        received.push(...events.map((e) => e.eventId));
      },
    });
    try {
      // Fired without awaiting so that some commit while the subscription's reads are in flight.
      const appends = Array.from({ length: 10 }, (_, i) =>
        writer.append(
          `household-${i}`,
          [{ eventId: `w-${i}`, type: 'Registered', data: {} }],
          'no_stream',
        ),
      );
      await Promise.all(appends);
      const until = Date.now() + 2_000;
      while (received.length < 10 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(received).toEqual(Array.from({ length: 10 }, (_, i) => `w-${i}`));
      await writer.append(
        'household-late',
        [{ eventId: 'late', type: 'Registered', data: {} }],
        'any',
      );
      const lateUntil = Date.now() + 2_000;
      while (received.length < 11 && Date.now() < lateUntil) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(received.at(-1)).toBe('late');
    } finally {
      await subscription.stop();
      await handle.close();
      removeDir();
    }
  });
});

describe('SqliteEventStore on one file through two connections', () => {
  const teardown: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const step of teardown.splice(0).reverse()) await step();
  });

  async function twoConnections() {
    const { file, removeDir } = tempDatabaseFile();
    teardown.push(removeDir);
    const first = await openStore(file);
    teardown.push(
      () => first.handle.close(),
      () => first.store.close(),
    );
    const second = await openStore(file);
    teardown.push(
      () => second.handle.close(),
      () => second.store.close(),
    );
    return { writer: first.store, reader: second.store };
  }

  it('init is idempotent and keeps existing events', async () => {
    const { writer, reader } = await twoConnections();
    await writer.append(
      'household-1',
      [{ eventId: 'e-1', type: 'Registered', data: {} }],
      'no_stream',
    );
    await writer.init();
    await reader.init();
    expect((await reader.readStream('household-1')).map((e) => e.eventId)).toEqual(['e-1']);
  });

  it('a subscriber on one connection sees appends made through the other by polling', async () => {
    const { writer, reader } = await twoConnections();
    await writer.append(
      'household-a',
      [{ eventId: 'a-0', type: 'Registered', data: {} }],
      'no_stream',
    );

    const received: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll({
      after: 0,
      onEvents: (events) => {
        received.push(...events);
      },
    });
    teardown.push(() => subscription.stop());

    const deadline = (count: number) => async () => {
      const until = Date.now() + 5_000;
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`only ${received.length} of ${count} delivered`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    };
    await deadline(1)();
    // The reader's process-local wake-up never fires for these: only the poll can find them.
    await writer.append('household-a', [{ eventId: 'a-1', type: 'Updated', data: {} }], 0);
    await writer.append(
      'household-b',
      [{ eventId: 'b-0', type: 'Registered', data: {} }],
      'no_stream',
    );
    await deadline(3)();

    expect(received.map((e) => e.eventId)).toEqual(['a-0', 'a-1', 'b-0']);
    expect(received.map((e) => e.position)).toEqual([1, 2, 3]);
  });

  it('the expected revision is checked against writes from the other connection', async () => {
    const { writer, reader } = await twoConnections();
    await writer.append(
      'household-c',
      [{ eventId: 'c-0', type: 'Registered', data: {} }],
      'no_stream',
    );
    const conflict = await reader
      .append('household-c', [{ eventId: 'c-x', type: 'Registered', data: {} }], 'no_stream')
      .catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(ConcurrencyError);
    expect((conflict as ConcurrencyError).actual).toBe(0);
    const result = await reader.append(
      'household-c',
      [{ eventId: 'c-1', type: 'Updated', data: {} }],
      0,
    );
    expect(result).toEqual({ nextExpectedRevision: 1, position: 2 });
  });
});
