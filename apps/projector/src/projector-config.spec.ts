import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadProjectorConfig, lockKey } from './projector-config.js';

const PG = 'postgres://app:secret@db.example:5432/poverty';
const SERVER = { EVENT_STORE: 'postgres', EVENT_STORE_URL: PG, READ_MODEL_URL: PG };

function configError(env: NodeJS.ProcessEnv): string {
  try {
    loadProjectorConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error(`loadProjectorConfig accepted ${JSON.stringify(env)}`);
}

describe('projector configuration', () => {
  it('takes the engines from the API’s settings, with its own defaults', () => {
    const config = loadProjectorConfig({ ...SERVER, READ_MODEL_SCHEMA: 'county_431023' });
    expect(config.app.eventStore).toEqual({ engine: 'postgres', url: PG, schema: 'event_store' });
    expect(config.readModels).toEqual({ engine: 'postgres', url: PG, schema: 'county_431023' });
    expect(config).toMatchObject({ healthPort: null, lockRetryMs: 1000, heartbeatMs: 1000 });
    expect(config.id).toMatch(/:\d+$/); // host:pid
    expect(lockKey(config)).toBe('poverty-monitor:projector:county_431023:read-models');
  });

  it('reads its own variables', () => {
    const config = loadProjectorConfig({
      ...SERVER,
      PROJECTOR_PORT: '3100',
      PROJECTOR_LOCK_RETRY_MS: '250',
      PROJECTOR_HEARTBEAT_MS: '500',
      PROJECTOR_ID: 'projector-1',
      HOST: '127.0.0.1',
    });
    expect(config).toMatchObject({
      healthPort: 3100,
      healthHost: '127.0.0.1',
      lockRetryMs: 250,
      heartbeatMs: 500,
      id: 'projector-1',
    });
  });

  it('needs the read models in PostgreSQL, where its lock lives', () => {
    expect(configError({})).toMatch(/^READ_MODEL_URL is required for the projector/);
    expect(configError({ EVENT_STORE: 'postgres', EVENT_STORE_URL: PG })).toMatch(
      /^READ_MODEL_URL is required/,
    );
  });

  it('refuses bad values with a message naming the variable', () => {
    expect(configError({ ...SERVER, PROJECTOR_PORT: 'http' })).toBe(
      'PROJECTOR_PORT must be an integer between 0 and 65535, got "http"',
    );
    expect(configError({ ...SERVER, PROJECTOR_LOCK_RETRY_MS: '10' })).toMatch(
      /^PROJECTOR_LOCK_RETRY_MS must be an integer between 50 and 60000/,
    );
    expect(configError({ ...SERVER, PROJECTOR_ID: 'a b' })).toMatch(/^PROJECTOR_ID must be/);
    // The API's own checks apply too.
    expect(configError({ ...SERVER, EVENT_STORE: 'mysql' })).toMatch(/^EVENT_STORE must be one of/);
  });
});
