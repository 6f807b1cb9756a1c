/** openPostgres against the test PostgreSQL (test/support/postgres.ts). */
import { describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import {
  uniqueSchemaName,
  useTestDatabase,
  withTestClient,
} from '../../../test/support/postgres.js';
import { DEFAULT_READ_MODEL_SCHEMA, openPostgres, type PostgresHandle } from './postgres.js';

const database = useTestDatabase();

/** A handle on a new schema of its own, closed (and the schema dropped) after the last test. */
function open(schema = database.freshSchema('db_test'), url = database.url): PostgresHandle {
  return database.closeAtEnd(openPostgres(url, { schema, poolSize: 2 }));
}

async function fresh(): Promise<PostgresHandle> {
  const handle = open();
  await handle.ensureSchema();
  return handle;
}

/** What a connection of the handle's pool says about itself. */
async function session(handle: PostgresHandle): Promise<{ pid: number; schema: string }> {
  const { rows } = await sql<{ pid: number; schema: string }>`
    select pg_backend_pid() as pid, current_schema() as schema`.execute(handle.db);
  return rows[0];
}

async function schemaExists(schema: string): Promise<boolean> {
  const { rows } = await database.pool.query('select 1 from pg_namespace where nspname = $1', [
    schema,
  ]);
  return rows.length === 1;
}

describe('openPostgres', () => {
  it('puts unqualified tables in its own schema, invisible from another', async () => {
    const a = await fresh();
    const b = await fresh();
    expect((await session(a)).schema).toBe(a.schema);
    await a.db.schema.createTable('things').addColumn('id', 'text').execute();
    await a.db.insertInto('things').values({ id: 'x' }).execute();
    const { rows } = await database.pool.query<{ schema: string }>(
      `select table_schema as schema from information_schema.tables where table_name = 'things'
       and table_schema in ($1, $2)`,
      [a.schema, b.schema],
    );
    expect(rows.map((r) => r.schema)).toEqual([a.schema]);
    await expect(b.db.selectFrom('things').selectAll().execute()).rejects.toThrow(
      /relation "things" does not exist/,
    );
  });

  it('returns the types the query code expects: int8 and counts as numbers (refusing what a number cannot hold), numeric sums as exact strings, text dates as text', async () => {
    const { db } = await fresh();
    await db.schema
      .createTable('rows')
      .addColumn('position', 'bigint')
      .addColumn('year', 'integer')
      .addColumn('valid_from', 'text')
      .execute();
    await db
      .insertInto('rows')
      .values([
        { position: 9_007_199_254_740_993n.toString(), year: 2020, valid_from: '2020-01-31' },
        { position: 2, year: 2021, valid_from: '2021-02-01' },
      ])
      .execute();
    const row = await db
      .selectFrom('rows')
      .select(['position', 'year', 'valid_from'])
      .where('year', '=', 2021)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ position: 2, year: 2021, valid_from: '2021-02-01' });
    // Rounded, it would read as …992: the query fails instead.
    await expect(
      db.selectFrom('rows').select('position').where('year', '=', 2020).execute(),
    ).rejects.toThrow(/beyond Number.MAX_SAFE_INTEGER/);
    const totals = await db
      .selectFrom('rows')
      .select([
        sql`count(*)`.as('n'),
        sql`sum(position)`.as('positions'),
        sql`sum(year)`.as('years'),
        sql`max(valid_from)`.as('latest'),
      ])
      .executeTakeFirstOrThrow();
    expect(totals).toEqual({
      n: 2,
      positions: '9007199254740995',
      years: 4041,
      latest: '2021-02-01',
    });
    // The parsers are the handle's own: other pools (the event store's) still get int8 as text.
    const { rows } = await database.pool.query<{ v: unknown }>(
      'select 9007199254740993::int8 as v',
    );
    expect(rows[0].v).toBe('9007199254740993');
  });

  it('refuses a schema name that is not a plain identifier, and defaults to read_models', () => {
    expect(() => openPostgres(database.url, { schema: 'a"; drop table x; --' })).toThrow(
      RangeError,
    );
    expect(() => openPostgres(database.url, { schema: '1abc' })).toThrow(/Invalid schema name/);
    // Not connected: a pool opens its connections on the first query.
    const byDefault = database.closeAtEnd(openPostgres(database.url));
    expect(byDefault.schema).toBe(DEFAULT_READ_MODEL_SCHEMA);
  });

  it('creates its schema once, even from several processes at once (API instances and projectors start together)', async () => {
    for (let round = 0; round < 5; round++) {
      const schema = database.freshSchema('db_test');
      const handles = [1, 2, 3, 4].map(() => open(schema));
      expect(await schemaExists(schema)).toBe(false);
      await Promise.all(handles.map((h) => h.ensureSchema()));
      expect(await schemaExists(schema)).toBe(true);
      // Every one of them works in it: what one creates, the others see unqualified.
      await handles[0].db.schema.createTable('marker').addColumn('n', 'integer').execute();
      await handles[0].db.insertInto('marker').values({ n: round }).execute();
      for (const handle of handles) {
        expect(await handle.db.selectFrom('marker').select('n').execute()).toEqual([{ n: round }]);
      }
      // Again on an existing schema: nothing happens, the table stays.
      await handles[1].ensureSchema();
      expect(await handles[2].db.selectFrom('marker').select('n').execute()).toHaveLength(1);
    }
  });

  it('needs no CREATE privilege on the database when its schema exists (a production role)', async () => {
    const schema = database.freshSchema('db_test');
    const role = uniqueSchemaName('db_test_role');
    await database.pool.query(`create schema ${schema}`);
    await database.pool.query(`create role ${role} login`);
    try {
      await database.pool.query(`grant usage, create on schema ${schema} to ${role}`);
      const url = new URL(database.url);
      url.username = role;
      url.password = '';
      const restricted = openPostgres(url.toString(), { schema, poolSize: 1 });
      try {
        const { rows } = await restricted.pool.query<{ allowed: boolean }>(
          "select has_database_privilege(current_database(), 'CREATE') as allowed",
        );
        expect(rows[0].allowed).toBe(false);
        await restricted.ensureSchema();
        await restricted.db.schema.createTable('owned').addColumn('id', 'text').execute();
        expect((await session(restricted)).schema).toBe(schema);
      } finally {
        await restricted.close();
      }
    } finally {
      await database.pool.query(`drop owned by ${role} cascade`);
      await database.pool.query(`drop role ${role}`);
    }
  });

  it('replaces a connection the server ended, in the same schema, without crashing the process', async () => {
    const handle = await fresh();
    await handle.db.schema.createTable('kept').addColumn('id', 'text').execute();
    const before = await session(handle);
    // Every connection of the pool is idle now; end them all, as a server restart would.
    const idle = handle.pool.idleCount;
    expect(idle).toBeGreaterThan(0);
    await withTestClient((client) =>
      client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and pid = any($1)',
        [[before.pid]],
      ),
    );
    const until = Date.now() + 5_000;
    while (handle.pool.totalCount === idle && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(handle.pool.totalCount).toBeLessThan(idle);

    const after = await session(handle);
    expect(after.pid).not.toBe(before.pid);
    expect(after.schema).toBe(handle.schema);
    expect(await handle.db.selectFrom('kept').selectAll().execute()).toEqual([]);
  });

  it('closes once, however often close() is called', async () => {
    const handle = await fresh();
    await session(handle);
    await handle.close();
    await handle.close();
    expect(handle.pool.ended).toBe(true);
    await expect(handle.db.selectNoFrom(sql`1`.as('one')).execute()).rejects.toThrow();
    await expect(handle.pool.query('select 1')).rejects.toThrow();
  });
});
