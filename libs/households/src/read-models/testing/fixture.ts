/**
 * Test fixture for the read side as the application runs it (used only by specs): a temp SQLite
 * file (`openTempDb` from `projection-harness.ts`), the SQLite event store, and the projection
 * runner with every household projection. Events are appended straight to the store (no
 * deciders), then projected with `catchUp()`. Build the events with the harness's `ev`, `member`
 * and `ids`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
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
import { openTempDb } from './projection-harness.js';

/** Fixed clock: 2026-11-28, the decider specs' today. */
export const fixedClock: Clock = {
  now: () => new Date(`${TODAY}T00:00:00Z`),
  today: () => TODAY,
};

export interface ReadSideFixture {
  db: Kysely<any>;
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

export async function openReadSideFixture(): Promise<ReadSideFixture> {
  const tmp = openTempDb('read-models-');
  const store = new SqliteEventStore(tmp.db, { pollIntervalMs: 50 });
  await store.init();
  const runner = new ProjectionRunner(store, tmp.db, householdProjections);
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
    db: tmp.db,
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
      await tmp.close();
    },
  };
}
