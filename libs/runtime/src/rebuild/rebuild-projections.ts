import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlite, type SqliteHandle } from '#app/database';
import {
  DEFAULT_CATCH_UP_BATCH_SIZE,
  DEFAULT_RUNNER_NAME,
  ProjectionRunner,
  SqliteEventStore,
  type Position,
  type Projection,
} from '#app/event-store';

/*
 * Rebuilding the read models of the embedded SQLite file while the API keeps serving them.
 *
 * 1. Build: a ProjectionRunner replays the log into a scratch SQLite file next to the database
 *    (`<file>.rebuild`), with the same projection code, in one transaction that keeps the rows
 *    in memory between batches (ProjectionRunner.applyStream), so each row is written about
 *    once. Events are read through a second connection to the database file; in WAL mode
 *    readers never wait for, nor block, the API.
 *    The scratch file is disposable, so it trades durability for speed: an in-memory rollback
 *    journal, no fsync, a larger page cache, and no secondary indexes while it fills (they change
 *    no result, only speed, and are built once at the end). Unique keys stay: they are part of
 *    what the projections do (an `on conflict` needs them).
 * 2. Switch: one write transaction on the database file, with the scratch file ATTACHed, that
 *    checks the log's head is the position the scratch build reached, drops the projections'
 *    tables, recreates them with the DDL the projections' own `migrate` produced in the scratch
 *    file (indexes included), copies the rows and sets the checkpoint and versions. Readers see
 *    the old tables until the commit and the new ones after it: the switch is atomic. If events
 *    were appended since the build caught up, the transaction is rolled back, the build catches
 *    up again and the switch is retried, so nothing appended during the rebuild is lost.
 *
 * Why copy instead of switching table names: the projections' SQL names its tables, so the new
 * tables must end up under those names, and SQLite resolves an unqualified name to the main
 * database first. Renaming staged tables would keep the index names of the staging copies. The
 * copy is one `insert … select` per table, so the write lock is held for the copy only (see the
 * bench for its length), never for the replay.
 *
 * The switch runs synchronously on the raw connection, with no await inside the transaction:
 * when the API runs in the same process (tests, or an admin endpoint some day), its own work
 * cannot interleave with a half-done switch and then sleep in SQLite's busy handler on the one
 * thread the switch needs to finish. The write lock is taken without a busy wait, retrying
 * between awaits instead, for the same reason.
 *
 * One rebuild runs per database at a time (a lock file next to it, naming the process).
 *
 * A running API needs no signal: its runner re-reads the stored checkpoint inside each batch
 * transaction, so after the switch it skips what the rebuild already applied and continues from
 * the new checkpoint. A batch of it that had begun reading before the switch and writes after it
 * fails with SQLITE_BUSY_SNAPSHOT and is retried by the runner from the checkpoint.
 *
 * PostgreSQL (later) would rebuild into a separate schema and switch with `alter schema … rename`
 * in one transaction; nothing here is needed there.
 */

export interface RebuildProgress {
  phase: 'build' | 'switch';
  /** Position the scratch build has reached. */
  position: Position;
  /** Head of the log when last read. */
  head: Position;
  /** Switch attempts so far (phase 'switch'). */
  attempt?: number;
}

export interface RebuildOptions {
  /** The embedded database file (events and read models). */
  file: string;
  projections: readonly Projection[];
  /** Checkpoint name of the runner whose read models are rebuilt. */
  runnerName?: string;
  /** Events read at a time by the scratch build. */
  batchSize?: number;
  /** Events after which the scratch build writes its rows and lets them go (bounds memory). */
  flushEvery?: number;
  /** Called after each batch and before each switch attempt; awaited. */
  onProgress?: (progress: RebuildProgress) => void | Promise<void>;
  /** How many times the switch may find new events and catch up again before giving up. */
  maxSwitchAttempts?: number;
  /** How long the switch may wait for the write lock, in total, per attempt. */
  lockTimeoutMs?: number;
}

export interface RebuildResult {
  /** Checkpoint of the new read models: the head of the log at the switch. */
  position: Position;
  /** Rows per table after the switch. */
  rows: Record<string, number>;
  buildMs: number;
  /** Time the switch held the database's write lock. */
  switchMs: number;
  switchAttempts: number;
}

export class RebuildError extends Error {
  override readonly name = 'RebuildError';
}

export const DEFAULT_FLUSH_EVERY = 100_000;

const CHECKPOINTS = 'projection_checkpoints';
const SCHEMAS = 'projection_schemas';
const SCRATCH_SCHEMA = 'rebuild';

interface SchemaObject {
  type: 'table' | 'index';
  name: string;
  tbl_name: string;
  sql: string | null;
}

