import 'reflect-metadata';
import type { Server } from 'node:http';
import { householdProjections } from '#app/households';
import { nestLogger, openServerStorage, type Storage } from '#app/runtime';
import { AdvisoryLock } from './advisory-lock.js';
import { projectorHealth, startHealthServer } from './health-server.js';
import {
  ConfigError,
  loadProjectorConfig,
  lockKey,
  type ProjectorConfig,
} from './projector-config.js';
import { Projector, type ProjectorLogger } from './projector.js';

/** JSON lines like the API's (Nest's ConsoleLogger), each naming this projector. */
function projectorLogger(config: ProjectorConfig): ProjectorLogger {
  const nest = nestLogger(config.app, 'Projector');
  const entry = (message: string, context?: Record<string, unknown>) => ({
    message,
    projector: config.id,
    ...context,
  });
  return {
    log: (message, context) => nest.log(entry(message, context)),
    warn: (message, context) => nest.warn(entry(message, context)),
    error: (message, context) => nest.error(entry(message, context)),
  };
}

async function main(): Promise<void> {
  const config = loadProjectorConfig();
  const logger = projectorLogger(config);
  const { eventStore, readModels } = config.app;
  logger.log('projector starting', {
    eventStore: eventStore.engine,
    ...(eventStore.engine === 'postgres' && { eventStoreSchema: eventStore.schema }),
    readModelSchema: readModels.engine === 'postgres' ? readModels.schema : undefined,
    health:
      config.healthPort === null ? null : `http://${config.healthHost}:${config.healthPort}/health`,
  });
  // Storage opens as in the API; PROJECTIONS=off keeps it from projecting.
  const storage: Storage = await openServerStorage({ ...config.app, projections: 'off' });
  const lock = new AdvisoryLock({
    connectionString: config.readModels.url,
    key: lockKey(config),
    heartbeatMs: config.heartbeatMs,
  });
  const projector = new Projector({
    store: storage.store,
    readDb: storage.readDb,
    projections: householdProjections,
    lock,
    logger,
    lockRetryMs: config.lockRetryMs,
  });
  projector.start();

  let server: Server | null = null;
  if (config.healthPort !== null) {
    server = await startHealthServer(config.healthPort, config.healthHost, () =>
      projectorHealth(config.id, projector, storage.store),
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log('shutting down: finishing the batch in progress', { signal });
    await projector.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await storage.close();
    logger.log('projector exited', { signal });
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // A repeated signal (a supervisor and a terminal both sending one) must not cut the drain
    // short; SIGKILL remains for a shutdown that hangs.
    process.on(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('shutdown failed', { error: String(error) });
          process.exit(1);
        },
      );
    });
  }

  try {
    await projector.done;
  } catch (error) {
    // Not expected: the projector handles database failures itself. Exit so a supervisor
    // (docker compose `restart`) starts a fresh process.
    logger.error('projector failed', {
      error: error instanceof Error ? error.stack : String(error),
    });
    await storage.close().catch(() => undefined);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? `Configuration error: ${error.message}` : error;
  console.error(message);
  process.exit(1);
});
