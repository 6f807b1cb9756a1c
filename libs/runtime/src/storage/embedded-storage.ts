import { join } from 'node:path';
import { openSqlite, type SqliteHandle } from '#app/database';
import {
  CheckpointPoller,
  ProjectionRunner,
  SqliteEventStore,
  type RunnerLogger,
} from '#app/event-store';
import { householdProjections } from '#app/households';
import type { AppConfig } from '../config/config.js';
import type { Storage } from './storage.js';

export interface EmbeddedStorage<
  Runner extends ProjectionRunner | null = ProjectionRunner | null,
> extends Storage {
  sqlite: SqliteHandle;
  store: SqliteEventStore;
  runner: Runner;
}

export const DATABASE_FILE = 'poverty-monitor.sqlite';

/** The embedded default: events and read models in one SQLite file under DATA_DIR. */
export function openEmbeddedStorage(
  dataDir: string,
  logger?: RunnerLogger,
): Promise<EmbeddedStorage<ProjectionRunner>>;
export function openEmbeddedStorage(
  dataDir: string,
  logger: RunnerLogger | undefined,
  options: { projections?: AppConfig['projections'] },
): Promise<EmbeddedStorage>;
export async function openEmbeddedStorage(
  dataDir: string,
  logger?: RunnerLogger,
  { projections = 'inline' }: { projections?: AppConfig['projections'] } = {},
): Promise<EmbeddedStorage> {
  const sqlite = openSqlite(join(dataDir, DATABASE_FILE));
  try {
    const store = new SqliteEventStore(sqlite.db);
    await store.init();
    let runner: ProjectionRunner | null = null;
    let poller: CheckpointPoller | null = null;
    if (projections === 'inline') {
      runner = new ProjectionRunner(store, sqlite.db, householdProjections, { logger });
      await runner.init();
    } else {
      poller = new CheckpointPoller(sqlite.db);
    }
    const sync = runner ?? poller!;
    return {
      engines: { eventStore: 'sqlite', readModels: 'sqlite' },
      sqlite,
      store,
      readDb: sqlite.db,
      runner,
      sync: { waitFor: (position, timeoutMs) => sync.waitFor(position, timeoutMs) },
      async close() {
        // Order matters: finish the batch in progress, stop delivering, then close the file.
        await runner?.stop();
        await poller?.close();
        await store.close();
        await sqlite.close();
      },
    };
  } catch (error) {
    await sqlite.close();
    throw error;
  }
}
