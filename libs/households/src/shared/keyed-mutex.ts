/** Waiting for a key took longer than allowed: the work holding it is still running. */
export class LockTimeoutError extends Error {
  readonly code = 'BUSY';
  constructor(readonly key: string) {
    super(`Timed out waiting for ${key}`);
    this.name = 'LockTimeoutError';
  }
}

export interface RunOptions {
  /** How long to wait for the keys before failing with LockTimeoutError; unbounded if absent. */
  waitMs?: number;
  /**
   * After `work` fails: which of its keys to keep, and until when. The others are released at
   * once, and the error goes back to the caller without waiting.
   */
  holdOnError?: (
    error: unknown,
  ) => { keys: readonly string[]; until: Promise<unknown> } | undefined;
}

/** Serialises async work per key within this process (keys locked in sorted order, no deadlock). */
export class KeyedMutex {
  private tails = new Map<string, Promise<void>>();

  async run<T>(
    keys: readonly string[],
    work: () => Promise<T>,
    options: RunOptions = {},
  ): Promise<T> {
    const held = new Map<string, () => void>();
    const release = (which: readonly string[]) => {
      for (const key of which) {
        held.get(key)?.();
        held.delete(key);
      }
    };
    try {
      for (const key of [...new Set(keys)].sort())
        held.set(key, await this.acquire(key, options.waitMs));
      const value = await work();
      release([...held.keys()]);
      return value;
    } catch (error) {
      const hold = options.holdOnError?.(error);
      const kept = hold ? hold.keys.filter((key) => held.has(key)) : [];
      release([...held.keys()].filter((key) => !kept.includes(key)));
      if (hold && kept.length > 0) {
        void hold.until.then(
          () => release(kept),
          () => release(kept),
        );
      }
      throw error;
    }
  }

  private acquire(key: string, waitMs: number | undefined): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let done!: () => void;
    const current = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    const release = () => {
      done();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    if (waitMs === undefined) return previous.then(() => release);
    return new Promise((resolve, reject) => {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        reject(new LockTimeoutError(key));
      }, waitMs);
      void previous.then(() => {
        // A waiter that gave up still takes its turn in the queue, and passes it on at once.
        if (gaveUp) return release();
        clearTimeout(timer);
        resolve(release);
      });
    });
  }
}
