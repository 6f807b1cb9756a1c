import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { loadConfig, STORAGE, type AppConfig, type Storage } from '#app/runtime';
import { createApp } from '../../apps/api/src/bootstrap.js';
import { dropSchemas, TEST_POSTGRES_URL, uniqueSchemaName, unreachable } from './postgres.js';

export type E2eEngine = 'sqlite' | 'postgres';

/**
 * The engine this e2e run uses: jest.config.js runs the suite once per engine (projects
 * e2e-sqlite and e2e-postgres set `__E2E_ENGINE__`); E2E_ENGINE overrides it by hand.
 */
export function e2eEngine(): E2eEngine {
  const engine =
    process.env.E2E_ENGINE ?? (globalThis as { __E2E_ENGINE__?: string }).__E2E_ENGINE__;
  if (engine === undefined || engine === 'sqlite') return 'sqlite';
  if (engine === 'postgres') return 'postgres';
  throw new Error(`E2E_ENGINE must be sqlite or postgres, got "${engine}"`);
}

export { TEST_POSTGRES_URL };

/** Where an app keeps its data: what a restart on the same data must be given again. */
export type StorageSettings = Pick<AppConfig, 'dataDir' | 'eventStore' | 'readModels'>;

/**
 * Fresh storage for one app: a temp DATA_DIR and, on PostgreSQL, two schemas of their own
 * (events, read models) in the test database, which the app creates and `dropStorage` drops.
 */
export function freshStorage(engine: E2eEngine): StorageSettings {
  const dataDir = mkdtempSync(join(tmpdir(), 'pm-e2e-'));
  if (engine === 'sqlite') {
    return { dataDir, eventStore: { engine: 'sqlite' }, readModels: { engine: 'sqlite' } };
  }
  const prefix = uniqueSchemaName('e2e');
  return {
    dataDir,
    eventStore: { engine: 'postgres', url: TEST_POSTGRES_URL, schema: `${prefix}_events` },
    readModels: { engine: 'postgres', url: TEST_POSTGRES_URL, schema: `${prefix}_read` },
  };
}

export async function dropStorage(settings: StorageSettings): Promise<void> {
  rmSync(settings.dataDir, { recursive: true, force: true });
  for (const part of [settings.eventStore, settings.readModels]) {
    if (part.engine === 'postgres') await dropSchemas([part.schema], part.url);
  }
}

/**
 * Fails with a clear message when the test PostgreSQL cannot be reached — before Nest, which
 * ends the process when a provider fails at start-up.
 */
async function assertReachable(settings: StorageSettings): Promise<void> {
  for (const part of [settings.eventStore, settings.readModels]) {
    if (part.engine !== 'postgres') continue;
    const client = new pg.Client({ connectionString: part.url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
    } catch (error) {
      throw unreachable(
        part.url,
        error,
        'start it, or set TEST_POSTGRES_URL; one engine only: npx jest --selectProjects e2e-sqlite',
      );
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

/**
 * A booted API on fresh storage of the run's engine (see e2eEngine), listening on loopback,
 * spoken to over real HTTP.
 */
export class TestApp {
  private constructor(
    readonly app: INestApplication,
    readonly url: string,
    /** Pass to `TestApp.start` to boot another app on the same data (a restart). */
    readonly storageSettings: StorageSettings,
  ) {}

  static async start(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
    const settings = { ...freshStorage(e2eEngine()), ...overrides };
    // E2E_LOG_LEVEL=error shows what the server logged behind an INTERNAL_SERVER_ERROR.
    const logLevel = process.env.E2E_LOG_LEVEL ?? 'fatal';
    const config = { ...loadConfig({ LOG_LEVEL: logLevel }), port: 0, ...settings };
    await assertReachable(settings);
    let app: INestApplication | undefined;
    try {
      app = await createApp(config);
      await app.listen(0, '127.0.0.1');
    } catch (error) {
      await app?.close().catch(() => undefined);
      await dropStorage(settings).catch(() => undefined);
      throw error;
    }
    const address = app.getHttpServer().address() as { port: number };
    return new TestApp(app, `http://127.0.0.1:${address.port}`, settings);
  }

  get dataDir(): string {
    return this.storageSettings.dataDir;
  }

  async gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const res = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse<T>, 'status'>;
    return { status: res.status, ...body };
  }

  /** Sends a mutation that must succeed and returns its data. */
  async ok<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await this.gql<T>(query, variables);
    if (res.errors) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data as T;
  }

  async eventCount(): Promise<number> {
    return this.app.get<Storage>(STORAGE).store.headPosition();
  }

  get storage(): Storage {
    return this.app.get<Storage>(STORAGE);
  }

  /** The read models' database, whichever engine holds it. */
  get readDb(): Kysely<any> {
    return this.storage.readDb;
  }

  /** Closes the app and deletes its data (the temp directory, the PostgreSQL schemas). */
  async stop(): Promise<void> {
    await this.app.close();
    await dropStorage(this.storageSettings);
  }
}
