/**
 * The test database, for every spec that needs PostgreSQL: where it is, fresh schemas in it, and
 * dropping them afterwards. Each test or run works in schemas of its own, so specs running in
 * parallel (and runs that crashed before their clean-up) never see each other's tables.
 *
 * If the server cannot be reached, every test of a spec that uses it fails with the reason: a
 * silent skip would let the PostgreSQL code rot unnoticed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from '@jest/globals';
import pg from 'pg';

/** The PostgreSQL the tests use (CI: the local server, trust auth, database test). */
export const TEST_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test or run uses: the prefix, `_` and 16 hex digits. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** Runs `work` on a connection of its own, closed afterwards (say, to kill another session). */
export async function withTestClient<T>(
  work: (client: pg.Client) => Promise<T>,
  url = TEST_POSTGRES_URL,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the schemas that exist, with everything in them. */
export async function dropSchemas(
  schemas: Iterable<string>,
  url = TEST_POSTGRES_URL,
): Promise<void> {
  await withTestClient(async (client) => {
    for (const schema of schemas) await client.query(dropSchemaSql(schema));
  }, url);
}

function dropSchemaSql(schema: string): string {
  return `drop schema if exists ${pg.escapeIdentifier(schema)} cascade`;
}

/** Why a test cannot run, and what to do about it. */
export function unreachable(url: string, error: unknown, hint = 'set TEST_POSTGRES_URL'): Error {
  return new Error(`PostgreSQL at ${url} is unreachable (${hint}): ${(error as Error).message}`, {
    cause: error,
  });
}

export interface TestDatabase {
  readonly url: string;
  /** The spec's connections for setup and checks; tests may hand it to the code under test. */
  readonly pool: pg.Pool;
  /** A new schema name (not created), dropped after the spec's last test at the latest. */
  freshSchema(prefix: string): string;
  /** Drops a schema now, for a test that cleans up after itself. */
  dropSchema(schema: string): Promise<void>;
  /**
   * Closes `resource` after the spec's last test, before its schemas are dropped and the pool
   * ends (a store that still listens on the pool would keep pool.end() waiting). Newest first.
   */
  closeAtEnd<T extends { close(): Promise<unknown> }>(resource: T): T;
}

/**
 * The test database for one spec file. Call it at the top level of the spec: it registers a
 * beforeAll that checks the server can be reached, and an afterAll that closes what was handed to
 * closeAtEnd, drops every schema from freshSchema and ends the pool.
 */
export function useTestDatabase({ poolSize = 4 }: { poolSize?: number } = {}): TestDatabase {
  const pool = new pg.Pool({
    connectionString: TEST_POSTGRES_URL,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
  });
  // A connection a test terminates on purpose must not crash the run.
  pool.on('error', () => undefined);
  const schemas = new Set<string>();
  const resources: { close(): Promise<unknown> }[] = [];

  beforeAll(async () => {
    try {
      await pool.query('select 1');
    } catch (error) {
      throw unreachable(TEST_POSTGRES_URL, error, 'set TEST_POSTGRES_URL to another server');
    }
  });

  afterAll(async () => {
    try {
      for (const resource of resources.splice(0).reverse()) await resource.close();
      await Promise.all([...schemas].map((schema) => pool.query(dropSchemaSql(schema))));
      schemas.clear();
    } finally {
      await pool.end();
    }
  });

  return {
    url: TEST_POSTGRES_URL,
    pool,
    freshSchema(prefix) {
      const schema = uniqueSchemaName(prefix);
      schemas.add(schema);
      return schema;
    },
    async dropSchema(schema) {
      await pool.query(dropSchemaSql(schema));
      schemas.delete(schema);
    },
    closeAtEnd(resource) {
      resources.push(resource);
      return resource;
    },
  };
}
