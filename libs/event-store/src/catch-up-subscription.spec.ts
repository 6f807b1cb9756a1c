import { describe, expect, it } from '@jest/globals';
import {
  ChangeNotifier,
  pollingWakeSource,
  startCatchUpSubscription,
  type ReadAllFn,
} from './catch-up-subscription.js';
import type { ReadAllOptions, RecordedEvent } from './event-store.port.js';

/** Long enough that a test relying on the poll times out: only a wake-up can make it pass. */
const NEVER_MS = 600_000;

function event(position: number): RecordedEvent {
  return {
    eventId: `e-${position}`,
    streamId: 'test-1',
    revision: position - 1,
    position,
    type: 'Tested',
    schemaVersion: 1,
    data: {},
    metadata: { recordedAt: '2024-01-01T00:00:00.000Z' },
  };
}

async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

describe('startCatchUpSubscription', () => {
  it('does not lose a wake-up that arrives while a read is in flight', async () => {
    const notifier = new ChangeNotifier();
    const log: RecordedEvent[] = [];
    let reads = 0;
    const readAll: ReadAllFn = async ({ after, limit }: ReadAllOptions) => {
      reads++;
      const snapshot = log.filter((e) => e.position > after).slice(0, limit);
      if (reads === 1) {
        // A commit lands after this read's snapshot but before the loop decides to wait.
        log.push(event(1));
        notifier.notify();
      }
      return snapshot;
    };
    const received: number[] = [];
    const subscription = startCatchUpSubscription(readAll, pollingWakeSource(notifier, NEVER_MS), {
      after: 0,
      onEvents: (events) => {
        received.push(...events.map((e) => e.position));
      },
    });
    try {
      await eventually(() => received.length === 1);
      expect(received).toEqual([1]);
    } finally {
      await subscription.stop();
    }
  });

  it('reads again at once after a full batch and waits after a short one', async () => {
    const notifier = new ChangeNotifier();
    const log = [1, 2, 3, 4, 5].map(event);
    const calls: ReadAllOptions[] = [];
    const readAll: ReadAllFn = async (options) => {
      calls.push(options);
      return log.filter((e) => e.position > options.after).slice(0, options.limit);
    };
    const batches: number[][] = [];
    const subscription = startCatchUpSubscription(readAll, pollingWakeSource(notifier, NEVER_MS), {
      after: 0,
      batchSize: 2,
      onEvents: (events) => {
        batches.push(events.map((e) => e.position));
      },
    });
    await eventually(() => batches.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
    expect(calls.map((c) => c.after)).toEqual([0, 2, 4]);

    log.push(event(6));
    notifier.notify();
    await eventually(() => batches.length === 4);
    expect(batches[3]).toEqual([6]);
    await subscription.stop();
  });

  it('rejects done when the log goes backwards instead of delivering it', async () => {
    const notifier = new ChangeNotifier();
    const delivered: number[] = [];
    const subscription = startCatchUpSubscription(
      async () => [event(3), event(2)],
      pollingWakeSource(notifier, NEVER_MS),
      { after: 0, onEvents: (events) => void delivered.push(...events.map((e) => e.position)) },
    );
    await expect(subscription.done).rejects.toThrow(/strictly increasing/);
    expect(delivered).toEqual([]);
  });

  it('rejects done with a read failure', async () => {
    const failure = new Error('disk gone');
    const subscription = startCatchUpSubscription(
      async () => {
        throw failure;
      },
      pollingWakeSource(new ChangeNotifier(), NEVER_MS),
      { after: 0, onEvents: () => undefined },
    );
    await expect(subscription.done).rejects.toBe(failure);
  });

  it('stop() wakes a waiting subscription promptly', async () => {
    const subscription = startCatchUpSubscription(
      async () => [],
      pollingWakeSource(new ChangeNotifier(), NEVER_MS),
      { after: 0, onEvents: () => undefined },
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    await subscription.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('rejects invalid options up front', () => {
    const wake = pollingWakeSource(new ChangeNotifier(), NEVER_MS);
    const readAll: ReadAllFn = async () => [];
    expect(() =>
      startCatchUpSubscription(readAll, wake, {
        after: 0,
        batchSize: 0,
        onEvents: () => undefined,
      }),
    ).toThrow(RangeError);
    expect(() =>
      startCatchUpSubscription(readAll, wake, { after: -1, onEvents: () => undefined }),
    ).toThrow(RangeError);
    expect(() => pollingWakeSource(new ChangeNotifier(), 0)).toThrow(RangeError);
  });
});
