import pg from 'pg';
import { isSchemaName, redactUrl } from '#app/database';
import {
  appendTarget,
  DEFAULT_POSTGRES_SCHEMA,
  ForeignTargetError,
  importTarget,
  KurrentDbEventStore,
  migrateLog,
  MigrationInterruptedError,
  PostgresEventStore,
  type MigrateOptions,
  type MigrateOutcome,
  type MigrationTarget,
} from '#app/event-store';
import { positiveIntFlag } from './args.js';
import { CommandError, UsageError, type CliCommand } from './command.js';
import { DATA_DIR_FLAG, openEventLog, resolveDataDir } from './event-log.js';
import { Progress } from './progress.js';

export const DEFAULT_MIGRATE_BATCH = 2000;

/** The target's connections carry this name, so an operator can find them in pg_stat_activity. */
export const MIGRATE_APPLICATION_NAME = 'migrate-events';

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;
const KURRENTDB_URL = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/;

type TargetSpec =
  { engine: 'postgres'; url: string; schema: string } | { engine: 'kurrentdb'; url: string };

/**
 * Checks --to and --schema before anything is opened. The schema defaults as the API's does:
 * EVENT_STORE_SCHEMA, then the adapter's default.
 */
export function parseTarget(to: unknown, schema: unknown, env: NodeJS.ProcessEnv = {}): TargetSpec {
  if (typeof to !== 'string') {
    throw new UsageError(
      '缺少参数 --to / --to postgres://…|kurrentdb://… is required (the target event store)',
    );
  }
  if (POSTGRES_URL.test(to)) {
    const name =
      typeof schema === 'string' ? schema : env.EVENT_STORE_SCHEMA || DEFAULT_POSTGRES_SCHEMA;
    if (!isSchemaName(name)) {
      throw new UsageError(
        `--schema "${name}" 无效：只能用字母、数字和 _，不以数字开头，至多 63 个字符 / ` +
          `invalid --schema "${name}": letters, digits and _ only, not starting with a digit, at most 63`,
      );
    }
    return { engine: 'postgres', url: to, schema: name };
  }
  if (KURRENTDB_URL.test(to)) {
    if (schema !== undefined) {
      throw new UsageError(
        '--schema 只适用于 PostgreSQL 目标 / --schema applies to a PostgreSQL target only',
      );
    }
    return { engine: 'kurrentdb', url: to };
  }
  throw new UsageError(
    `--to 须为 postgres://… 或 kurrentdb://… 地址，收到 "${redactUrl(to)}" / ` +
      `--to must be a postgres://… or kurrentdb://… URL, got "${redactUrl(to)}"`,
  );
}

interface OpenTarget {
  target: MigrationTarget;
  close(): Promise<void>;
}

async function openTarget(spec: TargetSpec): Promise<OpenTarget> {
  const shownUrl = redactUrl(spec.url);
  const cannotConnect = (error: unknown) =>
    new CommandError(
      `无法打开目标事件库 ${shownUrl} / cannot open the target event store ${shownUrl}: ` +
        (error instanceof Error ? error.message : String(error)),
    );
  if (spec.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: spec.url,
      max: 2,
      application_name: MIGRATE_APPLICATION_NAME,
      connectionTimeoutMillis: 15_000,
    });
    // A connection that dies while idle is dropped by the pool; the next query reports it.
    pool.on('error', () => undefined);
    // One that dies while checked out (inside the adapter's import transaction) fails that
    // query, and also emits 'error' on the client, which would crash the process unheard.
    pool.on('connect', (client) => client.on('error', () => undefined));
    let store: PostgresEventStore;
    try {
      store = await PostgresEventStore.create({ connection: pool, schema: spec.schema });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw cannotConnect(error);
    }
    return {
      target: importTarget(store),
      async close() {
        await store.close();
        await pool.end();
      },
    };
  }
  let store: KurrentDbEventStore;
  try {
    store = await KurrentDbEventStore.connect(spec.url);
  } catch (error) {
    throw cannotConnect(error);
  }
  return { target: appendTarget(store), close: () => store.close() };
}

