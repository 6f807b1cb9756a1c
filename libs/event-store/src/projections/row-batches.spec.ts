import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqlite, type SqliteHandle } from '../../../database/src/sqlite.js';
import {
  MAX_ROWS_PER_STATEMENT,
  selectRowsWhereIn,
  writeRows,
  type TableShape,
} from './row-batches.js';

interface Item {
  id: string;
  owner: string;
  label: string | null;
  amount: number;
}

const SHAPE: TableShape<Item> = {
  table: 'items',
  columns: ['id', 'owner', 'label', 'amount'],
  key: ['id'],
};

const item = (n: number, label: string | null = `label ${n}`): Item => ({
  id: `item-${String(n).padStart(4, '0')}`,
  owner: `owner-${n % 3}`,
  label,
  amount: n * 100,
});

describe('row batches', () => {
  let dir: string;
  let sqlite: SqliteHandle;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'row-batches-'));
    sqlite = openSqlite(join(dir, 'db.sqlite'));
    await sqlite.db.schema
      .createTable('items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('amount', 'integer', (c) => c.notNull())
      .execute();
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const all = async () =>
    (await sqlite.db.selectFrom('items').selectAll().orderBy('id').execute()) as Item[];

  it.each([0, 1, 3, MAX_ROWS_PER_STATEMENT - 1, MAX_ROWS_PER_STATEMENT, 2 * 64 + 7])(
    'writes %i rows, each once, with every column',
    async (count) => {
      const rows = Array.from({ length: count }, (_, i) => item(i, i % 4 === 0 ? null : `l${i}`));
      await writeRows(sqlite.db, SHAPE, rows, 'update');
      expect(await all()).toEqual(rows);
    },
  );

  it('on a known key, "update" replaces the other columns and "ignore" keeps the stored row', async () => {
    const stored = Array.from({ length: 70 }, (_, i) => item(i));
    await writeRows(sqlite.db, SHAPE, stored, 'update');
    const changed = stored.map((row, i) => ({ ...row, label: `changed ${i}`, amount: -1 - i }));
    const extra = item(70);

    await writeRows(sqlite.db, SHAPE, [...changed.slice(0, 35), extra], 'ignore');
    expect(await all()).toEqual([...stored, extra]);

    await writeRows(sqlite.db, SHAPE, changed.slice(0, 35), 'update');
    expect(await all()).toEqual([...changed.slice(0, 35), ...stored.slice(35), extra]);
  });

  it('writes undefined as null', async () => {
    const row: Omit<Item, 'label'> & { label?: string } = { id: 'a', owner: 'o', amount: 1 };
    const shape: TableShape<Partial<Item>> = { ...SHAPE };
    await writeRows(sqlite.db, shape, [row], 'update');
    expect(await all()).toEqual([{ id: 'a', owner: 'o', label: null, amount: 1 }]);
  });

  it('selects the rows whose column is in the values, whatever their number and repeats', async () => {
    const stored = Array.from({ length: 200 }, (_, i) => item(i));
    await writeRows(sqlite.db, SHAPE, stored, 'update');
    const byId = (rows: Item[]) => [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));

    const wanted = [5, 5, 199, 0, 77, 77, 150];
    const ids = [...wanted.map((n) => item(n).id), 'missing'];
    const found = await selectRowsWhereIn<Item>(sqlite.db, SHAPE, 'id', ids);
    expect(byId(found)).toEqual(byId([...new Set(wanted)].map((n) => item(n))));

    const many = stored.slice(3, 3 + 150).map((row) => row.id);
    expect(byId(await selectRowsWhereIn<Item>(sqlite.db, SHAPE, 'id', many))).toEqual(
      stored.slice(3, 153),
    );
    expect(await selectRowsWhereIn<Item>(sqlite.db, SHAPE, 'owner', ['owner-1'])).toHaveLength(
      stored.filter((row) => row.owner === 'owner-1').length,
    );
    expect(await selectRowsWhereIn<Item>(sqlite.db, SHAPE, 'id', [])).toEqual([]);
  });

  it('works inside a transaction, which rolls back with it', async () => {
    await expect(
      sqlite.db.transaction().execute(async (trx) => {
        await writeRows(trx, SHAPE, [item(1), item(2)], 'update');
        expect(await selectRowsWhereIn<Item>(trx, SHAPE, 'id', [item(2).id])).toEqual([item(2)]);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await all()).toEqual([]);
  });
});
