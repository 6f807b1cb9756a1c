import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_READ_MODEL_SCHEMA, isSchemaName, redactUrl } from '#app/database';
import { DEFAULT_POSTGRES_SCHEMA } from '#app/event-store';
import { ConfigError } from './config-error.js';
import { envInt } from './env-int.js';

export { ConfigError } from './config-error.js';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  policyFile: string;
  /** The area registry (code → name) for reports; optional. */
  areaFile: string | null;
  /** The county's time zone: "today" for the future-date rule. */
  timeZone: string;
  logFormat: 'json' | 'text';
  logLevels: ('log' | 'error' | 'warn' | 'debug' | 'verbose' | 'fatal')[];
  bodyLimit: string;
  maxQueryDepth: number;
  maxQueryFields: number;
  readYourWritesTimeoutMs: number;
  /** Where events live: the embedded SQLite file (default) or an event store server. */
  eventStore: EventStoreConfig;
  /** Where the read models live: the embedded SQLite file (default) or PostgreSQL. */
  readModels: ReadModelConfig;
  /** `inline`: this process runs the projections; `off`: a projector process does. */
  projections: 'inline' | 'off';
}

export type EventStoreConfig =
  | { engine: 'sqlite' }
  | { engine: 'postgres'; url: string; schema: string }
  | { engine: 'kurrentdb'; url: string };

export type ReadModelConfig =
  { engine: 'sqlite' } | { engine: 'postgres'; url: string; schema: string };

export const EVENT_STORE_ENGINES = ['sqlite', 'postgres', 'kurrentdb'] as const;

/** A size such as "256kb" or "1mb"; body-parser would read "256k" as 256 bytes. */
function bodyLimit(value: string): string {
  if (!/^\d+(b|kb|mb)$/i.test(value)) {
    throw new ConfigError(`BODY_LIMIT must look like "256kb" or "1mb", got "${value}"`);
  }
  return value;
}

/**
 * The area registry: AREA_FILE if set (it must exist), else `areas.json` in the data directory
 * (seed-demo writes one), else config/areas.json when present, else none (codes only).
 */
