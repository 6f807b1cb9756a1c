import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import type { EventStore } from '#app/event-store';
import {
  demoAreaFileContent,
  seedDemoCounty,
  type SeedOptions,
  type SeedResult,
} from '#app/demo-county';
import { EVENT_STORE } from '#app/households';
import { bootApp } from './app-context.js';
import { positiveIntFlag } from './args.js';
import { CommandError, type CliCommand } from './command.js';
import { DATA_DIR_FLAG, openEventLog, resolveDataDir } from './event-log.js';
import { Progress } from './progress.js';

/** libs/demo-county's entry point, or a stand-in (tests): the county's history through the bus. */
export type Seeder = (commandBus: CommandBus, options: SeedOptions) => Promise<SeedResult>;

/** The command, with the seeder injectable so tests can drive the same wiring with a small one. */
export function createSeedDemoCommand(
  loadSeeder: () => Promise<Seeder> = async () => seedDemoCounty,
): CliCommand {
  return {
    name: 'seed-demo',
    summary:
      '生成示范县（经命令总线，与 GraphQL 同一路径）/ generate the demo county through the command bus',
    flags: [
      DATA_DIR_FLAG,
      {
        name: 'force',
        kind: 'boolean',
        description: '库中已有事件时仍然写入 / seed even if the store already holds events',
      },
      {
        name: 'concurrency',
        kind: 'string',
        valueName: 'N',
        description:
          '并发命令数（默认由示范县模块决定）/ commands in flight (default: the seeder’s)',
      },
    ],
    details:
      '需要一个空的数据目录，除非加 --force。`npm run demo` 即在 ./data-demo（或 DATA_DIR）中运行本命令。\n' +
      'Needs an empty data directory unless --force. `npm run demo` runs it on ./data-demo (or DATA_DIR).',
    async run(flags, io) {
      const dataDir = resolveDataDir(flags, io.env);
      const concurrency =
        flags.concurrency === undefined ? undefined : positiveIntFlag(flags, 'concurrency', 1);
      const seed = await loadSeeder();
      await refuseNonEmpty(dataDir, flags.force === true);
      const app = await bootApp(dataDir, io);
      try {
        const store = app.get<EventStore>(EVENT_STORE);
        const before = await store.headPosition();
        const progress = new Progress({
          stream: io.stderr,
          isTTY: io.stderrIsTTY,
          unit: 'commands',
          label: '示范县 / demo',
        });
        const started = performance.now();
        let summary: SeedResult;
        try {
          summary = await seed(app.get(CommandBus), {
            onProgress: (done, total) => progress.update(done, total),
            ...(concurrency === undefined ? {} : { concurrency }),
          });
          progress.finish();
          // The demo county's area registry, next to its data: reports print township names.
          writeFileSync(
            join(dataDir, 'areas.json'),
            `${JSON.stringify(demoAreaFileContent(), null, 2)}\n`,
          );
        } catch (error) {
          progress.abort();
          throw error;
        }
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const events = (await store.headPosition()) - before;
        io.stderr.write(
          `示范县已生成于 ${dataDir}：${summary.households} 户，${summary.commands} 条命令，` +
            `${events} 个事件，用时 ${seconds} 秒 / demo county seeded in ${dataDir}: ` +
            `${summary.households} households, ${summary.commands} commands, ${events} events in ${seconds} s\n`,
        );
      } finally {
        await app.close();
      }
    },
  };
}

export const seedDemo = createSeedDemoCommand();

async function refuseNonEmpty(dataDir: string, force: boolean): Promise<void> {
  const log = await openEventLog(dataDir, { mustExist: false });
  try {
    const head = await log.store.headPosition();
    if (head > 0 && !force) {
      const count = await log.countEvents(head);
      throw new CommandError(
        `数据目录 ${dataDir} 已有 ${count} 个事件；请换一个空目录（DATA_DIR 或 --data-dir），或加 --force / ` +
          `${dataDir} already holds ${count} events; use an empty directory (DATA_DIR or --data-dir) or --force`,
      );
    }
  } finally {
    await log.close();
  }
}
