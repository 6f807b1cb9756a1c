import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import type { Kysely } from 'kysely';
import { openSqlite, type SqliteHandle } from '../../../database/src/sqlite.js';
import {
  evolve,
  initialState,
  latestIncome,
  type HouseholdEvent,
  type HouseholdState,
} from '../../../households/src/domain/index.js';
import { householdProjections } from '../../../households/src/read-models/index.js';
import {
  countyLog,
  dumpProjections,
  ev,
  EventLog,
  ids,
  openTempDb,
  type Dump,
  type Row,
  type TempDb,
} from '../../../households/src/read-models/testing/projection-harness.js';
import type { RecordedEvent } from '../event-store.port.js';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.js';
import { eventByEvent, type Projection } from './projection.js';
import { ProjectionRunner, ProjectionTimeoutError } from './projection-runner.js';

const BATCH = 7;
const POLL_MS = 20;
const CHECKPOINTS = 'projection_checkpoints';

/** ~300 events over 30 households; identical on every call. */
const LOG = countyLog(30);
const N = LOG.events.length;

interface Env {
  tmp: TempDb;
  store: SqliteEventStore;
  db: Kysely<any>;
}

const teardown: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of teardown.splice(0).reverse()) await step();
});

function storeOn(handle: SqliteHandle): SqliteEventStore {
  const store = new SqliteEventStore(handle.db, { pollIntervalMs: POLL_MS });
  teardown.push(() => store.close());
  return store;
}

/** A fresh SQLite file holding the county log, appended one event at a time through the store. */
async function seededEnv(): Promise<Env> {
  const tmp = openTempDb('runner-');
  teardown.push(() => tmp.close());
  const store = storeOn(tmp.handle);
  await store.init();
  for (const e of LOG.events) {
    const result = await store.append(
      e.streamId,
      [EventLog.toNewEvent(e)],
      e.revision === 0 ? 'no_stream' : e.revision - 1,
    );
    if (result.position !== e.position || result.nextExpectedRevision !== e.revision) {
      throw new Error(
        `seed: ${e.eventId} landed at ${result.position}/${result.nextExpectedRevision}`,
      );
    }
  }
  return { tmp, store, db: tmp.db };
}

function runnerOn(
  env: Pick<Env, 'store' | 'db'>,
  projections: readonly Projection[] = householdProjections,
) {
  const runner = new ProjectionRunner(env.store, env.db, projections, {
    batchSize: BATCH,
    retryDelayMs: 50,
  });
  teardown.push(() => runner.stop());
  return runner;
}

/** catchUp, failing instead of looping forever if it stops making progress. */
async function catchUpChecked(
  runner: ProjectionRunner,
): Promise<{ reached: number; progress: number[] }> {
  const progress: number[] = [];
  const reached = await runner.catchUp((p) => {
    progress.push(p);
    if (progress.length > Math.ceil(N / BATCH) + 2) {
      throw new Error(
        `catchUp took more than ${Math.ceil(N / BATCH)} batches of ${BATCH}; last checkpoints ${progress.slice(-5).join(', ')}`,
      );
    }
  });
  return { reached, progress };
}

async function dumpAll(db: Kysely<any>): Promise<Dump> {
  const dump = await dumpProjections(db, householdProjections);
  dump[CHECKPOINTS] = (await db
    .selectFrom(CHECKPOINTS)
    .selectAll()
    .orderBy('name')
    .execute()) as Row[];
  return dump;
}

async function storedCheckpoint(db: Kysely<any>): Promise<number | undefined> {
  const row = await db
    .selectFrom(CHECKPOINTS)
    .select('position')
    .where('name', '=', 'read-models')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.position);
}

const countOf = (dump: Dump, table: string) => dump[table]!.length;

/** The projected state after an uninterrupted catch-up in batches of 7: scenario (a). */
let reference:
  Promise<{ dump: Dump; reached: number; progress: number[]; position: number }> | undefined;
