import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CompiledQuery } from 'kysely';
import { openSqlite, type SqliteHandle } from '#app/database';
import { SqliteEventStore } from '#app/event-store';
import { DATABASE_FILE } from '#app/runtime';
import type { FlagSpec, ParsedFlags } from './args.js';
import { CommandError } from './command.js';

export const DATA_DIR_FLAG: FlagSpec = {
  name: 'data-dir',
  kind: 'string',
  valueName: 'DIR',
  description:
    '数据目录，默认取环境变量 DATA_DIR，再默认 ./data / data directory (default: $DATA_DIR, then ./data)',
};

/** The same rule as the API's config: --data-dir, else DATA_DIR, else ./data. */
export function resolveDataDir(flags: ParsedFlags, env: NodeJS.ProcessEnv): string {
  const flag = flags['data-dir'];
  return resolve(typeof flag === 'string' ? flag : env.DATA_DIR || './data');
}

/** The event log of the embedded SQLite file under a data directory, without the read models. */
export interface EventLog {
  file: string;
  store: SqliteEventStore;
  /** Events at or below a position; a count rather than the head, for progress totals. */
  countEvents(upTo: number): Promise<number>;
  close(): Promise<void>;
}

export async function openEventLog(
  dataDir: string,
  { mustExist }: { mustExist: boolean },
): Promise<EventLog> {
  const file = join(dataDir, DATABASE_FILE);
  if (mustExist && !existsSync(file)) {
    throw new CommandError(
      `数据目录 ${dataDir} 中没有数据库文件 ${DATABASE_FILE}（请用 --data-dir 或 DATA_DIR 指定）/ ` +
        `no database file ${DATABASE_FILE} in ${dataDir} (set --data-dir or DATA_DIR)`,
    );
  }
  const handle: SqliteHandle = openSqlite(file);
  const store = new SqliteEventStore(handle.db);
  try {
    await store.init();
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    file,
    store,
    async countEvents(upTo) {
      const { rows } = await handle.db.executeQuery<{ n: number }>(
        CompiledQuery.raw('select count(*) as n from events where position <= ?', [upTo]),
      );
      return rows[0]?.n ?? 0;
    },
    async close() {
      await store.close();
      await handle.close();
    },
  };
}
