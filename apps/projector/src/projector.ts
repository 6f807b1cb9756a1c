import type { Kysely } from 'kysely';
import {
  ProjectionRunner,
  readCheckpoint,
  type EventStore,
  type Position,
  type Projection,
} from '#app/event-store';
import type { AdvisoryLock } from './advisory-lock.js';

export interface ProjectorLogger {
  log(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface ProjectorOptions {
  store: EventStore;
  /** The read models' database (PostgreSQL), where the runner keeps tables and checkpoint. */
  readDb: Kysely<any>;
  projections: readonly Projection[];
  /** Held while this projector runs the projections; see AdvisoryLock. */
  lock: AdvisoryLock;
  logger: ProjectorLogger;
  /** How often a standby asks for the lock again. */
  lockRetryMs?: number;
  /** How often catch-up progress is logged. */
  progressEveryMs?: number;
  /** Passed to the runner: its checkpoint name, batch sizes, retry delay. */
  runnerName?: string;
  batchSize?: number;
  catchUpBatchSize?: number;
  retryDelayMs?: number;
}

export type ProjectorRole = 'starting' | 'standby' | 'active' | 'stopped';

export interface ProjectorStatus {
  role: ProjectorRole;
  /** The active runner's checkpoint; null while standing by. */
  checkpoint: Position | null;
  /** The runner's last failure while events wait behind it. */
  failure?: string;
}

/** Thrown from catch-up's progress callback to stop between two batches. */
class Interrupted extends Error {}

/**
 * Runs a set of projections in the one process of many that holds the set's advisory lock; the
 * others stand by and ask for the lock every `lockRetryMs`. Active, it replays what the read
 * models lack in large batches (logging progress), then follows the log. It stops projecting
 * when asked to (`stop`: finish the batch, release the lock) or when the lock's connection is
 * lost (then it stands by again, as another projector may be active already).
 *
 * Every term as the active projector starts from the checkpoint stored in the read models, so
 * it continues exactly where the previous holder's last committed batch ended.
 *
 * The one overlap left: a holder whose lock session dies while the process lives on (an admin
 * ends the session, a network fault on that connection alone) learns of it within a heartbeat,
 * and a batch already under way then still commits while the new holder may start. Projections
 * are idempotent by contract (see Projection), so events applied by both leave the same rows.
 * A crashed or killed holder has no such batch: PostgreSQL rolls it back with its connections.
 */
export class Projector {
  private role: ProjectorRole = 'starting';
  private runner?: ProjectionRunner;
  private stopping = false;
  private readonly stopController = new AbortController();
  private loop?: Promise<void>;
  private readonly lockRetryMs: number;
  private readonly progressEveryMs: number;

  constructor(private readonly options: ProjectorOptions) {
    this.lockRetryMs = options.lockRetryMs ?? 1000;
    this.progressEveryMs = options.progressEveryMs ?? 2000;
  }

  get status(): ProjectorStatus {
    const runner = this.runner;
    return {
      role: this.role,
      checkpoint: runner?.position ?? null,
      ...(runner?.failure !== undefined && { failure: runner.failure }),
    };
  }

  /** The checkpoint the read models include, whoever projects them. */
  /** The checkpoint in the read models; 0 before the first projector has created its table. */
  async storedCheckpoint(): Promise<Position> {
    try {
      return await readCheckpoint(this.options.readDb, this.options.runnerName);
    } catch (error) {
      if ((error as { code?: string }).code === '42P01') return 0; // undefined_table
      throw error;
    }
  }

  /** Starts competing for the lock; resolves at once. `done` ends after `stop()`. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Settles when the projector has stopped (after `stop()`), or rejects on a fatal error. */
  get done(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  /** Finishes the batch in progress, releases the lock and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopController.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { lock, logger } = this.options;
    let standbySince: number | undefined;
    let lastError: string | undefined;
    try {
      while (!this.stopping) {
        let acquired = false;
        try {
          acquired = await lock.tryAcquire();
          lastError = undefined;
        } catch (error) {
          const message = errorMessage(error);
          // Once per distinct failure, not once a second while the database is away.
          if (message !== lastError) {
            logger.error('cannot reach the lock database; retrying', {
              error: message,
              retryInMs: this.lockRetryMs,
            });
          }
          lastError = message;
        }
        if (this.stopping) break;
        if (!acquired) {
          if (this.role !== 'standby') {
            this.role = 'standby';
            standbySince = Date.now();
            logger.log('standby: another projector holds the lock; waiting to take over', {
              retryEveryMs: this.lockRetryMs,
            });
          }
          await this.pause(this.lockRetryMs);
          continue;
        }
        logger.log('lock acquired: this projector runs the projections', {
          lockPid: lock.backendPid,
          ...(standbySince !== undefined && {
            takeover: true,
            standbyMs: Date.now() - standbySince,
          }),
        });
        standbySince = undefined;
        this.role = 'active';
        const ended = await this.activeTerm();
        if (ended !== 'stopped') {
          this.role = 'standby';
          standbySince = Date.now();
        }
        if (ended === 'lost') {
          // Whatever cut this projector off may strike again: let a standby, which asks every
          // lockRetryMs, have the lock first.
          await this.pause(this.lockRetryMs * 2);
        }
      }
    } finally {
      this.role = 'stopped';
      await lock.release().catch((error: unknown) => {
        logger.error('releasing the lock failed (closing its connection released it)', {
          error: errorMessage(error),
        });
      });
      logger.log('projector stopped; lock released');
    }
  }

  /** Runs the projections until stopped or the lock is lost; the runner is stopped after. */
  private async activeTerm(): Promise<'stopped' | 'lost' | 'failed'> {
    const { lock, logger } = this.options;
    let lostReason: string | undefined;
    const lost = lock.lost.then((reason) => {
      lostReason = reason;
      return 'lost' as const;
    });
    const runner = new ProjectionRunner(
      this.options.store,
      this.options.readDb,
      this.options.projections,
      {
        name: this.options.runnerName,
        batchSize: this.options.batchSize,
        catchUpBatchSize: this.options.catchUpBatchSize,
        retryDelayMs: this.options.retryDelayMs,
        logger: { log: logger.log.bind(logger), error: logger.error.bind(logger) },
      },
    );
    this.runner = runner;
    try {
      await runner.init();
    } catch (error) {
      // The read-model database is away, or refuses the tables: let another projector try.
      logger.error('projections could not start; giving the lock up and trying again', {
        error: errorMessage(error),
        retryInMs: this.lockRetryMs,
      });
      this.runner = undefined;
      await lock.release().catch(() => undefined);
      await this.pause(this.lockRetryMs);
      return 'failed';
    }
    const interrupted = () => lostReason !== undefined || this.stopping;
    try {
      if (!interrupted()) await this.catchUp(runner, interrupted);
    } catch (error) {
      if (!(error instanceof Interrupted)) {
        // Following the log retries from the checkpoint with a back-off, and isolates an event
        // that fails every time; the failure shows in the logs and on /health.
        logger.error('catch-up failed; following the log from the checkpoint', {
          error: errorMessage(error),
          checkpoint: runner.position,
        });
      }
    }
    if (!interrupted()) {
      runner.start();
      const stopped = new Promise<'stopped'>((resolve) => {
        if (this.stopController.signal.aborted) resolve('stopped');
        this.stopController.signal.addEventListener('abort', () => resolve('stopped'), {
          once: true,
        });
      });
      await Promise.race([lost, stopped]);
    }
    // Finishes the batch in progress; none starts after this.
    await runner.stop();
    this.runner = undefined;
    if (lostReason !== undefined) {
      logger.error('lock lost: projections stopped; standing by', {
        reason: lostReason,
        checkpoint: runner.position,
      });
      return 'lost';
    }
    logger.log('projections stopped', { checkpoint: runner.position });
    return 'stopped';
  }

  /**
   * Replays what the read models lack in catch-up batches (larger than the live ones), with a
   * progress line every `progressEveryMs`. Between two batches it stops if `interrupted()`.
   */
  private async catchUp(runner: ProjectionRunner, interrupted: () => boolean): Promise<void> {
    const { logger, store } = this.options;
    const from = runner.position;
    const head = await store.headPosition();
    if (head <= from) {
      logger.log('read models are up to date', { checkpoint: from, head });
      return;
    }
    logger.log('catching up', { checkpoint: from, head, behind: head - from });
    const started = performance.now();
    let lastReport = started;
    await runner.catchUp((position) => {
      const now = performance.now();
      if (now - lastReport >= this.progressEveryMs) {
        lastReport = now;
        logger.log('catching up', {
          checkpoint: position,
          head,
          percent: Math.min(100, Math.floor(((position - from) / (head - from)) * 100)),
          eventsPerSecond: Math.round((position - from) / ((now - started) / 1000)),
        });
      }
      if (interrupted()) throw new Interrupted();
    });
    const seconds = (performance.now() - started) / 1000;
    logger.log('caught up; following the log', {
      checkpoint: runner.position,
      from,
      seconds: Math.round(seconds * 10) / 10,
    });
  }

  private pause(ms: number): Promise<void> {
    const signal = this.stopController.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
