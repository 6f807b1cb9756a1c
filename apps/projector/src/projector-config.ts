import { hostname } from 'node:os';
import { DEFAULT_RUNNER_NAME } from '#app/event-store';
import { ConfigError, loadConfig, type AppConfig } from '../../api/src/config.js';

export { ConfigError } from '../../api/src/config.js';

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

function int(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
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
    healthPort:
      env.PROJECTOR_PORT === undefined || env.PROJECTOR_PORT === ''
        ? null
        : int(env, 'PROJECTOR_PORT', 0, 0, 65535),
    healthHost: app.host,
    lockRetryMs: int(env, 'PROJECTOR_LOCK_RETRY_MS', 1000, 50, 60_000),
    heartbeatMs: int(env, 'PROJECTOR_HEARTBEAT_MS', 1000, 50, 60_000),
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
