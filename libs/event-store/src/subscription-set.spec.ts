import { describe, expect, it } from '@jest/globals';
import type { Subscription } from './event-store.port.js';
import { SubscriptionSet } from './subscription-set.js';

/** A subscription that ends when stop() is called or when the test ends it. */
function subscription(): Subscription & { end(failure?: Error): void; stops: number } {
  let end!: (failure?: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    end = (failure) => (failure ? reject(failure) : resolve());
  });
  done.catch(() => undefined);
  const created = {
    done,
    stops: 0,
    end,
    async stop() {
      created.stops++;
      end();
      await done.catch(() => undefined);
    },
  };
  return created;
}

describe('SubscriptionSet', () => {
  it('stops the live subscriptions, and only those', async () => {
    const set = new SubscriptionSet();
    const [live, ended, failed] = [subscription(), subscription(), subscription()];
    expect(set.add(live)).toBe(live);
    set.add(ended);
    set.add(failed);
    expect(set.size).toBe(3);

    ended.end();
    failed.end(new Error('handler failed'));
    await Promise.allSettled([ended.done, failed.done]);
    expect(set.size).toBe(1);

    await set.stopAll();
    expect([live.stops, ended.stops, failed.stops]).toEqual([1, 0, 0]);
    expect(set.size).toBe(0);
  });
});