export interface MigrateHooks {
  /** Passed to migrateLog; a test uses it to interrupt a run between batches. */
  afterBatch?: MigrateOptions['afterBatch'];
}

/** The command, with hooks so tests can interrupt the same wiring. */
export function createMigrateEventsCommand(hooks: MigrateHooks = {}): CliCommand {
  return {
    name: 'migrate-events',
    summary:
      '将内嵌 SQLite 事件日志迁移到 PostgreSQL 或 KurrentDB / copy the embedded event log to PostgreSQL or KurrentDB',
    flags: [
      {
        name: 'to',
        kind: 'string',
        valueName: 'URL',
        description:
          '目标事件库（必填）：postgres://… 或 kurrentdb://… / target event store (required): postgres://… or kurrentdb://…',
      },
      {
        name: 'schema',
        kind: 'string',
        valueName: 'NAME',
        description: `PostgreSQL 的 schema，默认取 EVENT_STORE_SCHEMA，再默认 ${DEFAULT_POSTGRES_SCHEMA}，不存在则创建 / PostgreSQL schema (default: $EVENT_STORE_SCHEMA, then ${DEFAULT_POSTGRES_SCHEMA}; created if missing)`,
      },
      DATA_DIR_FLAG,
      {
        name: 'batch-size',
        kind: 'string',
        valueName: 'N',
        description: `每批事件数（默认 ${DEFAULT_MIGRATE_BATCH}）/ events per batch (default ${DEFAULT_MIGRATE_BATCH})`,
      },
      {
        name: 'limit',
        kind: 'string',
        valueName: 'N',
        description:
          '本次至多迁移 N 个事件，重新运行即继续（分段迁移）/ copy at most N events in this run; re-run to continue',
      },
    ],
    details: [
      '按位置顺序读取 DATA_DIR 中的事件日志，写入目标，保留事件 id、流与版本号、顺序和元数据（含 recordedAt）。',
      'Reads the log of DATA_DIR in position order and writes it to the target, keeping event ids,',
      'streams and revisions, order and metadata (recordedAt included). It copies up to the head',
      'it sees at start: stop the API first, or re-run afterwards to copy what was appended meanwhile.',
      '',
      '可续传：重新运行时先核对目标已有的事件与源日志逐个相同，再从其后继续；目标已完整时不写入。',
      '目标含有其他事件时拒绝迁移。',
      'Resumable: a re-run checks, event by event, that the target holds the start of this log and',
      'continues after it; on a complete target it writes nothing. A target holding anything else',
      'is refused.',
      '',
      'PostgreSQL：经导入路径，每批一个事务，全局位置也保持不变（读模型检查点、knownAt 仍然有效）。',
      'PostgreSQL: through the import path, one transaction per batch; global positions are kept too,',
      'so read-model checkpoints and knownAt positions stay valid.',
      'KurrentDB：服务器自行分配提交位置，位置无法保留；按原顺序逐流追加（精确的期望版本、原事件 id），',
      '事件 id 须为 UUID。迁移后须在 KurrentDB 上重建读模型；旧报告中的 knownAt 位置不再对应。',
      '此路径尚未连接真实的 KurrentDB 服务器运行过（仅类型检查及在 PostgreSQL 上以追加方式测试）。',
      'KurrentDB: the server assigns commit positions, so positions change; events are appended in',
      'their order, each stream run with its exact expected revision and original ids (which must be',
      'UUIDs). Rebuild the read models on KurrentDB afterwards; knownAt positions of earlier reports',
      'no longer apply. This path has not been run against a KurrentDB server (type-checked, and its',
      'append logic tested on PostgreSQL).',
      '',
      '例 / example: npm run cli -- migrate-events --to postgres://postgres@127.0.0.1:5432/poverty --data-dir ./data',
    ].join('\n'),
    async run(flags, io) {
      const spec = parseTarget(flags.to, flags.schema, io.env);
      const batchSize = positiveIntFlag(flags, 'batch-size', DEFAULT_MIGRATE_BATCH);
      const limit =
        flags.limit === undefined ? undefined : positiveIntFlag(flags, 'limit', Infinity);
      const shownUrl = redactUrl(spec.url);
      const describeTarget =
        spec.engine === 'postgres' ? `${shownUrl} (schema ${spec.schema})` : shownUrl;

      const log = await openEventLog(resolveDataDir(flags, io.env), { mustExist: true });
      try {
        const upTo = await log.store.headPosition();
        const total = await log.countEvents(upTo);
        const opened = await openTarget(spec);
        const progress = new Progress({
          stream: io.stderr,
          isTTY: io.stderrIsTTY,
          unit: 'events',
          total,
          label: '迁移 / migrate',
        });
        const started = performance.now();
        let outcome: MigrateOutcome;
        try {
          outcome = await migrateLog(log.store, opened.target, {
            batchSize,
            upTo,
            limit,
            onProgress: (done) => progress.update(done),
            afterBatch: hooks.afterBatch,
          });
          progress.finish();
        } catch (error) {
          progress.abort();
          throw explain(error, describeTarget);
        } finally {
          await opened.close();
        }
        const seconds = (performance.now() - started) / 1000;
        const held = outcome.present + outcome.written;
        const lines: string[] = [];
        if (outcome.written === 0 && held === total) {
          lines.push(
            `目标 ${describeTarget} 已包含全部 ${held} 个事件（至源位置 ${upTo}），未写入任何事件 / ` +
              `the target ${describeTarget} already holds all ${held} events (up to source position ${upTo}); nothing was written`,
          );
        } else {
          const rate = seconds > 0 ? Math.round(outcome.written / seconds) : 0;
          lines.push(
            `已迁移 ${outcome.written} 个事件到 ${describeTarget}（目标中原有 ${outcome.present} 个），` +
              `用时 ${seconds.toFixed(1)} 秒，${rate} 个/秒 / migrated ${outcome.written} events to ` +
              `${describeTarget} (${outcome.present} were already there) in ${seconds.toFixed(1)} s, ${rate} events/s`,
          );
        }
        if (held < total) {
          lines.push(
            `已达 --limit：目标有源的前 ${held} 个事件（至位置 ${outcome.position}），尚余 ${total - held} 个；` +
              `用同一命令重新运行即继续 / stopped at --limit: the target holds the source's first ${held} ` +
              `events (up to position ${outcome.position}), ${total - held} to go; re-run the same command to continue`,
          );
        } else if (spec.engine === 'kurrentdb') {
          lines.push(
            'KurrentDB 分配了新的全局位置，请在其上重建读模型 / KurrentDB assigned new global positions: rebuild the read models on it',
          );
        }
        const headNow = await log.store.headPosition();
        if (headNow > upTo) {
          lines.push(
            `迁移期间源日志有新事件（末位置 ${upTo} → ${headNow}）；停止 API 后重新运行以迁移它们 / ` +
              `events were appended to the source meanwhile (head ${upTo} → ${headNow}); ` +
              'stop the API and re-run to copy them',
          );
        }
        io.stderr.write(lines.join('\n') + '\n');
      } finally {
        await log.close();
      }
    },
  };
}

function explain(error: unknown, target: string): unknown {
  if (error instanceof ForeignTargetError) {
    return new CommandError(
      `${error.message}\n目标 ${target} 中已有不属于本日志的事件：只能迁移到空的目标，或续传同一日志的迁移；未写入任何事件 / ` +
        `the target ${target} holds events that are not this log's: migrate into an empty target, ` +
        'or resume a migration of the same log; nothing was written',
    );
  }
  if (error instanceof MigrationInterruptedError) {
    const [zh, en] = error.maybeMore ? ['至少有', 'at least '] : ['有', ''];
    return new CommandError(
      `迁移中断 / migration interrupted: ${error.message}\n` +
        `目标${zh}源的前 ${error.held} 个事件（至源位置 ${error.position}）；用同一命令重新运行即从此继续 / ` +
        `the target holds ${en}the source's first ${error.held} events (up to source position ${error.position}); ` +
        're-run the same command to continue from there',
    );
  }
  return new CommandError(
    `核对目标 ${target} 失败，未写入任何事件 / checking the target ${target} failed, nothing was written: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );
}

export const migrateEvents = createMigrateEventsCommand();
