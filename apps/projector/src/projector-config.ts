import { hostname } from 'node:os';
import { DEFAULT_RUNNER_NAME } from '#app/event-store';
import { ConfigError, envInt, loadConfig, type AppConfig } from '#app/runtime';

export { ConfigError } from '#app/runtime';

export interface ProjectorConfig {
  /** The API's settings, read and validated by the same loader (engines, logs, time zone). */
  app: AppConfig;
  /** The read models' PostgreSQL, which also holds the advisory lock. */
  readModels: Extract<AppConfig['readModels'], { engine: 'postgres' }>;
  /** PROJECTOR_PORT: GET /health on this port; null (unset) serves no HTTP. */
  healthPort: number | null;
  /** Where the health endpoint listens (HOST, as for the API). */
  healthHost: string;
  /** How often a standby asks for the lock again. */
  lockRetryMs: number;
  /** How often the active projector checks that its lock connection is alive. */
  heartbeatMs: number;
  /** Names this process in the logs and in /health. */
  id: string;
}

/**
 * The projector's settings: the API's configuration (EVENT_STORE, EVENT_STORE_URL,
 * READ_MODEL_URL, …, validated the same way) plus its own. PROJECTIONS is the API's switch and
 * means nothing here.
 */
export function loadProjectorConfig(env: NodeJS.ProcessEnv = process.env): ProjectorConfig {
  const app = loadConfig(env);
  if (app.readModels.engine !== 'postgres') {
    // The lock that keeps a second projector out is a PostgreSQL advisory lock, and API
    // instances elsewhere can only read what a projector writes to a shared database.
    throw new ConfigError(
      'READ_MODEL_URL is required for the projector (postgres://user:password@host:5432/database): it keeps the read models and its lock in PostgreSQL; with the embedded SQLite file the API runs the projections itself (PROJECTIONS=inline)',
    );
  }
  const id = env.PROJECTOR_ID === undefined || env.PROJECTOR_ID === '' ? null : env.PROJECTOR_ID;
  if (id !== null && !/^[\w.:-]{1,64}$/.test(id)) {
    throw new ConfigError(
      `PROJECTOR_ID must be 1–64 letters, digits or . _ : -, got "${env.PROJECTOR_ID}"`,
    );
  }
  return {
    app,
    readModels: app.readModels,
    healthPort: envInt(env, 'PROJECTOR_PORT', { min: 0, max: 65535 }) ?? null,
    healthHost: app.host,
    lockRetryMs: envInt(env, 'PROJECTOR_LOCK_RETRY_MS', { min: 50, max: 60_000 }) ?? 1000,
    heartbeatMs: envInt(env, 'PROJECTOR_HEARTBEAT_MS', { min: 50, max: 60_000 }) ?? 1000,
    id: id ?? `${hostname()}:${process.pid}`,
  };
}

/**
 * The advisory lock's key: one active runner per projection set (the runner's checkpoint name)
 * and read-model schema, so several deployments can share one database.
 */
export function lockKey(config: ProjectorConfig, runnerName = DEFAULT_RUNNER_NAME): string {
  return `poverty-monitor:projector:${config.readModels.schema}:${runnerName}`;
}
