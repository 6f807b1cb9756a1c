import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openPostgres, openSqlite } from '#app/database';
import {
  CheckpointPoller,
  KurrentDbEventStore,
  PostgresEventStore,
  ProjectionRunner,
  SqliteEventStore,
  type EventStore,
  type RunnerLogger,
} from '#app/event-store';
import { householdProjections } from '#app/households';
import type { AppConfig } from '../config/config.js';
import { DATABASE_FILE } from './embedded-storage.js';
import type { Storage } from './storage.js';

/**
 * Storage with at least one server engine: events in PostgreSQL or KurrentDB (or the SQLite file),
 * read models in PostgreSQL (or the SQLite file). The projections run here (PROJECTIONS=inline)
 * or in a projector process (PROJECTIONS=off), in which case read-your-writes polls the checkpoint
 * the projector commits with its batches.
 *
 * The KurrentDB client and its native bridge load only when EVENT_STORE=kurrentdb
 * (KurrentDbEventStore.connect imports them).
 */
export async function openServerStorage(
  config: AppConfig,
  logger?: RunnerLogger,
): Promise<Storage> {
  // Whatever opened so far closes, last first, if a later step fails.
  const closers: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    const store = await openEventStore(config, closers);
    const readDb = await openReadModels(config, closers);
    let runner: ProjectionRunner | null = null;
    let poller: CheckpointPoller | null = null;
    if (config.projections === 'inline') {
      runner = new ProjectionRunner(store, readDb, householdProjections, { logger });
      await runner.init();
      const started = runner;
      // Before the store closes: finish the batch in progress, stop following the log.
      closers.push(() => started.stop());
    } else {
      poller = new CheckpointPoller(readDb);
      const opened = poller;
      closers.push(() => opened.close());
    }
    const sync = runner ?? poller!;
    return {
      engines: { eventStore: config.eventStore.engine, readModels: config.readModels.engine },
      store,
      readDb,
      runner,
      sync: { waitFor: (position, timeoutMs) => sync.waitFor(position, timeoutMs) },
      close: closeAll,
    };
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }
}

async function openEventStore(
  config: AppConfig,
  closers: (() => Promise<void>)[],
): Promise<EventStore> {
  const { eventStore } = config;
  let store: EventStore;
  switch (eventStore.engine) {
    case 'postgres':
      store = await PostgresEventStore.create({
        connection: eventStore.url,
        schema: eventStore.schema,
      });
      break;
    case 'kurrentdb':
      store = await KurrentDbEventStore.connect(eventStore.url);
      break;
    case 'sqlite': {
      // Events alone in the embedded file (read models elsewhere): the same file, so a county
      // that moves its read models to PostgreSQL keeps its log where it was.
      const sqlite = openSqlite(join(config.dataDir, DATABASE_FILE));
      closers.push(() => sqlite.close());
      const sqliteStore = new SqliteEventStore(sqlite.db);
      await sqliteStore.init();
      store = sqliteStore;
      break;
    }
  }
  closers.push(() => store.close());
  return store;
}

async function openReadModels(
  config: AppConfig,
  closers: (() => Promise<void>)[],
): Promise<Kysely<any>> {
  const { readModels } = config;
  if (readModels.engine === 'sqlite') {
    const sqlite = openSqlite(join(config.dataDir, DATABASE_FILE));
    closers.push(() => sqlite.close());
    return sqlite.db;
  }
  const postgres = openPostgres(readModels.url, { schema: readModels.schema });
  closers.push(() => postgres.close());
  await postgres.ensureSchema();
  return postgres.db;
}
