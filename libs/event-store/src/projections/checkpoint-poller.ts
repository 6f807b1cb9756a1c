import type { Kysely } from 'kysely';
import type { Position } from '../event-store.port.js';
import {
  DEFAULT_RUNNER_NAME,
  ProjectionTimeoutError,
  readCheckpoint,
} from './projection-runner.js';

export interface CheckpointPollerOptions {
  /** The runner whose checkpoint to watch. */
  name?: string;
  /** Pause between two reads of the checkpoint while someone waits. */
  intervalMs?: number;
}

export const DEFAULT_CHECKPOINT_POLL_INTERVAL_MS = 20;

interface Waiter {
  position: Position;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Read-your-writes for a process that does not run the projections itself (an API instance with
 * PROJECTIONS=off, a projector elsewhere): `waitFor` resolves once the checkpoint stored in the
 * read-model database has reached a position, and fails with ProjectionTimeoutError as
 * ProjectionRunner.waitFor does.
 *
 * One loop serves every waiter: while anyone waits it reads the checkpoint row every
 * `intervalMs` (a primary-key lookup), and it stops when nobody does, so an idle instance sends
 * nothing. The checkpoint is committed with the batch it covers, so once it is seen the rows are
 * too. A failed read (a dropped connection, the projector has not created its tables yet) counts
 * as "not yet": the wait goes on until its timeout, whose error carries the last failure.
 */
export class CheckpointPoller {
  private readonly name: string;
  private readonly intervalMs: number;
  private readonly waiters = new Set<Waiter>();
  private seen: Position = 0;
  private lastFailure?: string;
  private loop?: Promise<void>;
  private polling = false;
  private closed = false;

  constructor(
    private readonly db: Kysely<any>,
    options: CheckpointPollerOptions = {},
  ) {
    this.name = options.name ?? DEFAULT_RUNNER_NAME;
    this.intervalMs = options.intervalMs ?? DEFAULT_CHECKPOINT_POLL_INTERVAL_MS;
    if (!(this.intervalMs > 0)) {
      throw new RangeError(`intervalMs must be > 0, got ${this.intervalMs}`);
    }
  }

  /** The highest checkpoint read so far. */
  get position(): Position {
    return this.seen;
  }

  /** Resolves once the read models include `position`. */
  waitFor(position: Position, timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.reject(new Error('CheckpointPoller is closed'));
    if (position <= this.seen) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const error = new ProjectionTimeoutError(position, this.seen);
          if (this.lastFailure !== undefined) {
            error.cause = `reading the checkpoint failed: ${this.lastFailure}`;
          }
          reject(error);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
      if (!this.polling) {
        this.polling = true;
        this.loop = this.poll();
      }
    });
  }

  /** Stops polling; pending waits fail at once. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('CheckpointPoller is closed'));
    }
    this.waiters.clear();
    await this.loop;
  }

  private async poll(): Promise<void> {
    try {
      for (;;) {
        try {
          const checkpoint = await readCheckpoint(this.db, this.name);
          this.lastFailure = undefined;
          // The latest value, not the highest: after a rebuild resets the checkpoint, a wait
          // must wait for the rebuilt tables, not resolve against the old position.
          this.seen = checkpoint;
        } catch (error) {
          this.lastFailure = error instanceof Error ? error.message : String(error);
        }
        for (const waiter of this.waiters) {
          if (waiter.position <= this.seen) {
            this.waiters.delete(waiter);
            clearTimeout(waiter.timer);
            waiter.resolve();
          }
        }
        if (this.waiters.size === 0 || this.closed) return;
        await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
      }
    } finally {
      // In the same synchronous step as the check above: a waitFor arriving after it starts a
      // new loop instead of joining one that is about to end.
      this.polling = false;
    }
  }
}
