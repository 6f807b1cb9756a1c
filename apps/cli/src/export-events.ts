import type { CliCommand } from './command.js';
import { DATA_DIR_FLAG, openEventLog, resolveDataDir } from './event-log.js';
import { toEventLine } from './event-lines.js';
import { openOutput } from './output.js';
import { Progress } from './progress.js';

const READ_BATCH = 2000;

/**
 * Writes the global log as JSON Lines, one event per line in position order, read in batches so
 * memory stays flat however long the log is. The export stops at the head it saw when it started:
 * events appended meanwhile (by an API on the same data) are left for the next export, so the
 * file is always a consistent prefix of the log.
 */
export const exportEvents: CliCommand = {
  name: 'export-events',
  summary: '导出全部事件为 JSON Lines（备份）/ export the whole event log as JSON Lines (backup)',
  flags: [
    DATA_DIR_FLAG,
    {
      name: 'out',
      kind: 'string',
      valueName: 'FILE|-',
      description: '输出文件，- 为标准输出（默认）/ output file, - for stdout (default)',
    },
  ],
  details:
    '每行一个事件：position, eventId, streamId, revision, type, schemaVersion, data, metadata（含 recordedAt）。\n' +
    'One event per line with position, eventId, streamId, revision, type, schemaVersion, data and\n' +
    'metadata (recordedAt included). A file is written as FILE.partial and renamed when complete.\n' +
    '例 / example: npm run cli -- export-events --out backup.jsonl',
  async run(flags, io) {
    const dataDir = resolveDataDir(flags, io.env);
    const target = typeof flags.out === 'string' ? flags.out : '-';
    const log = await openEventLog(dataDir, { mustExist: true });
    try {
      const head = await log.store.headPosition();
      const total = await log.countEvents(head);
      const output = openOutput(target, io.stdout);
      const progress = new Progress({
        stream: io.stderr,
        isTTY: io.stderrIsTTY,
        unit: 'events',
        total,
        label: '导出 / export',
      });
      let done = 0;
      try {
        let after = 0;
        while (after < head) {
          const batch = await log.store.readAll({ after, limit: READ_BATCH });
          const events = batch.filter((event) => event.position <= head);
          if (events.length === 0) break;
          await output.write(events.map(toEventLine).join('\n') + '\n');
          done += events.length;
          after = events[events.length - 1].position;
          progress.update(done);
        }
        await output.commit();
        progress.finish();
      } catch (error) {
        progress.abort();
        output.discard();
        throw error;
      }
      io.stderr.write(
        `已导出 ${done} 个事件（至位置 ${head}）到 ${output.describe} / ` +
          `exported ${done} events (up to position ${head}) to ${output.describe}\n`,
      );
    } finally {
      await log.close();
    }
  },
};
