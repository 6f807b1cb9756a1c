import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openSqlite, type SqliteHandle } from '#app/database';
import type { RecordedEvent } from '../event-store.port.js';
import type { Projection } from './projection.js';
import { rowProjection } from './row-projection.js';

/** A tally per (owner, name): `Opened` inserts it at 0, `Counted` adds one. */
interface Tally {
  owner: string;
  name: string;
  count: number;
}

type ToyEvent = RecordedEvent<'Opened' | 'Counted', { owner: string; name: string }>;

const tallies: Projection = rowProjection<ToyEvent, { tallies: Tally }>({
  name: 'tallies',
  handles: new Set(['Opened', 'Counted']),
  tables: {
    // Opening only inserts, so only counting needs the owner's rows loaded.
    tallies: {
      shape: { table: 'tallies', columns: ['owner', 'name', 'count'], key: ['owner', 'name'] },
      partition: 'owner',
      loadFor: ['Counted'],
    },
  },
  async migrate(db) {
    await db.schema
      .createTable('tallies')
      .ifNotExists()
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('tallies_pk', ['owner', 'name'])
      .execute();
  },
  decode: (event) => event as ToyEvent,
  partitionOf: (event) => event.data.owner,
  evolve(event, { tallies }) {
    const { owner, name } = event.data;
    if (event.type === 'Opened') return tallies.insert({ owner, name, count: 0 });
    const tally = tallies.find((t) => t.name === name);
    if (tally) tallies.update(tally, { count: tally.count + 1 });
  },
});

let position = 0;
const event = (type: ToyEvent['type'], owner: string, name: string): RecordedEvent => ({
  eventId: `e${++position}`,
  streamId: `toy-${owner}`,
  revision: position,
  position,
  type,
  schemaVersion: 1,
  data: { owner, name },
  metadata: { recordedAt: '2026-01-01T00:00:00.000Z' },
});

describe('rowProjection: loading per partition, inserts where nothing is loaded', () => {
  let dir: string;
  let sqlite: SqliteHandle;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'row-projection-'));
    sqlite = openSqlite(join(dir, 'db.sqlite'));
    await tallies.migrate(sqlite.db);
  });
  afterEach(async () => {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One unit of work over the chunks, flushed once at the end. */
  const unitOfWork = (...chunks: RecordedEvent[][]) =>
    sqlite.db.transaction().execute(async (trx) => {
      const batch = tallies.batch(trx);
      for (const chunk of chunks) await batch.add(chunk);
      await batch.flush();
    });
  const stored = () =>
    sqlite.db.selectFrom('tallies').selectAll().orderBy('owner').orderBy('name').execute();

  it('a row inserted unloaded is found by a later chunk that loads its partition', async () => {
    await unitOfWork(
      [event('Opened', 'p1', 'a'), event('Opened', 'p2', 'b')],
      [event('Counted', 'p1', 'a'), event('Counted', 'p1', 'a')],
    );
    expect(await stored()).toEqual([
      { owner: 'p1', name: 'a', count: 2 },
      { owner: 'p2', name: 'b', count: 0 },
    ]);
  });

  it('an insert whose key is stored already is skipped, loaded or not', async () => {
    await unitOfWork([event('Opened', 'p1', 'a'), event('Counted', 'p1', 'a')]);
    // Replays: once into an unloaded partition, once merged into a partition loaded later.
    await unitOfWork([event('Opened', 'p1', 'a')]);
    await unitOfWork([event('Opened', 'p1', 'a')], [event('Counted', 'p1', 'a')]);
    expect(await stored()).toEqual([{ owner: 'p1', name: 'a', count: 2 }]);
  });

  it('an evolve that reads a partition its event did not load fails loudly', async () => {
    const misdeclared = rowProjection<ToyEvent, { tallies: Tally }>({
      name: 'misdeclared',
      handles: new Set(['Opened']),
      tables: {
        tallies: {
          shape: { table: 'tallies', columns: ['owner', 'name', 'count'], key: ['owner', 'name'] },
          partition: 'owner',
          loadFor: [],
        },
      },
      migrate: async () => undefined,
      decode: (e) => e as ToyEvent,
      partitionOf: (e) => e.data.owner,
      evolve: (_e, { tallies }) => void tallies.all(),
    });
    await expect(
      sqlite.db.transaction().execute(async (trx) => {
        await misdeclared.batch(trx).add([event('Opened', 'p9', 'x')]);
      }),
    ).rejects.toThrow('tallies: the rows of p9 were not loaded for this event');
  });
});
