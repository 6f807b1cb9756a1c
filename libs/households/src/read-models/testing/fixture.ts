/**
 * Test fixture for the read side as the application runs it (used only by specs): a temp SQLite
 * file (`openTempDb` from `projection-harness.ts`), the SQLite event store, and the projection
 * runner with every household projection. Events are appended straight to the store (no
 * deciders), then projected with `catchUp()`. Build the events with the harness's `ev`, `member`
 * and `ids`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { openPostgres } from '#app/database';
import {
  ProjectionRunner,
  SqliteEventStore,
  type EventMetadata,
  type EventStore,
} from '#app/event-store';
import { householdStream, type HouseholdEvent } from '../../domain/index.js';
import { TODAY } from '../../domain/testing.spec-helpers.js';
import type { Clock } from '../../infrastructure/clock.js';
import { householdProjections } from '../index.js';
import type { ReadModels } from '../read-models.js';
import {
  dropSchemas,
  TEST_POSTGRES_URL,
  uniqueSchemaName,
} from '../../../../../test/support/postgres.js';
import { openTempDb } from './projection-harness.js';

/** Fixed clock: 2026-11-28, the decider specs' today. */
export const fixedClock: Clock = {
  now: () => new Date(`${TODAY}T00:00:00Z`),
  today: () => TODAY,
};

export interface ReadSideFixture {
  db: Kysely<ReadModels>;
  store: EventStore;
  runner: ProjectionRunner;
  /** Appends events to household-<id> (expected revision 'any'), without projecting them. */
  append(
    householdId: string,
    events: readonly HouseholdEvent[],
    metadata?: EventMetadata,
  ): Promise<void>;
  /** Projects everything appended so far. */
  catchUp(): Promise<void>;
  /** append + catchUp. */
  record(householdId: string, ...events: HouseholdEvent[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where the fixture keeps the read models: the SQLite file (default), or a fresh schema in
 * TEST_POSTGRES_URL (the local test database), dropped on close. jest.config.js runs the query
 * specs a second time with `__READ_MODELS_ENGINE__` = postgres; READ_MODELS_ENGINE overrides it.
 */
async function openReadModelDb(
  tmp: ReturnType<typeof openTempDb>,
): Promise<{ db: Kysely<ReadModels>; close(): Promise<void> }> {
  const engine =
    process.env.READ_MODELS_ENGINE ??
    (globalThis as { __READ_MODELS_ENGINE__?: string }).__READ_MODELS_ENGINE__ ??
    'sqlite';
  if (engine === 'sqlite') return { db: tmp.db, close: async () => {} };
  if (engine !== 'postgres') {
    throw new Error(`READ_MODELS_ENGINE must be sqlite or postgres, got "${engine}"`);
  }
  const schema = uniqueSchemaName('read_side');
  const postgres = openPostgres(TEST_POSTGRES_URL, { schema, poolSize: 2 });
  await postgres.ensureSchema();
  return {
    db: postgres.db,
    async close() {
      await postgres.close();
      await dropSchemas([schema]);
    },
  };
}

export async function openReadSideFixture(): Promise<ReadSideFixture> {
  const tmp = openTempDb('read-models-');
  const store = new SqliteEventStore(tmp.db, { pollIntervalMs: 50 });
  await store.init();
  const readModels = await openReadModelDb(tmp);
  const runner = new ProjectionRunner(store, readModels.db, householdProjections);
  await runner.init();

  const append: ReadSideFixture['append'] = async (householdId, events, metadata) => {
    await store.append(
      householdStream(householdId),
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        data: e.data,
        ...(metadata !== undefined && { metadata }),
      })),
      'any',
    );
  };
  const catchUp = async () => {
    await runner.catchUp();
  };
  return {
    db: readModels.db,
    store,
    runner,
    append,
    catchUp,
    async record(householdId, ...events) {
      await append(householdId, events);
      await catchUp();
    },
    async close() {
      await store.close();
      await readModels.close();
      await tmp.close();
    },
  };
}
