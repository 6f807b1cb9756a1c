import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

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
}

export class ConfigError extends Error {}

/** A size such as "256kb" or "1mb"; body-parser would read "256k" as 256 bytes. */
function bodyLimit(value: string): string {
  if (!/^\d+(b|kb|mb)$/i.test(value)) {
    throw new ConfigError(`BODY_LIMIT must look like "256kb" or "1mb", got "${value}"`);
  }
  return value;
}

/** AREA_FILE if set (must exist), else config/areas.json when present, else none. */
function areaFile(value: string | undefined): string | null {
  if (value !== undefined && value !== '') {
    if (!existsSync(value)) throw new ConfigError(`AREA_FILE "${value}" does not exist`);
    return resolve(value);
  }
  const fallback = resolve('./config/areas.json');
  return existsSync(fallback) ? fallback : null;
}

/** Reads and validates the environment; a bad value stops start-up with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
    }
    return value;
  };
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
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    policyFile: resolve(env.POLICY_FILE ?? './config/policy.json'),
    areaFile: areaFile(env.AREA_FILE),
    timeZone,
    logFormat,
    logLevels: [...levels.slice(0, upTo + 1)],
    bodyLimit: bodyLimit(env.BODY_LIMIT ?? '256kb'),
    maxQueryDepth: int('GRAPHQL_MAX_DEPTH', 10, 2, 50),
    maxQueryFields: int('GRAPHQL_MAX_FIELDS', 300, 10, 10000),
    readYourWritesTimeoutMs: int('READ_YOUR_WRITES_TIMEOUT_MS', 5000, 100, 120000),
  };
}