export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { file, projections } = options;
  if (!existsSync(file)) throw new RebuildError(`数据库文件不存在 / no database file: ${file}`);
  const tables = projections.flatMap((p) => p.tables);
  if (new Set(tables).size !== tables.length) {
    throw new RebuildError(`two projections claim the same table: ${tables.join(', ')}`);
  }
  const scratchFile = `${file}.rebuild`;
  const lockFile = `${scratchFile}.lock`;
  takeLock(lockFile);
  try {
    // Left by a rebuild that crashed (the lock says none is running).
    removeDatabaseFiles(scratchFile);
    return await rebuildLocked({ ...options, scratchFile, tables });
  } finally {
    removeDatabaseFiles(scratchFile);
    rmSync(lockFile, { force: true });
  }
}

async function rebuildLocked(
  options: RebuildOptions & { scratchFile: string; tables: readonly string[] },
): Promise<RebuildResult> {
  const {
    file,
    projections,
    runnerName = DEFAULT_RUNNER_NAME,
    batchSize = DEFAULT_CATCH_UP_BATCH_SIZE,
    flushEvery = DEFAULT_FLUSH_EVERY,
    onProgress,
    maxSwitchAttempts = 20,
    lockTimeoutMs = 10_000,
    scratchFile,
    tables,
  } = options;
  const source = openSqlite(file);
  const store = new SqliteEventStore(source.db);
  let scratch: SqliteHandle | undefined;
  try {
    await store.init();
    scratch = openSqlite(scratchFile);
    // Disposable file: see the comment at the top. MEMORY (not OFF) keeps ROLLBACK working.
    scratch.raw.pragma('journal_mode = MEMORY');
    scratch.raw.pragma('synchronous = OFF');
    scratch.raw.pragma('cache_size = -65536');
    const runner = new ProjectionRunner(store, scratch.db, projections, {
      name: runnerName,
    });
    await runner.init();
    const indexes = dropSecondaryIndexes(scratch, tables);

    const started = performance.now();
    let head = await store.headPosition();
    // One scratch transaction per catch-up, rows written once (see ProjectionRunner.applyStream);
    // the events are read through the other connection, so the transaction does not block them.
    const catchUp = (phase: RebuildProgress['phase']) =>
      runner.applyStream((after) => store.readAll({ after, limit: batchSize }), {
        flushEvery,
        onProgress: (position) => {
          head = Math.max(head, position);
          return onProgress?.({ phase, position, head });
        },
      });
    await onProgress?.({ phase: 'build', position: runner.position, head });
    await catchUp('build');
    // Indexed as the tables they replace will be, so that the copy at the switch moves rows and
    // index entries as they are (SQLite's transfer optimisation) instead of rebuilding indexes.
    for (const index of indexes) scratch.raw.exec(index.sql!);
    const buildMs = performance.now() - started;

    for (let attempt = 1; ; attempt++) {
      head = await store.headPosition();
      await onProgress?.({ phase: 'switch', position: runner.position, head, attempt });
      const outcome = await trySwitch({
        source,
        scratchFile,
        tables,
        runnerName,
        position: runner.position,
        lockTimeoutMs,
      });
      if (outcome.switched) {
        return {
          position: runner.position,
          rows: outcome.rows,
          buildMs,
          switchMs: outcome.ms,
          switchAttempts: attempt,
        };
      }
      if (attempt >= maxSwitchAttempts) {
        throw new RebuildError(
          `日志持续有新事件写入，${attempt} 次切换均未完成，请稍后重试 / ` +
            `the log kept growing: the switch did not complete in ${attempt} attempts, try again later`,
        );
      }
      await catchUp('switch');
    }
  } finally {
    await store.close();
    await scratch?.close();
    await source.close();
  }
}

/**
 * One rebuild per database at a time: a second one would delete the first one's scratch file.
 * The lock file names the process holding it; a lock whose process is gone is stale and taken.
 */
