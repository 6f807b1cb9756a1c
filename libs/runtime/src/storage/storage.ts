import type { Kysely } from 'kysely';
import type { EventStore, ProjectionRunner, RunnerLogger } from '#app/event-store';
import type { ReadModelSync } from '#app/households';
import type { AppConfig, EventStoreConfig, ReadModelConfig } from '../config/config.js';
import { openEmbeddedStorage } from './embedded-storage.js';
import { openServerStorage } from './server-storage.js';

/** What the API runs on: an event store, the read models' database, and who projects. */
export interface Storage {
  engines: { eventStore: EventStoreConfig['engine']; readModels: ReadModelConfig['engine'] };
  store: EventStore;
  /** The read models' database (READ_DB). */
  readDb: Kysely<any>;
  /** The projections, when this process runs them (PROJECTIONS=inline); null when a projector does. */
  runner: ProjectionRunner | null;
  /** Read-your-writes: the runner's own wait, or polling the checkpoint the projector stores. */
  sync: ReadModelSync;
  close(): Promise<void>;
}

/**
 * Opens what the configuration names. Events and read models both on SQLite is the embedded
 * default (one file, one connection); any server engine goes through server-storage.
 */
export function openStorage(config: AppConfig, logger?: RunnerLogger): Promise<Storage> {
  if (config.eventStore.engine === 'sqlite' && config.readModels.engine === 'sqlite') {
    return openEmbeddedStorage(config.dataDir, logger, { projections: config.projections });
  }
  return openServerStorage(config, logger);
}
