import { join } from 'node:path';
import { openSqlite, type SqliteHandle } from '#app/database';
import { ProjectionRunner, SqliteEventStore, type RunnerLogger } from '#app/event-store';
import { householdProjections } from '#app/households';

export interface Storage {
  sqlite: SqliteHandle;
  store: SqliteEventStore;
  runner: ProjectionRunner;
  close(): Promise<void>;
}

export const DATABASE_FILE = 'poverty-monitor.sqlite';

/** The embedded default: events and read models in one SQLite file under DATA_DIR. */
export async function openEmbeddedStorage(
  dataDir: string,
  logger?: RunnerLogger,
): Promise<Storage> {
  const sqlite = openSqlite(join(dataDir, DATABASE_FILE));
  const store = new SqliteEventStore(sqlite.db);
  await store.init();
  const runner = new ProjectionRunner(store, sqlite.db, householdProjections, { logger });
  await runner.init();
  return {
    sqlite,
    store,
    runner,
    async close() {
      // Order matters: finish the batch in progress, stop delivering, then close the file.
      await runner.stop();
      await store.close();
      await sqlite.close();
    },
  };
}