function areaFile(value: string | undefined, dataDir: string): string | null {
  if (value !== undefined && value !== '') {
    if (!existsSync(value)) throw new ConfigError(`AREA_FILE "${value}" does not exist`);
    return resolve(value);
  }
  for (const candidate of [resolve(dataDir, 'areas.json'), resolve('./config/areas.json')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** A URL with one of the given schemes and a host; the message names the variable. */
function serverUrl(
  name: string,
  value: string,
  schemes: readonly string[],
  example: string,
): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  const scheme = parsed?.protocol.slice(0, -1);
  if (parsed === undefined || scheme === undefined || !schemes.includes(scheme)) {
    throw new ConfigError(`${name} must be a URL like ${example}, got "${redactUrl(value)}"`);
  }
  if (parsed.hostname === '') {
    throw new ConfigError(`${name} "${redactUrl(value)}" names no host (expected ${example})`);
  }
  return value;
}

const POSTGRES_SCHEMES = ['postgres', 'postgresql'];
const POSTGRES_EXAMPLE = 'postgres://user:password@host:5432/database';
const KURRENTDB_EXAMPLE = 'kurrentdb://host:2113?tls=false';

/** A schema name for the PostgreSQL engines (spliced into SQL, so identifier characters only). */
function schemaName(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  if (!isSchemaName(value)) {
    throw new ConfigError(
      `${name} must be letters, digits and _ (at most 63, not starting with a digit), got "${value}"`,
    );
  }
  return value;
}

function eventStore(env: NodeJS.ProcessEnv): EventStoreConfig {
  const engine =
    env.EVENT_STORE === undefined || env.EVENT_STORE === '' ? 'sqlite' : env.EVENT_STORE;
  const url = env.EVENT_STORE_URL === '' ? undefined : env.EVENT_STORE_URL;
  const schema = schemaName('EVENT_STORE_SCHEMA', env.EVENT_STORE_SCHEMA, DEFAULT_POSTGRES_SCHEMA);
  switch (engine) {
    case 'sqlite':
      // Set without EVENT_STORE, it would be silently ignored while events go to DATA_DIR.
      if (url !== undefined) {
        throw new ConfigError(
          `EVENT_STORE_URL is set but EVENT_STORE is "sqlite" (events in DATA_DIR): set EVENT_STORE=postgres or kurrentdb, or unset EVENT_STORE_URL`,
        );
      }
      return { engine };
    case 'postgres':
      if (url === undefined) {
        throw new ConfigError(
          `EVENT_STORE_URL is required when EVENT_STORE=postgres (${POSTGRES_EXAMPLE})`,
        );
      }
      return {
        engine,
        url: serverUrl('EVENT_STORE_URL', url, POSTGRES_SCHEMES, POSTGRES_EXAMPLE),
        schema,
      };
    case 'kurrentdb':
      if (url === undefined) {
        throw new ConfigError(
          `EVENT_STORE_URL is required when EVENT_STORE=kurrentdb (${KURRENTDB_EXAMPLE})`,
        );
      }
      if (/^esdb(\+discover)?:/i.test(url)) {
        throw new ConfigError(
          `EVENT_STORE_URL: esdb:// is deprecated, write kurrentdb:// instead ("${redactUrl(url)}")`,
        );
      }
      // Not checked with URL: a cluster string lists several host:port pairs, which it rejects.
      if (!/^kurrentdb(\+discover)?:\/\/[^\s/?#]+/.test(url)) {
        throw new ConfigError(
          `EVENT_STORE_URL must be a URL like ${KURRENTDB_EXAMPLE} (or kurrentdb+discover://… for a cluster), got "${redactUrl(url)}"`,
        );
      }
      return { engine, url };
    default:
      throw new ConfigError(
        `EVENT_STORE must be one of ${EVENT_STORE_ENGINES.join(', ')}, got "${engine}"`,
      );
  }
}

function readModels(env: NodeJS.ProcessEnv): ReadModelConfig {
  const url = env.READ_MODEL_URL;
  const schema = schemaName('READ_MODEL_SCHEMA', env.READ_MODEL_SCHEMA, DEFAULT_READ_MODEL_SCHEMA);
  if (url === undefined || url === '') return { engine: 'sqlite' };
  return {
    engine: 'postgres',
    url: serverUrl('READ_MODEL_URL', url, POSTGRES_SCHEMES, POSTGRES_EXAMPLE),
    schema,
  };
}

function projections(
  value: string | undefined,
  readModelEngine: ReadModelConfig['engine'],
): AppConfig['projections'] {
  if (value === undefined || value === '') return 'inline';
  if (value !== 'inline' && value !== 'off') {
    throw new ConfigError(`PROJECTIONS must be "inline" or "off", got "${value}"`);
  }
  // Only a projector keeps read models that the API does not project itself, and a projector
  // needs them in PostgreSQL (its lock lives there): with the embedded file nothing would.
  if (value === 'off' && readModelEngine === 'sqlite') {
    throw new ConfigError(
      'PROJECTIONS=off needs READ_MODEL_URL (read models in PostgreSQL, kept by a projector); with the embedded SQLite file the API must project itself (PROJECTIONS=inline)',
    );
  }
  return value;
}

/** Reads and validates the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const logFormat = env.LOG_FORMAT ?? 'json';
  if (logFormat !== 'json' && logFormat !== 'text') {
    throw new ConfigError(`LOG_FORMAT must be "json" or "text", got "${logFormat}"`);
  }
  const timeZone = env.COUNTY_TIME_ZONE ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
  } catch {
    throw new ConfigError(`COUNTY_TIME_ZONE "${timeZone}" is not a known time zone`);
  }
  const levels = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const level = env.LOG_LEVEL ?? 'log';
  const upTo = levels.indexOf(level as (typeof levels)[number]);
  if (upTo === -1)
    throw new ConfigError(`LOG_LEVEL must be one of ${levels.join(', ')}, got "${level}"`);
  return {
    port: envInt(env, 'PORT', { min: 0, max: 65535 }) ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    policyFile: resolve(env.POLICY_FILE ?? './config/policy.json'),
    areaFile: areaFile(env.AREA_FILE, env.DATA_DIR ?? './data'),
    timeZone,
    logFormat,
    logLevels: [...levels.slice(0, upTo + 1)],
    bodyLimit: bodyLimit(env.BODY_LIMIT ?? '256kb'),
    maxQueryDepth: envInt(env, 'GRAPHQL_MAX_DEPTH', { min: 2, max: 50 }) ?? 10,
    maxQueryFields: envInt(env, 'GRAPHQL_MAX_FIELDS', { min: 10, max: 10000 }) ?? 300,
    readYourWritesTimeoutMs:
      envInt(env, 'READ_YOUR_WRITES_TIMEOUT_MS', { min: 100, max: 120000 }) ?? 5000,
    eventStore: eventStore(env),
    readModels: readModels(env),
    projections: projections(env.PROJECTIONS, readModels(env).engine),
  };
}
