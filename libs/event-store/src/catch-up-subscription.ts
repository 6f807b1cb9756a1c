import type {
  Position,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from './event-store.port.js';

export const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;

/** Checks the options of `subscribeToAll`, the same in every adapter; returns the batch size. */
export function checkSubscribeOptions(options: SubscribeOptions): number {
  const batchSize = options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(options.after) || options.after < 0) {
    throw new RangeError(`after must be a non-negative integer position, got ${options.after}`);
  }
  return batchSize;
}

/**
 * Tells a caught-up subscription that new events may exist. Tokens make the hand-off race-free:
 * the loop takes a token *before* reading, so an append that commits while the read is in flight
 * still moves the token on and the following wait returns at once instead of sleeping a poll.
 */
export interface WakeSource {
  token(): number;
  /** Resolves when the token has moved past `since`, on a timeout, or when `signal` aborts. */
  waitSince(since: number, signal: AbortSignal): Promise<void>;
}

/**
 * In-process "something was appended" signal. Writers call notify() after commit; a caught-up
 * subscription waits on it with a poll timeout (see pollingWakeSource), because writers this
 * notifier never hears about — another process, another connection — are only seen by polling.
 */
export class ChangeNotifier {
  #version = 0;
  readonly #waiters = new Set<() => void>();

  token(): number {
    return this.#version;
  }

  notify(): void {
    this.#version++;
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves when notify() has been called since `since`, after `timeoutMs`, or on abort. */
  waitSince(since: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.#version !== since || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.#waiters.delete(finish);
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#waiters.add(finish);
      signal.addEventListener('abort', finish, { once: true });
    });
  }
}

/** A WakeSource that returns on an in-process notification or, at the latest, after one poll. */
export function pollingWakeSource(notifier: ChangeNotifier, pollIntervalMs: number): WakeSource {
  if (!(pollIntervalMs > 0)) {
    throw new RangeError(`pollIntervalMs must be > 0, got ${pollIntervalMs}`);
  }
  return {
    token: () => notifier.token(),
    waitSince: (since, signal) => notifier.waitSince(since, pollIntervalMs, signal),
  };
}

export type ReadAllFn = (options: ReadAllOptions) => Promise<readonly RecordedEvent[]>;

/**
 * The adapter-independent catch-up loop: read from the checkpoint in batches, hand each batch to
 * the handler and wait for it, and when a read comes back short wait for a wake-up or the poll.
 * History and live delivery are the same code path, so there is no switch-over point at which an
 * event could be skipped or delivered twice; the adapter only has to guarantee that `readAll`
 * never returns a position below one that commits later.
 *
 * A failing handler (or read) ends the subscription and rejects `done`. `done` is pre-marked as
 * handled so a caller that only awaits `stop()` does not crash the process with an unhandled
 * rejection — whoever supervises the subscription must observe `done` to learn about failures.
 * Do not await `stop()` from inside `onEvents`: it waits for that very handler to return.
 */
export function startCatchUpSubscription(
  readAll: ReadAllFn,
  wake: WakeSource,
  options: SubscribeOptions,
): Subscription {
  const batchSize = checkSubscribeOptions(options);
  const abort = new AbortController();

  const run = async (): Promise<void> => {
    let checkpoint: Position = options.after;
    while (!abort.signal.aborted) {
      const token = wake.token();
      const events = await readAll({ after: checkpoint, limit: batchSize });
      if (abort.signal.aborted) return;
      if (events.length > 0) {
        let previous = checkpoint;
        for (const event of events) {
          if (event.position <= previous) {
            throw new Error(
              `Event store returned position ${event.position} after ${previous}; ` +
                'the log must be strictly increasing',
            );
          }
          previous = event.position;
        }
        await options.onEvents(events);
        checkpoint = previous;
        // A full batch means there is probably more history: read again without waiting.
        if (events.length === batchSize) continue;
      }
      await wake.waitSince(token, abort.signal);
    }
  };

  // Start on a later tick so subscribeToAll returns before the first read, like a real network call.
  const done = Promise.resolve().then(run);
  done.catch(() => undefined);

  return {
    done,
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
    },
  };
}
