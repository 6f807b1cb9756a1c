import type { Kysely, Transaction } from 'kysely';
import type { EventStore, Position, RecordedEvent, Subscription } from '../event-store.port.js';
import type { Projection, ProjectionBatch } from './projection.js';

export interface RunnerLogger {
  log(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

export interface ProjectionRunnerOptions {
  /** Checkpoint name; one per set of projections. */
  name?: string;
  /** Events per batch when following the log (each batch is one read-model transaction). */
  batchSize?: number;
  /**
   * Events per batch in `catchUp()` (rebuilds, CLI): larger batches touch each row fewer times
   * and hold the write transaction longer, which only a live follower has to keep short.
   * Defaults to `batchSize` when that is given, else DEFAULT_CATCH_UP_BATCH_SIZE.
   */
  catchUpBatchSize?: number;
  /**
   * Many events per unit of work (the default). `false` gives every event a unit of work of its
   * own: the reference path that the fast one is compared with.
   */
  batchApply?: boolean;
  /** Delay before a failed subscription is restarted from its checkpoint. */
  retryDelayMs?: number;
  logger?: RunnerLogger;
}

export class ProjectionTimeoutError extends Error {
  readonly code = 'PROJECTION_TIMEOUT';
  constructor(
    readonly position: Position,
    readonly reached: Position,
  ) {
    super(`已保存，但查询视图尚未更新到位置 ${position}（当前 ${reached}），请稍后刷新`);
    this.name = 'ProjectionTimeoutError';
  }
}

const CHECKPOINTS = 'projection_checkpoints';

/** The runner's table of checkpoints, one row per runner, in the read-model database. */
export interface ProjectionCheckpoints {
  projection_checkpoints: { name: string; position: Position };
}
const SCHEMAS = 'projection_schemas';
export const DEFAULT_RUNNER_NAME = 'read-models';
/** See ProjectionRunnerOptions.catchUpBatchSize: a few tenths of a second of work per batch. */
export const DEFAULT_CATCH_UP_BATCH_SIZE = 5000;

/** The global position a runner's read models include; read inside a query's transaction. */
export async function readCheckpoint(
  db: Kysely<any>,
  name: string = DEFAULT_RUNNER_NAME,
): Promise<Position> {
  const row = await db
    .selectFrom(CHECKPOINTS)
    .select('position')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? Number(row.position) : 0;
}

/**
 * Reads the global log in batches and applies each batch with its checkpoint in one read-model
 * transaction, so a crash at any point followed by a restart yields the same tables.
 */
export class ProjectionRunner {
  private checkpoint: Position = 0;
  private subscription?: Subscription;
  private waiters = new Set<{ position: Position; resolve: () => void }>();
  private stopped = true;
  private retryTimer?: NodeJS.Timeout;
  private lastError?: string;
  private failures = 0;
  readonly name: string;
  private readonly batchSize: number;
  private readonly catchUpBatchSize: number;
  private readonly batchApply: boolean;

  constructor(
    private readonly store: EventStore,
    private readonly db: Kysely<any>,
    readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.name = options.name ?? DEFAULT_RUNNER_NAME;
    this.batchSize = options.batchSize ?? 500;
    // A runner given only a batch size keeps it for both (specs that count batches rely on it).
    this.catchUpBatchSize =
      options.catchUpBatchSize ?? options.batchSize ?? DEFAULT_CATCH_UP_BATCH_SIZE;
    this.batchApply = options.batchApply ?? true;
    for (const [option, value] of [
      ['batchSize', this.batchSize],
      ['catchUpBatchSize', this.catchUpBatchSize],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${option} must be a positive integer, got ${value}`);
      }
    }
  }

  get position(): Position {
    return this.checkpoint;
  }

  get failure(): string | undefined {
    return this.lastError;
  }

  get running(): boolean {
    return !this.stopped;
  }

  async init(): Promise<void> {
    await this.db.schema
      .createTable(CHECKPOINTS)
      .ifNotExists()
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('position', 'bigint', (c) => c.notNull())
      .execute();
    await this.db.schema
      .createTable(SCHEMAS)
      .ifNotExists()
      .addColumn('runner', 'text', (c) => c.notNull())
      .addColumn('projection', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('projection_schemas_pk', ['runner', 'projection'])
      .execute();
    await this.resetIfVersionsChanged();
    for (const p of this.projections) await p.migrate(this.db);
    this.checkpoint = await readCheckpoint(this.db, this.name);
  }

  /**
   * Read models written by another version of a projection cannot be patched in place, and a
   * projection added to a runner that is already under way has missed the log before its
   * checkpoint. Either way drop the tables and the checkpoint so that the log is replayed into
   * the current layout. A database with a checkpoint but no stored versions predates versioning
   * and is treated as changed. A projection that was removed changes nothing.
   */
  private async resetIfVersionsChanged(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const stored = new Map(
        (
          await trx
            .selectFrom(SCHEMAS)
            .select(['projection', 'version'])
            .where('runner', '=', this.name)
            .execute()
        ).map((r) => [r.projection as string, Number(r.version)]),
      );
      const changed = this.projections.filter((p) => stored.get(p.name) !== (p.version ?? 1));
      if (changed.length === 0) return;
      const checkpoint = await readCheckpoint(trx, this.name);
      if (checkpoint > 0) {
        this.options.logger?.log('projection versions changed: rebuilding the read models', {
          runner: this.name,
          changed: changed.map(
            (p) => `${p.name}@${stored.get(p.name) ?? 'none'}→${p.version ?? 1}`,
          ),
          checkpoint,
        });
        for (const p of this.projections) {
          for (const table of p.tables) await trx.schema.dropTable(table).ifExists().execute();
        }
        await trx.deleteFrom(CHECKPOINTS).where('name', '=', this.name).execute();
      }
      for (const p of this.projections) {
        const version = p.version ?? 1;
        await trx
          .insertInto(SCHEMAS)
          .values({ runner: this.name, projection: p.name, version })
          .onConflict((oc) => oc.columns(['runner', 'projection']).doUpdateSet({ version }))
          .execute();
      }
    });
  }

  /** Follows the log: history first, then live events, until stop(). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.subscribe();
  }

  /** Finishes the batch in progress, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Applies everything in the log now, without subscribing (rebuilds, CLI, tests). */
  async catchUp(onProgress?: (position: Position) => void): Promise<Position> {
    for (;;) {
      const events = await this.store.readAll({
        after: this.checkpoint,
        limit: this.catchUpBatchSize,
      });
      if (events.length === 0) return this.checkpoint;
      await this.applyBatch(events);
      onProgress?.(this.checkpoint);
    }
  }

  /**
   * Applies a batch and moves the checkpoint, atomically. Events at or before the stored
   * checkpoint are skipped, so a batch delivered twice is applied once.
   */
  async applyBatch(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    try {
      await this.applyInOneTransaction(events);
    } catch (error) {
      if (events.length === 1 || this.failures === 0) throw error;
      // Retrying after a failure: one bad event must not hold back the good ones before it, so
      // apply them one at a time and let the checkpoint stop just before the event that fails.
      for (const event of events) await this.applyInOneTransaction([event]);
    }
  }

  private async applyInOneTransaction(events: readonly RecordedEvent[]): Promise<void> {
    const reached = await this.db.transaction().execute(async (trx) => {
      const from = await readCheckpoint(trx, this.name);
      const fresh = events.filter((e) => e.position > from);
      if (fresh.length === 0) return from;
      await new UnitOfWork(trx, this.projections, this.batchApply).add(fresh, { flush: true });
      const last = fresh[fresh.length - 1]!.position;
      await this.storeCheckpoint(trx, last);
      return last;
    });
    this.advanceTo(reached);
  }

  /**
   * Applies what `read` returns, batch after batch until it returns none, in ONE read-model
   * transaction with one checkpoint at the end. Rows stay in memory between batches, so each is
   * loaded once and written once per `flushEvery` events however many events touch it: the way
   * to replay a long log into tables nobody else uses (a rebuild's scratch database), since the
   * write lock is held throughout.
   *
   * `read(after)` returns the events after a position, as `EventStore.readAll` does. It must not
   * read through this runner's Kysely instance: a query there waits for this very transaction.
   */
  async applyStream(
    read: (after: Position) => Promise<readonly RecordedEvent[]>,
    {
      onProgress,
      flushEvery = 100_000,
    }: {
      onProgress?: (position: Position) => void | Promise<void>;
      /** Events after which changed rows are written and the in-memory rows let go. */
      flushEvery?: number;
    } = {},
  ): Promise<Position> {
    const reached = await this.db.transaction().execute(async (trx) => {
      let position = await readCheckpoint(trx, this.name);
      const start = position;
      let work = new UnitOfWork(trx, this.projections, this.batchApply);
      let sinceFlush = 0;
      for (;;) {
        const events = (await read(position)).filter((e) => e.position > position);
        if (events.length === 0) break;
        await work.add(events);
        position = events[events.length - 1]!.position;
        sinceFlush += events.length;
        if (sinceFlush >= flushEvery) {
          await work.flush();
          work = new UnitOfWork(trx, this.projections, this.batchApply);
          sinceFlush = 0;
        }
        await onProgress?.(position);
      }
      await work.flush();
      if (position > start) await this.storeCheckpoint(trx, position);
      return position;
    });
    this.advanceTo(reached);
    return this.checkpoint;
  }

  /**
   * Moves the checkpoint forward only: if two runners ever overlap (a projector that lost its
   * lock, a second API with inline projections), the one committing later with an older batch
   * must not move it back. Re-applied events are idempotent; a checkpoint going backwards is not.
   */
  private async storeCheckpoint(trx: Transaction<any>, position: Position): Promise<void> {
    await trx
      .insertInto(CHECKPOINTS)
      .values({ name: this.name, position })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ position }).where(`${CHECKPOINTS}.position`, '<', position),
      )
      .execute();
  }

  /** Resolves once the read models include `position` (read-your-writes). */
  waitFor(position: Position, timeoutMs = 5000): Promise<void> {
    if (this.checkpoint >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new ProjectionTimeoutError(position, this.checkpoint));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  private subscribe(): void {
    this.options.logger?.log('projections following the log', {
      runner: this.name,
      checkpoint: this.checkpoint,
    });
    const subscription = this.store.subscribeToAll({
      after: this.checkpoint,
      batchSize: this.batchSize,
      onEvents: (events) => this.applyBatch(events),
    });
    this.subscription = subscription;
    subscription.done.then(
      () => undefined,
      (error: unknown) => {
        this.lastError = error instanceof Error ? error.message : String(error);
        // A poison event fails every time: back off (doubling, capped) instead of hammering.
        const base = this.options.retryDelayMs ?? 2000;
        const delay = Math.min(base * 2 ** this.failures, 60_000);
        this.failures++;
        this.options.logger?.error('projection batch failed; retrying from checkpoint', {
          runner: this.name,
          checkpoint: this.checkpoint,
          error: this.lastError,
          retryInMs: delay,
        });
        if (this.stopped) return;
        this.retryTimer = setTimeout(() => {
          if (!this.stopped) this.subscribe();
        }, delay);
      },
    );
  }

  private advanceTo(position: Position): void {
    if (position <= this.checkpoint) return;
    this.checkpoint = position;
    this.lastError = undefined;
    this.failures = 0;
    for (const waiter of this.waiters) {
      if (waiter.position <= position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

/** Every projection's work in one transaction. */
class UnitOfWork {
  private readonly batches: ProjectionBatch[];

  constructor(
    private readonly trx: Transaction<any>,
    private readonly projections: readonly Projection[],
    private readonly batchApply: boolean,
  ) {
    this.batches = projections.map((p) => p.batch(trx));
  }

  /** With `flush`, each projection writes its rows before the next one starts. */
  async add(events: readonly RecordedEvent[], { flush = false } = {}): Promise<void> {
    if (!this.batchApply) {
      // The reference path: event by event, each a unit of work of its own in every projection.
      for (const event of events) {
        for (const projection of this.projections) {
          if (!projection.handles.has(event.type)) continue;
          const batch = projection.batch(this.trx);
          await batch.add([event]);
          await batch.flush();
        }
      }
      return;
    }
    for (let i = 0; i < this.projections.length; i++) {
      const handled = events.filter((e) => this.projections[i]!.handles.has(e.type));
      if (handled.length === 0) continue;
      await this.batches[i]!.add(handled);
      if (flush) await this.batches[i]!.flush();
    }
  }

  async flush(): Promise<void> {
    for (const batch of this.batches) await batch.flush();
  }
}