function takeLock(lockFile: string): void {
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const pid = Number(readFileSync(lockFile, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
      throw new RebuildError(
        `另一个重建正在进行（进程 ${pid}，锁文件 ${lockFile}）/ another rebuild is running (process ${pid}, lock file ${lockFile})`,
      );
    }
    rmSync(lockFile, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    // Signal 0 only asks whether the process exists.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Drops the non-unique indexes of the tables and returns them, to be created again later. */
function dropSecondaryIndexes(handle: SqliteHandle, tables: readonly string[]): SchemaObject[] {
  const indexes = schemaObjects(handle, 'main').filter(
    // Automatic indexes (primary keys, unique constraints) have no SQL and are kept.
    (o) => o.type === 'index' && o.sql !== null && tables.includes(o.tbl_name),
  );
  for (const index of indexes) {
    if (/^\s*create\s+unique\b/i.test(index.sql!)) continue;
    handle.raw.exec(`drop index ${quote(index.name)}`);
  }
  return indexes.filter((index) => !/^\s*create\s+unique\b/i.test(index.sql!));
}

function schemaObjects(handle: SqliteHandle, schema: string): SchemaObject[] {
  return handle.raw
    .prepare<[], SchemaObject>(
      `select type, name, tbl_name, sql from ${quote(schema)}.sqlite_master where type in ('table', 'index')`,
    )
    .all();
}

interface SwitchInput {
  source: SqliteHandle;
  scratchFile: string;
  tables: readonly string[];
  runnerName: string;
  position: Position;
  lockTimeoutMs: number;
}

type SwitchOutcome =
  { switched: true; rows: Record<string, number>; ms: number } | { switched: false };

async function trySwitch(input: SwitchInput): Promise<SwitchOutcome> {
  const { source, scratchFile, lockTimeoutMs } = input;
  const raw = source.raw;
  raw.prepare(`attach database ? as ${SCRATCH_SCHEMA}`).run(scratchFile);
  try {
    const deadline = performance.now() + lockTimeoutMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
      // No busy wait: another connection of this process may hold the lock and needs the thread.
      raw.pragma('busy_timeout = 0');
      let locked = false;
      try {
        raw.exec('begin immediate');
        locked = true;
      } catch (error) {
        if (!isBusy(error)) throw error;
      } finally {
        raw.pragma('busy_timeout = 5000');
      }
      if (locked) break;
      if (performance.now() > deadline) {
        throw new RebuildError(
          `${lockTimeoutMs} 毫秒内未能取得数据库写锁 / could not take the database write lock within ${lockTimeoutMs} ms`,
        );
      }
      await sleep(wait);
    }
    const started = performance.now();
    try {
      const rows = switchLocked(input);
      if (rows === undefined) {
        raw.exec('rollback');
        return { switched: false };
      }
      raw.exec('commit');
      return { switched: true, rows, ms: performance.now() - started };
    } catch (error) {
      if (raw.inTransaction) raw.exec('rollback');
      throw error;
    }
  } finally {
    raw.prepare(`detach database ${SCRATCH_SCHEMA}`).run();
  }
}

/** Inside the write transaction; undefined when the log has moved past the scratch build. */
function switchLocked(input: SwitchInput): Record<string, number> | undefined {
  const { source, tables, runnerName, position } = input;
  const raw = source.raw;
  const head =
    raw.prepare<[], { head: number | null }>('select max(position) as head from events').get()!
      .head ?? 0;
  if (head !== position) return undefined;

  // The DDL the projections' own `migrate` ran in the scratch file.
  const scratchObjects = schemaObjects(source, SCRATCH_SCHEMA);
  const ddlOf = (table: string) => {
    const ddl = scratchObjects.find((o) => o.type === 'table' && o.name === table)?.sql;
    if (!ddl) throw new RebuildError(`the scratch build has no table ${table}`);
    return ddl;
  };
  // The runner's bookkeeping tables, in case the API has never started on this file.
  for (const table of [CHECKPOINTS, SCHEMAS]) {
    raw.exec(ddlOf(table).replace(/^\s*create\s+table\s+/i, 'create table if not exists '));
  }
  const rows: Record<string, number> = {};
  for (const table of tables) {
    raw.exec(`drop table if exists main.${quote(table)}`);
    // Unqualified CREATE statements create in main. Indexes before rows: with the same indexes
    // on both sides the copy moves index entries as they are (the transfer optimisation).
    raw.exec(ddlOf(table));
    for (const index of scratchObjects) {
      if (index.type === 'index' && index.tbl_name === table && index.sql) raw.exec(index.sql);
    }
    const copied = raw
      .prepare(`insert into main.${quote(table)} select * from ${SCRATCH_SCHEMA}.${quote(table)}`)
      .run();
    rows[table] = copied.changes;
  }
  raw
    .prepare(
      `insert into main.${CHECKPOINTS} (name, position) values (?, ?) ` +
        'on conflict (name) do update set position = excluded.position',
    )
    .run(runnerName, position);
  raw.prepare(`delete from main.${SCHEMAS} where runner = ?`).run(runnerName);
  raw
    .prepare(
      `insert into main.${SCHEMAS} (runner, projection, version) ` +
        `select runner, projection, version from ${SCRATCH_SCHEMA}.${SCHEMAS} where runner = ?`,
    )
    .run(runnerName);
  return rows;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal'])
    rmSync(`${file}${suffix}`, { force: true });
}
