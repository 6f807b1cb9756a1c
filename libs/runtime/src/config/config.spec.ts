import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const PG = 'postgres://app:secret@db.example:5432/poverty';

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('storage configuration', () => {
  it('defaults to the embedded engines with the projections inline', () => {
    const config = loadConfig({});
    expect(config.eventStore).toEqual({ engine: 'sqlite' });
    expect(config.readModels).toEqual({ engine: 'sqlite' });
    expect(config.projections).toBe('inline');
  });

  it('reads the server engines, their URLs and schemas', () => {
    const config = loadConfig({
      EVENT_STORE: 'postgres',
      EVENT_STORE_URL: PG,
      READ_MODEL_URL: 'postgresql://app@db.example/poverty',
      READ_MODEL_SCHEMA: 'county_431023',
      PROJECTIONS: 'off',
    });
    expect(config.eventStore).toEqual({ engine: 'postgres', url: PG, schema: 'event_store' });
    expect(config.readModels).toEqual({
      engine: 'postgres',
      url: 'postgresql://app@db.example/poverty',
      schema: 'county_431023',
    });
    expect(config.projections).toBe('off');
    expect(
      loadConfig({ EVENT_STORE: 'postgres', EVENT_STORE_URL: PG, EVENT_STORE_SCHEMA: 'events_2' })
        .eventStore,
    ).toMatchObject({ schema: 'events_2' });
    expect(loadConfig({ READ_MODEL_URL: PG }).readModels).toMatchObject({ schema: 'read_models' });
  });

  it('refuses PROJECTIONS=off with the embedded read models, which nothing else would project', () => {
    expect(() => loadConfig({ PROJECTIONS: 'off' })).toThrow(
      /PROJECTIONS=off needs READ_MODEL_URL/,
    );
    expect(() =>
      loadConfig({ EVENT_STORE: 'postgres', EVENT_STORE_URL: PG, PROJECTIONS: 'off' }),
    ).toThrow(ConfigError);
  });

  it('accepts KurrentDB single-node and cluster connection strings', () => {
    for (const url of [
      'kurrentdb://127.0.0.1:2113?tls=false',
      'kurrentdb+discover://admin:changeit@node1:2113,node2:2113,node3:2113',
    ]) {
      expect(loadConfig({ EVENT_STORE: 'kurrentdb', EVENT_STORE_URL: url }).eventStore).toEqual({
        engine: 'kurrentdb',
        url,
      });
    }
  });

  it('refuses an unknown EVENT_STORE', () => {
    const error = configError({ EVENT_STORE: 'mysql' });
    expect(error.message).toMatch(/^EVENT_STORE must be one of sqlite, postgres, kurrentdb/);
    expect(error.message).toContain('"mysql"');
    expect(configError({ EVENT_STORE: 'Postgres', EVENT_STORE_URL: PG }).message).toMatch(
      /^EVENT_STORE must be/,
    );
  });

  it('requires EVENT_STORE_URL for a server event store', () => {
    expect(configError({ EVENT_STORE: 'postgres' }).message).toMatch(
      /^EVENT_STORE_URL is required when EVENT_STORE=postgres/,
    );
    expect(configError({ EVENT_STORE: 'kurrentdb', EVENT_STORE_URL: '' }).message).toMatch(
      /^EVENT_STORE_URL is required when EVENT_STORE=kurrentdb/,
    );
  });

  it("refuses an EVENT_STORE_URL that is not the engine's kind, without echoing the password", () => {
    const kurrent = configError({
      EVENT_STORE: 'postgres',
      EVENT_STORE_URL: 'kurrentdb://db.example:2113',
    });
    expect(kurrent.message).toMatch(/^EVENT_STORE_URL must be a URL like postgres:\/\//);
    const pg = configError({ EVENT_STORE: 'kurrentdb', EVENT_STORE_URL: PG });
    expect(pg.message).toMatch(/^EVENT_STORE_URL must be a URL like kurrentdb:\/\//);
    expect(pg.message).not.toContain('secret');
    expect(pg.message).toContain('app:***@db.example');
    expect(
      configError({ EVENT_STORE: 'kurrentdb', EVENT_STORE_URL: 'esdb://db.example:2113' }).message,
    ).toMatch(/esdb:\/\/ is deprecated/);
    expect(configError({ EVENT_STORE: 'postgres', EVENT_STORE_URL: 'db.example' }).message).toMatch(
      /^EVENT_STORE_URL must be a URL like/,
    );
  });

  it('refuses EVENT_STORE_URL without EVENT_STORE, which would silently keep events in SQLite', () => {
    expect(configError({ EVENT_STORE_URL: PG }).message).toMatch(
      /^EVENT_STORE_URL is set but EVENT_STORE is "sqlite"/,
    );
  });

  it('requires READ_MODEL_URL to be a PostgreSQL URL', () => {
    for (const url of ['mysql://db.example/poverty', './data/read.sqlite', 'kurrentdb://db:2113']) {
      const error = configError({ READ_MODEL_URL: url });
      expect(error.message).toMatch(/^READ_MODEL_URL must be a URL like postgres:\/\//);
    }
    expect(configError({ READ_MODEL_URL: 'mysql://app:secret@db/x' }).message).not.toContain(
      'secret',
    );
  });

  it('refuses a PROJECTIONS value other than inline or off', () => {
    expect(configError({ PROJECTIONS: 'projector' }).message).toBe(
      'PROJECTIONS must be "inline" or "off", got "projector"',
    );
    expect(configError({ PROJECTIONS: 'OFF' }).message).toMatch(/^PROJECTIONS must be/);
  });

  it('refuses schema names that are not plain identifiers', () => {
    expect(configError({ READ_MODEL_URL: PG, READ_MODEL_SCHEMA: 'read-models' }).message).toMatch(
      /^READ_MODEL_SCHEMA must be letters, digits and _/,
    );
    expect(
      configError({ EVENT_STORE: 'postgres', EVENT_STORE_URL: PG, EVENT_STORE_SCHEMA: '1st' })
        .message,
    ).toMatch(/^EVENT_STORE_SCHEMA must be/);
  });
});
