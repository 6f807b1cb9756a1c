/** openPostgres against the local PostgreSQL (TEST_POSTGRES_URL; CI has it on 127.0.0.1:5432). */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from '@jest/globals';
import { sql } from 'kysely';
import pg from 'pg';
import { openPostgres, type PostgresHandle } from './postgres.js';

const URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const opened: PostgresHandle[] = [];
afterAll(async () => {
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  for (const handle of opened) {
    await handle.close();
    await admin.query(`drop schema if exists ${pg.escapeIdentifier(handle.schema)} cascade`);
  }
  await admin.end();
});

async function fresh(): Promise<PostgresHandle> {
  const handle = openPostgres(URL, {
    schema: `db_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`,
    poolSize: 2,
  });
  opened.push(handle);
  await handle.ensureSchema();
  return handle;
}

describe('openPostgres', () => {
  it('puts unqualified tables in its own schema, invisible from another', async () => {
    const a = await fresh();
    const b = await fresh();
    await a.ensureSchema(); // again: nothing happens
    await a.db.schema.createTable('things').addColumn('id', 'text').execute();
    await a.db.insertInto('things').values({ id: 'x' }).execute();
    const { rows } = await a.pool.query<{ schema: string }>(
      `select table_schema as schema from information_schema.tables where table_name = 'things'`,
    );
    expect(rows.map((r) => r.schema)).toEqual([a.schema]);
    await expect(b.db.selectFrom('things').selectAll().execute()).rejects.toThrow(
      /relation "things" does not exist/,
    );
  });

  it('returns the types the query code expects: int8 and sums as strings, integers as numbers, text dates as text', async () => {
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
      .where('year', '=', 2020)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ position: '9007199254740993', year: 2020, valid_from: '2020-01-31' });
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
      n: '2',
      positions: '9007199254740995',
      years: '4041',
      latest: '2021-02-01',
    });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => openPostgres(URL, { schema: 'a"; drop table x; --' })).toThrow(RangeError);
    expect(() => openPostgres(URL, { schema: '1abc' })).toThrow(/Invalid schema name/);
  });

  it('ensureSchema from several processes at once: none fails (API instances and projectors start together)', async () => {
    for (let round = 0; round < 5; round++) {
      const schema = `db_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
      const handles = [1, 2, 3, 4].map(() => openPostgres(URL, { schema, poolSize: 1 }));
      opened.push(...handles);
      await Promise.all(handles.map((h) => h.ensureSchema()));
    }
  });

  it('closes once, however often close() is called', async () => {
    const handle = await fresh();
    await handle.close();
    await handle.close();
    await expect(handle.db.selectNoFrom(sql`1`.as('one')).execute()).rejects.toThrow();
  });
});
