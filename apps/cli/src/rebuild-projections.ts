import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CATCH_UP_BATCH_SIZE } from '#app/event-store';
import { householdProjections } from '#app/households';
import { DATABASE_FILE, RebuildError, rebuildProjections as rebuild } from '#app/runtime';
import { positiveIntFlag } from './args.js';
import { CommandError, type CliCommand } from './command.js';
import { DATA_DIR_FLAG, resolveDataDir } from './event-log.js';
import { Progress } from './progress.js';

/**
 * Replays the whole log into fresh read-model tables and switches to them in one transaction once
 * they have caught up (see libs/runtime/src/rebuild/rebuild-projections.ts). A running API on
 * the same data directory keeps serving the old tables until then and carries on after.
 */
export const rebuildProjections: CliCommand = {
  name: 'rebuild-projections',
  summary:
    '重建查询视图：重放全部事件到新表，追平后切换（API 可照常运行）/ rebuild the read models into fresh tables and switch when caught up',
  flags: [
    DATA_DIR_FLAG,
    {
      name: 'batch-size',
      kind: 'string',
      valueName: 'N',
      description: `每批事件数（默认 ${DEFAULT_CATCH_UP_BATCH_SIZE}）/ events per batch (default ${DEFAULT_CATCH_UP_BATCH_SIZE})`,
    },
  ],
  details:
    '新表先建在数据目录中的临时文件里，切换时在一个事务内替换旧表，期间写入的新事件不会丢失。\n' +
    'The new tables are built in a scratch file in the data directory and replace the old ones in\n' +
    'one transaction; events appended meanwhile are included. Appends wait during that transaction.\n' +
    '例 / example: npm run cli -- rebuild-projections --data-dir ./data',
  async run(flags, io) {
    const dataDir = resolveDataDir(flags, io.env);
    const batchSize = positiveIntFlag(flags, 'batch-size', DEFAULT_CATCH_UP_BATCH_SIZE);
    const file = join(dataDir, DATABASE_FILE);
    if (!existsSync(file)) {
      throw new CommandError(
        `数据目录 ${dataDir} 中没有数据库文件 ${DATABASE_FILE}（请用 --data-dir 或 DATA_DIR 指定）/ ` +
          `no database file ${DATABASE_FILE} in ${dataDir} (set --data-dir or DATA_DIR)`,
      );
    }
    const progress = new Progress({
      stream: io.stderr,
      isTTY: io.stderrIsTTY,
      unit: 'positions',
      label: '重建 / rebuild',
    });
    const started = performance.now();
    let result;
    try {
      result = await rebuild({
        file,
        projections: householdProjections,
        batchSize,
        onProgress: ({ position, head }) => progress.update(position, head),
      });
      progress.finish();
    } catch (error) {
      progress.abort();
      if (error instanceof RebuildError) throw new CommandError(error.message);
      throw error;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = Object.entries(result.rows)
      .map(([table, count]) => `${table} ${count}`)
      .join(', ');
    io.stderr.write(
      `查询视图已重建并切换，位置 ${result.position}，用时 ${seconds.toFixed(1)} 秒（切换 ${Math.round(result.switchMs)} 毫秒）/ ` +
        `read models rebuilt and switched at position ${result.position} in ${seconds.toFixed(1)} s ` +
        `(switch ${Math.round(result.switchMs)} ms, ${Math.round(result.position / seconds)} events/s)\n` +
        `${rows}\n`,
    );
  },
};
