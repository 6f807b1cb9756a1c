import { QueryBus } from '@nestjs/cqrs';
import {
  EVENT_STORE,
  GetYearEndReportQuery,
  READ_MODEL_SYNC,
  reportMarkdown,
  type ReadModelSync,
  type YearEndReport,
} from '#app/households';
import type { EventStore } from '#app/event-store';
import { bootApp } from './app-context.js';
import { positiveIntFlag } from './args.js';
import { CommandError, UsageError, type CliCommand } from './command.js';
import { DATA_DIR_FLAG, openEventLog, resolveDataDir } from './event-log.js';
import { openOutput } from './output.js';

/** JSON with money (bigint fen) as decimal yuan strings, as the GraphQL API returns it. */
export function reportJson(report: YearEndReport): string {
  return JSON.stringify(
    report,
    (key, value: unknown) => {
      if (typeof value !== 'bigint') return value;
      const sign = value < 0n ? '-' : '';
      const abs = value < 0n ? -value : value;
      return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
    },
    2,
  );
}

/**
 * Prints the year-end report from the read models of DATA_DIR, once they include the whole log.
 * The same query as GraphQL's yearEndReport, so both give the same figures.
 */
export const report: CliCommand = {
  name: 'report',
  summary: '年度报告（JSON 或 Markdown）/ the year-end report as JSON or Markdown',
  flags: [
    DATA_DIR_FLAG,
    { name: 'year', kind: 'string', valueName: 'YYYY', description: '年度 / the year (required)' },
    {
      name: 'area',
      kind: 'string',
      valueName: 'CODE',
      description: '区划代码前缀（默认全部）/ area code prefix (default: all)',
    },
    {
      name: 'known-at',
      kind: 'string',
      valueName: 'POSITION',
      description: '按此全局日志位置时所知重新生成 / as known at this log position',
    },
    {
      name: 'format',
      kind: 'string',
      valueName: 'json|md',
      description: '输出格式（默认 md）/ output format (default md)',
    },
    {
      name: 'out',
      kind: 'string',
      valueName: 'FILE|-',
      description: '输出文件，- 为标准输出（默认）/ output file, - for stdout (default)',
    },
  ],
  details: '例 / example: npm run cli -- report --year 2020 --area 431023 --format md',
  async run(flags, io) {
    if (flags.year === undefined) throw new UsageError('缺少 --year / --year is required');
    const year = positiveIntFlag(flags, 'year', 1);
    const knownAt = flags['known-at'] === undefined ? null : positiveIntFlag(flags, 'known-at', 0);
    const format = flags.format ?? 'md';
    if (format !== 'json' && format !== 'md') {
      throw new UsageError(
        `--format 只能是 json 或 md / --format must be json or md, got "${String(format)}"`,
      );
    }
    const area = typeof flags.area === 'string' ? flags.area : null;
    const dataDir = resolveDataDir(flags, io.env);
    // Refuse a directory with no database rather than create an empty one.
    await (await openEventLog(dataDir, { mustExist: true })).close();
    const app = await bootApp(dataDir, io);
    try {
      const head = await app.get<EventStore>(EVENT_STORE).headPosition();
      await app.get<ReadModelSync>(READ_MODEL_SYNC).waitFor(head, 10 * 60_000);
      let result: YearEndReport;
      try {
        result = await app.get(QueryBus).execute(new GetYearEndReportQuery(year, area, knownAt));
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code !== undefined) throw new CommandError(`${code}: ${(error as Error).message}`);
        throw error;
      }
      const output = openOutput(typeof flags.out === 'string' ? flags.out : '-', io.stdout);
      await output.write(format === 'json' ? `${reportJson(result)}\n` : reportMarkdown(result));
      await output.commit();
    } finally {
      await app.close();
    }
  },
};
