import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { EventStore } from '#app/event-store';
import {
  EVENT_STORE,
  GetStatisticsQuery,
  GetYearEndReportQuery,
  READ_MODEL_SYNC,
  type ReadModelSync,
  type YearEndReport,
} from '#app/households';
import { createHouseholdsContext, loadConfig } from '#app/runtime';

/** What the statistics query answers. */
export type Statistics = Awaited<ReturnType<DemoApp['statistics']>>;

/** The households context (no HTTP) on a SQLite file in a (by default fresh) DATA_DIR. */
export class DemoApp {
  private constructor(
    readonly app: INestApplicationContext,
    readonly dataDir: string,
    private readonly owned: boolean,
  ) {}

  static async start(dataDir?: string): Promise<DemoApp> {
    const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'pm-demo-'));
    const app = await createHouseholdsContext({
      ...loadConfig({ LOG_LEVEL: 'fatal' }),
      dataDir: dir,
    });
    return new DemoApp(app, dir, dataDir === undefined);
  }

  get commandBus(): CommandBus {
    return this.app.get(CommandBus);
  }

  /** Events in the store: the head of the global log (positions start at 1, no gaps). */
  async eventCount(): Promise<number> {
    return this.app.get<EventStore>(EVENT_STORE).headPosition();
  }

  /** Waits until the read models include the whole log (after a restore, they replay it). */
  async caughtUp(): Promise<void> {
    await this.app.get<ReadModelSync>(READ_MODEL_SYNC).waitFor(await this.eventCount(), 300_000);
  }

  statistics(asOf: string) {
    return this.app.get(QueryBus).execute(new GetStatisticsQuery(asOf));
  }

  report(year: number, areaCode?: string, knownAt?: number): Promise<YearEndReport> {
    return this.app.get(QueryBus).execute(new GetYearEndReportQuery(year, areaCode, knownAt));
  }

  async stop(): Promise<void> {
    await this.app.close();
    if (this.owned) rmSync(this.dataDir, { recursive: true, force: true });
  }
}