function uninterruptedRun() {
  reference ??= (async () => {
    const env = await seededEnv();
    const runner = runnerOn(env);
    await runner.init();
    const { reached, progress } = await catchUpChecked(runner);
    const dump = await dumpAll(env.db);
    return { dump, reached, progress, position: runner.position };
  })();
  return reference;
}

/** Fold of each stream with the domain's evolve: an independent oracle for the read models. */
function domainStates(events: readonly RecordedEvent[]): Map<string, HouseholdState> {
  const states = new Map<string, HouseholdState>();
  for (const e of events) {
    const id = e.streamId.slice('household-'.length);
    states.set(
      id,
      evolve(states.get(id) ?? initialState, { type: e.type, data: e.data } as HouseholdEvent),
    );
  }
  return states;
}

const byType = (type: string) => LOG.events.filter((e) => e.type === type);

describe('ProjectionRunner with the household projections on a real SQLite file', () => {
  beforeAll(() => {
    // The log is meant to cover every event type the projections handle.
    const types = new Set(LOG.events.map((e) => e.type));
    for (const p of householdProjections)
      for (const t of p.handles) expect(types.has(t)).toBe(true);
    expect(N).toBeGreaterThanOrEqual(250);
  });

  it('(a) an uninterrupted catch-up projects the whole log in batches and stores the checkpoint', async () => {
    const { dump, reached, progress, position } = await uninterruptedRun();

    expect(reached).toBe(N);
    expect(position).toBe(N);
    const batchEnds = Array.from({ length: Math.ceil(N / BATCH) }, (_, i) =>
      Math.min((i + 1) * BATCH, N),
    );
    expect(progress).toEqual(batchEnds);
    expect(dump[CHECKPOINTS]).toEqual([{ name: 'read-models', position: N }]);

    // Ledgers hold exactly what the log says.
    const assistance = byType('AssistanceRecorded');
    expect(countOf(dump, 'assistance_ledger')).toBe(assistance.length);
    const totalFen = assistance.reduce(
      (sum, e) => sum + (e.data as { amountFen: number }).amountFen,
      0,
    );
    expect(dump.assistance_ledger!.reduce((sum, r) => sum + Number(r.amount_fen), 0)).toBe(
      totalFen,
    );
    expect(countOf(dump, 'visits')).toBe(byType('VisitLogged').length);
    expect(countOf(dump, 'problems')).toBe(byType('ProblemRecorded').length);
    expect(dump.problems!.filter((r) => r.rectified_on !== null)).toHaveLength(
      byType('ProblemRectified').length,
    );

    // Summary, membership and history agree with the domain's own fold of each stream.
    const states = domainStates(LOG.events);
    expect(countOf(dump, 'household_summary')).toBe(30);
    const statusCode = {
      Poor: 'POOR',
      Exited: 'EXITED',
      NonPoor: 'NON_POOR',
      Deregistered: 'DEREGISTERED',
    } as const;
    const monitoringCode = {
      None: 'NONE',
      Monitored: 'MONITORED',
      Eliminated: 'ELIMINATED',
    } as const;
    for (const row of dump.household_summary!) {
      const state = states.get(row.household_id as string)!;
      if (state.status === 'Unregistered') throw new Error('unregistered household in summary');
      const facts = state.facts;
      const income = latestIncome(facts);
      const openProblems = Object.values(facts.problems).filter((p) => !p.rectifiedOn);
      expect({
        id: row.household_id,
        status: row.status,
        members: row.members_count,
        edge: row.edge,
        monitoring: row.monitoring_state,
        income: [row.latest_income_year, row.latest_income_fen],
        openProblems: row.open_problems_count,
      }).toEqual({
        id: facts.householdId,
        status: statusCode[state.status],
        // A deregistered household keeps its last facts in the domain; the read model ends
        // membership and monitoring with it (as the history and membership projections do).
        members: state.status === 'Deregistered' ? 0 : Object.keys(facts.members).length,
        edge: facts.edge ? 1 : 0,
        monitoring:
          state.status === 'Deregistered' ? 'NONE' : monitoringCode[facts.monitoring.kind],
        income: income ? [income.year, income.fen] : [null, null],
        openProblems: openProblems.length,
      });
      const openMembers = dump.household_members!.filter(
        (m) => m.household_id === row.household_id && m.to_revision === null,
      );
      expect(openMembers.map((m) => m.id_number).sort()).toEqual(
        state.status === 'Deregistered' ? [] : Object.keys(facts.members).sort(),
      );
      const openStatus = dump.status_history!.filter(
        (s) => s.household_id === row.household_id && s.valid_to === null,
      );
      expect(openStatus.map((s) => s.status)).toEqual([row.status]);
    }
    expect(
      dump
        .household_summary!.filter((r) => r.status === 'DEREGISTERED')
        .map((r) => r.household_id)
        .sort(),
    ).toEqual([ids.household(10), ids.household(11)]);
  });

  it('(a) a second catch-up with nothing new applies nothing and changes nothing', async () => {
    const env = await seededEnv();
    const runner = runnerOn(env);
    await runner.init();
    await catchUpChecked(runner);
    const before = await dumpAll(env.db);
    const { reached, progress } = await catchUpChecked(runner);
    expect(reached).toBe(N);
    expect(progress).toEqual([]);
    expect(await dumpAll(env.db)).toEqual(before);
    expect(before).toEqual((await uninterruptedRun()).dump);
  });

  it('(b) a subscription stopped between batches, then a new runner on the same file, gives the same tables', async () => {
    const { dump: expected } = await uninterruptedRun();
    const env = await seededEnv();
    const STOP_AT = 52; // inside the 8th batch, 50..56
    let stopping: Promise<void> | undefined;
    let stopRequested!: () => void;
    const requested = new Promise<void>((resolve) => (stopRequested = resolve));
    const stopper: Projection = {
      name: 'stopper',
      handles: new Set(LOG.events.map((e) => e.type)),
      tables: [],
      async migrate() {},
      batch: eventByEvent(async (_trx, event) => {
        if (event.position === STOP_AT && !stopping) {
          stopping = first.stop(); // not awaited here: stop() waits for this very batch
          stopRequested();
        }
      }),
    };
    const first = runnerOn(env, [...householdProjections, stopper]);
    await first.init();
    first.start();
    expect(first.running).toBe(true);
    await requested;
    await stopping;

    expect(first.running).toBe(false);
    expect(first.position).toBe(56);
    expect(await storedCheckpoint(env.db)).toBe(56);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 5));
    expect(await storedCheckpoint(env.db)).toBe(56);

    const partial = await dumpAll(env.db);
    const registeredSoFar = LOG.events
      .slice(0, 56)
      .filter((e) => e.type === 'HouseholdRegistered').length;
    expect(partial.household_summary).toHaveLength(registeredSoFar);
    expect(
      Math.max(...partial.household_summary!.map((r) => Number(r.position))),
    ).toBeLessThanOrEqual(56);
    expect(partial).not.toEqual(expected);

    // "Restart": close everything, open the same file again with a new store and runner.
    await env.store.close();
    await env.tmp.handle.close();
    const handle = openSqlite(env.tmp.file);
    teardown.push(() => handle.close());
    const store = storeOn(handle);
    await store.init();
    const second = runnerOn({ store, db: handle.db });
    await second.init();
    expect(second.position).toBe(56);
    const { reached, progress } = await catchUpChecked(second);
    expect(reached).toBe(N);
    expect(progress[0]).toBe(63);
    expect(await dumpAll(handle.db)).toEqual(expected);
  });

  it('(c) a failure inside a batch rolls the whole batch back; a fresh runner then converges', async () => {
    const { dump: expected } = await uninterruptedRun();
    const env = await seededEnv();
    const target = householdProjections.find((p) => p.name === 'visits-and-problems')!;
    // The first event for the last projection past position 100 that sits mid-batch.
    const failing = LOG.events.find(
      (e) => e.position > 100 && (e.position - 1) % BATCH >= 3 && target.handles.has(e.type),
    )!;
    const batchStart = failing.position - ((failing.position - 1) % BATCH);
    const before = batchStart - 1;
    expect(failing.position).toBeGreaterThan(batchStart);

    let thrown = 0;
    let writesOfThisBatchSeen = 0;
    const faulty: Projection = {
      name: target.name,
      version: target.version,
      handles: target.handles,
      tables: target.tables,
      migrate: (db) => target.migrate(db),
      batch: (trx) => {
        const inner = target.batch(trx);
        return {
          async add(events) {
            for (const event of events) {
              if (event.position === failing.position && thrown === 0) {
                thrown++;
                // Other projections have already written this batch inside the same transaction.
                const row = await trx
                  .selectFrom('household_summary')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('position', '>=', batchStart)
                  .executeTakeFirstOrThrow();
                writesOfThisBatchSeen = Number(row.n);
                throw new Error(`injected fault at position ${event.position}`);
              }
              await inner.add([event]);
            }
          },
          flush: () => inner.flush(),
        };
      },
    };
    const broken = runnerOn(
      env,
      householdProjections.map((p) => (p === target ? faulty : p)),
    );
    await broken.init();
    await expect(broken.catchUp()).rejects.toThrow(
      `injected fault at position ${failing.position}`,
    );

    expect(thrown).toBe(1);
    expect(writesOfThisBatchSeen).toBeGreaterThan(0);
    expect(broken.position).toBe(before);
    expect(await storedCheckpoint(env.db)).toBe(before);

    // Exactly the state of the events before the failing batch: no partial writes of that batch.
    const prefixTmp = openTempDb('runner-prefix-');
    teardown.push(() => prefixTmp.close());
    const prefix = runnerOn({ store: env.store, db: prefixTmp.db });
    await prefix.init();
    await prefix.applyBatch(await env.store.readAll({ after: 0, limit: before }));
    expect(prefix.position).toBe(before);
    const afterFailure = await dumpAll(env.db);
    expect(afterFailure).toEqual(await dumpAll(prefixTmp.db));
    expect(
      Math.max(...afterFailure.household_summary!.map((r) => Number(r.position))),
    ).toBeLessThanOrEqual(before);

    const fresh = runnerOn(env);
    await fresh.init();
    expect(fresh.position).toBe(before);
    const { reached, progress } = await catchUpChecked(fresh);
    expect(reached).toBe(N);
    expect(progress[0]).toBe(before + BATCH);
    expect(await dumpAll(env.db)).toEqual(expected);
  });

  it('(d) applyBatch of the same batch twice changes nothing; an overlapping batch applies only the new events', async () => {
    const env = await seededEnv();
    const runner = runnerOn(env);
    await runner.init();
    const batch = await env.store.readAll({ after: 0, limit: 50 });
    await runner.applyBatch(batch);
    expect(runner.position).toBe(50);
    const once = await dumpAll(env.db);
    expect(once.household_summary!.length).toBeGreaterThan(0);

    await runner.applyBatch(batch);
    expect(runner.position).toBe(50);
    expect(await dumpAll(env.db)).toEqual(once);

    await runner.applyBatch(await env.store.readAll({ after: 40, limit: 20 }));
    expect(runner.position).toBe(60);
    const straightTmp = openTempDb('runner-straight-');
    teardown.push(() => straightTmp.close());
    const straight = runnerOn({ store: env.store, db: straightTmp.db });
    await straight.init();
    await straight.applyBatch(await env.store.readAll({ after: 0, limit: 60 }));
    const at60 = await dumpAll(env.db);
    expect(at60).toEqual(await dumpAll(straightTmp.db));
    expect(at60[CHECKPOINTS]).toEqual([{ name: 'read-models', position: 60 }]);

    // An old batch delivered late, to a runner that has not read the checkpoint: the stored
    // checkpoint is the guard, it neither re-applies nor moves back.
    const stale = runnerOn(env);
    expect(stale.position).toBe(0);
    await stale.applyBatch(batch);
    expect(await dumpAll(env.db)).toEqual(at60);
    expect(stale.position).toBe(60);
  });

  it('(d) replaying the whole log over existing tables (checkpoint lost) changes nothing', async () => {
    const { dump: expected } = await uninterruptedRun();
    const env = await seededEnv();
    const runner = runnerOn(env);
    await runner.init();
    await catchUpChecked(runner);
    await env.db.deleteFrom(CHECKPOINTS).execute();

    const replay = runnerOn(env);
    await replay.init();
    expect(replay.position).toBe(0);
    const { reached } = await catchUpChecked(replay);
    expect(reached).toBe(N);
    expect(await dumpAll(env.db)).toEqual(expected);
  });

  it('(d) a raised projection version drops its old tables and replays the log into the new layout', async () => {
    const { dump: expected } = await uninterruptedRun();
    const env = await seededEnv();
    const first = runnerOn(env);
    await first.init();
    await catchUpChecked(first);
    // Simulate an old layout: a column the current version no longer has, then a version bump.
    const history = householdProjections.find((p) => p.name === 'household-history')!;
    await env.db.schema.alterTable(history.tables[0]!).addColumn('legacy', 'text').execute();
    const bumped = householdProjections.map((p) =>
      p === history ? { ...p, version: (p.version ?? 1) + 1 } : p,
    );

    const upgraded = runnerOn(env, bumped);
    await upgraded.init();
    expect(upgraded.position).toBe(0);
    expect(await storedCheckpoint(env.db)).toBeUndefined();
    const { reached } = await catchUpChecked(upgraded);
    expect(reached).toBe(N);
    expect(await dumpAll(env.db)).toEqual(expected);

    // Same versions again: nothing is dropped.
    const again = runnerOn(env, bumped);
    await again.init();
    expect(again.position).toBe(N);
  });
  it('(e) waitFor resolves once the position is projected, and times out with PROJECTION_TIMEOUT when stopped', async () => {
    const env = await seededEnv();
    const runner = runnerOn(env);
    await runner.init();
    let caughtUp = false;
    const pending = runner.waitFor(N, 5000).then(() => {
      caughtUp = true;
    });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 2));
    expect(caughtUp).toBe(false);

    runner.start();
    await pending;
    expect(runner.position).toBe(N);
    await expect(runner.waitFor(10, 1)).resolves.toBeUndefined();

    // A live append is projected by the running subscription.
    const h0 = ids.household(0);
    const stream = `household-${h0}`;
    const revision = (await env.store.readStream(stream)).length - 1;
    const live = ev.visit(ids.visit(9001), '2024-05-05', { notes: 'live' });
    const appended = await env.store.append(
      stream,
      [{ eventId: ids.event(9001), type: live.type, data: live.data }],
      revision,
    );
    expect(appended.position).toBe(N + 1);
    await runner.waitFor(appended.position, 5000);
    expect(
      await env.db
        .selectFrom('visits')
        .select(['household_id', 'notes'])
        .where('visit_id', '=', ids.visit(9001))
        .execute(),
    ).toEqual([{ household_id: h0, notes: 'live' }]);
    expect(
      (
        await env.db
          .selectFrom('household_summary')
          .select('last_visit_on')
          .where('household_id', '=', h0)
          .executeTakeFirst()
      )?.last_visit_on,
    ).toBe('2024-05-05');

    await runner.stop();
    expect(runner.running).toBe(false);
    const late = ev.visit(ids.visit(9002), '2024-06-06');
    const lateVisit = () =>
      env.db
        .selectFrom('visits')
        .select('visit_id')
        .where('visit_id', '=', ids.visit(9002))
        .execute();
    const notProjected = await env.store.append(
      stream,
      [{ eventId: ids.event(9002), type: late.type, data: late.data }],
      revision + 1,
    );
    const started = Date.now();
    const error = await runner.waitFor(notProjected.position, 150).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(error).toBeInstanceOf(ProjectionTimeoutError);
    expect(error).toMatchObject({ code: 'PROJECTION_TIMEOUT', position: N + 2, reached: N + 1 });
    expect(runner.position).toBe(N + 1);
    expect(await lateVisit()).toEqual([]);

    // Started again, it picks up where it stopped.
    runner.start();
    await runner.waitFor(notProjected.position, 5000);
    expect(await lateVisit()).toEqual([{ visit_id: ids.visit(9002) }]);
  });
});
