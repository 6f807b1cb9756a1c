/** Serialises async work per key within this process (keys locked in sorted order, no deadlock). */
export class KeyedMutex {
  private tails = new Map<string, Promise<void>>();

  /**
   * Runs `work` holding every key. When it fails, `holdOnError` may return a promise: the keys
   * stay held until that settles, while the error goes back to the caller at once.
   */
  async run<T>(
    keys: readonly string[],
    work: () => Promise<T>,
    holdOnError?: (error: unknown) => Promise<unknown> | undefined,
  ): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    const releaseAll = () => {
      for (const release of releases.reverse()) release();
    };
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      const value = await work();
      releaseAll();
      return value;
    } catch (error) {
      const hold = holdOnError?.(error);
      if (hold) void hold.then(releaseAll, releaseAll);
      else releaseAll();
      throw error;
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
