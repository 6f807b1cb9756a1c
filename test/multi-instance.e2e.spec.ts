/**
 * The production topology in miniature, as real processes: two API instances with
 * PROJECTIONS=off and two projectors, events and read models in fresh PostgreSQL schemas. Two
 * dozen clients write to the same few households with `expectedRevision` and retry on conflicts,
 * and each checks that the other API instance already shows its write (read-your-writes across
 * processes). Mid-run the active projector is killed with SIGKILL. At the end: every acknowledged
 * mutation's events are in the log exactly once, each stream's revisions are contiguous, the
 * standby holds the lock and took over, and the API's statistics equal a single-process replay of
 * the same log into fresh SQLite read models.
 *
 * The processes run the current sources, compiled by swc into a temp directory (see
 * compileApps); no `npm run build` is needed. Always on PostgreSQL: the e2e-sqlite project skips
 * it so that it runs once.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { openSqlite } from '#app/database';
import { PostgresEventStore, ProjectionRunner } from '#app/event-store';
import { formatYuan, GetStatisticsQuery, householdProjections } from '#app/households';
import { residentId } from '../libs/households/src/domain/testing/resident-ids.js';
import { GetStatisticsHandler } from '../libs/households/src/read-models/statistics/statistics.query.js';
import { AppProcess, freePort, type LogLine } from './support/child-process.js';
import { compileApps, REPO_ROOT } from './support/compile-apps.js';
import { dropSchemas, TEST_POSTGRES_URL, uniqueSchemaName } from './support/postgres.js';
import { e2eEngine } from './support/test-app.js';

const CLIENTS = 24;
const OPERATIONS_PER_CLIENT = 8;
const SHARED_HOUSEHOLDS = 6;
/** The active projector is killed once this share of the planned mutations is acknowledged. */
const KILL_AT = 0.4;
const VILLAGE = '431023100201';
const OTHER_VILLAGE = '431023101203';
const STATISTICS_AT: [asOf: string, areaCode: string | null][] = [
  ['2014-12-31', null],
  ['2019-12-31', null],
  ['2020-06-30', null],
  ['2020-12-31', null],
  ['2020-12-31', '431023100'],
  ['2021-12-31', null],
];

const LOCK_ACQUIRED = 'lock acquired: this projector runs the projections';
const STANDBY = 'standby: another projector holds the lock; waiting to take over';
const RELEASED = 'projector stopped; lock released';

const describeOnPostgres = e2eEngine() === 'postgres' ? describe : describe.skip;

interface Ack {
  commandId: string;
  householdId: string;
  revision: number;
  position: number;
}

interface GqlResult {
  data?: any;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

const REGISTER = `mutation($input: RegisterHouseholdInput!) {
  registerHousehold(input: $input) { householdId revision position } }`;
const VISIT = `mutation($input: LogVisitInput!) {
  logVisit(input: $input) { householdId revision position } }`;
const ASSISTANCE = `mutation($input: RecordAssistanceInput!) {
  recordAssistance(input: $input) { householdId revision position } }`;
const FLAG_EDGE = `mutation($input: EdgeHouseholdInput!) {
  flagEdgeHousehold(input: $input) { householdId revision position } }`;
const REVISION = `query($id: ID!) { household(id: $id) { revision } }`;
const STATISTICS = `query($asOf: Date!, $areaCode: String) {
  statistics(asOf: $asOf, areaCode: $areaCode) {
    asOf areaCode position
    registeredHouseholds registeredPeople exitedHouseholds exitedPeople
    remainingHouseholds remainingPeople edgeHouseholds edgePeople
    monitoredHouseholds monitoredPeople
    monitoredByCategory { category label households people }
    riskEliminatedHouseholds riskEliminatedPeople
    assistance { category label amount peopleReached households }
    visits problemsFound problemsRectified problemsOpen problemsOverdue
  } }`;

/** A small seeded generator, so a failing run can be repeated with the same choices. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeOnPostgres('two API instances and two projectors on PostgreSQL', () => {
  const prefix = uniqueSchemaName('mi');
  const eventsSchema = `${prefix}_events`;
  const readSchema = `${prefix}_read`;
  let work: string;
  const processes: AppProcess[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'pm-multi-instance-'));
    await compileApps(join(work, 'app'));
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await dropSchemas([eventsSchema, readSchema]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function start(name: string, app: 'api' | 'projector', env: Record<string, string>) {
    const inherited = { ...process.env };
    // Nothing of the test runner's or the developer's settings leaks into the apps.
    for (const key of Object.keys(inherited)) {
      if (/^(NODE_OPTIONS|EVENT_STORE|READ_MODEL|PROJECTOR_|PROJECTIONS|PORT$|HOST$)/.test(key)) {
        delete inherited[key];
      }
    }
    const child = new AppProcess(
      name,
      join(work, 'app', 'apps', app, 'src', 'main.js'),
      {
        ...inherited,
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'log',
        DATA_DIR: join(work, `data-${name}`),
        POLICY_FILE: join(REPO_ROOT, 'config', 'policy.json'),
        EVENT_STORE: 'postgres',
        EVENT_STORE_URL: TEST_POSTGRES_URL,
        EVENT_STORE_SCHEMA: eventsSchema,
        READ_MODEL_URL: TEST_POSTGRES_URL,
        READ_MODEL_SCHEMA: readSchema,
        HOST: '127.0.0.1',
        ...env,
      },
      REPO_ROOT,
    );
    processes.push(child);
    return child;
  }

  it('loses and duplicates no event, fails over to the standby, and agrees with a replay', async () => {
    // ---- start: projector A first, so that it is the active one; then B, the standby ----------
    const projectorA = start('projector-a', 'projector', { PROJECTOR_ID: 'projector-a' });
    const apiPorts = [await freePort(), await freePort()];
    const apis = apiPorts.map((port, i) =>
      start(`api-${i + 1}`, 'api', {
        PORT: String(port),
        PROJECTIONS: 'off',
        // Longer than a failover: a mutation waiting meanwhile must still be answered.
        READ_YOUR_WRITES_TIMEOUT_MS: '15000',
      }),
    );
    await projectorA.waitForLog(
      (l) => l.text === 'projections following the log',
      'that it follows the log',
    );
    expect(projectorA.logs.some((l) => l.text === LOCK_ACQUIRED)).toBe(true);
    const projectorBPort = await freePort();
    const projectorB = start('projector-b', 'projector', {
      PROJECTOR_ID: 'projector-b',
      PROJECTOR_PORT: String(projectorBPort),
    });
    await projectorB.waitForLog((l) => l.text === STANDBY, 'that it stands by');
    await Promise.all(
      apis.map((api) => api.waitForLog((l) => l.text === 'poverty monitor API ready', 'ready')),
    );
    const urls = apiPorts.map((port) => `http://127.0.0.1:${port}`);

    const gql = async (api: number, query: string, variables: object): Promise<GqlResult> => {
      const res = await fetch(`${urls[api]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GqlResult;
    };
    const revisionOf = async (api: number, householdId: string): Promise<number> => {
      const res = await gql(api, REVISION, { id: householdId });
      if (res.errors) throw new Error(`household(${householdId}): ${JSON.stringify(res.errors)}`);
      return res.data.household.revision as number;
    };

    // ---- the workload ------------------------------------------------------------------------
    const acks: Ack[] = [];
    const readYourWritesViolations: string[] = [];
    let conflicts = 0;
    let timeouts = 0;
    let visits = 0;
    let killedAt: number | undefined;
    const planned = SHARED_HOUSEHOLDS + CLIENTS * OPERATIONS_PER_CLIENT;

    let sequence = 100;
    const registration = (areaCode: string, registeredPoor: boolean, size: number) => ({
      areaCode,
      address: '永兴县某村某组',
      registeredPoor,
      ...(registeredPoor && { identifiedYear: 2014, povertyCauses: ['ILLNESS'] }),
      effectiveDate: registeredPoor ? '2014-10-01' : '2019-03-01',
      members: Array.from({ length: size }, (_, i) => ({
        name: `成员${i}`,
        idNumber: residentId(i === 0 ? '1970-05-01' : `199${i}-03-0${i}`, ++sequence),
        relation: i === 0 ? 'HEAD' : 'CHILD',
        laborAbility: 'FULL',
      })),
    });

    /**
     * One mutation through API `api`, with a fresh commandId and the revision last read; on a
     * conflict, again with the actual revision; on a read-your-writes timeout, again with the same
     * commandId (idempotent). Then the other instance must show the write already.
     */
    const mutate = async (
      api: number,
      field: string,
      query: string,
      input: Record<string, unknown>,
      householdId: string | undefined,
    ): Promise<Ack> => {
      const commandId = randomUUID();
      let expectedRevision =
        householdId === undefined ? undefined : await revisionOf(api, householdId);
      for (let attempt = 1; ; attempt++) {
        const res = await gql(api, query, {
          input: {
            ...input,
            ...(householdId !== undefined && { householdId, expectedRevision }),
            commandId,
          },
        });
        const error = res.errors?.[0];
        if (error === undefined) {
          const result = res.data[field] as Omit<Ack, 'commandId'>;
          const ack = { commandId, ...result };
          acks.push(ack);
          if (killedAt === undefined && acks.length >= planned * KILL_AT) {
            killedAt = Date.now();
            projectorA.kill('SIGKILL');
          }
          const seen = await revisionOf(1 - api, ack.householdId);
          if (seen < ack.revision) {
            readYourWritesViolations.push(
              `${field} ${commandId}: revision ${ack.revision} acknowledged by api-${api + 1}, api-${2 - api} shows ${seen}`,
            );
          }
          return ack;
        }
        const code = error.extensions?.code;
        if (code === 'CONCURRENCY_CONFLICT' && attempt < 200) {
          conflicts++;
          const actual = error.extensions?.actual;
          expectedRevision =
            typeof actual === 'number' ? actual : await revisionOf(api, householdId!);
          await sleep(Math.random() * 10);
          continue;
        }
        if (code === 'PROJECTION_TIMEOUT' && attempt < 5) {
          timeouts++;
          continue;
        }
        throw new Error(`${field} via api-${api + 1}: ${JSON.stringify(res.errors)}`);
      }
    };

    // Shared households, registered before the clients start: four poor, two not.
    const shared: string[] = [];
    for (let i = 0; i < SHARED_HOUSEHOLDS; i++) {
      const poor = i < 4;
      const ack = await mutate(
        i % 2,
        'registerHousehold',
        REGISTER,
        registration(i % 3 === 2 ? OTHER_VILLAGE : VILLAGE, poor, 3),
        undefined,
      );
      shared.push(ack.householdId);
    }

    const client = async (index: number) => {
      const next = random(index + 1);
      for (let op = 0; op < OPERATIONS_PER_CLIENT; op++) {
        const api = (index + op) % 2;
        const month = String(1 + ((index + op) % 12)).padStart(2, '0');
        const day = String(1 + ((index * 7 + op) % 28)).padStart(2, '0');
        if (op === 0 && index % 4 === 0) {
          await mutate(
            api,
            'registerHousehold',
            REGISTER,
            registration(index % 8 === 0 ? VILLAGE : OTHER_VILLAGE, index % 8 === 0, 2),
            undefined,
          );
          continue;
        }
        // The two households not registered as poor are flagged as edge households once each.
        if (op === 1 && index < 2) {
          await mutate(
            api,
            'flagEdgeHousehold',
            FLAG_EDGE,
            { effectiveDate: `2020-${month}-${day}`, reason: '因病致贫风险' },
            shared[4 + index],
          );
          continue;
        }
        const householdId = shared[Math.floor(next() * SHARED_HOUSEHOLDS)]!;
        if (next() < 0.55) {
          visits++;
          await mutate(
            api,
            'logVisit',
            VISIT,
            {
              date: `2020-${month}-${day}`,
              cadre: `干部${index}`,
              purpose: op % 2 === 0 ? 'ROUTINE' : 'REVIEW',
              ...(op % 3 === 0 && {
                problems: [{ description: `问题${index}-${op}`, deadline: '2021-06-30' }],
              }),
            },
            householdId,
          );
        } else {
          await mutate(
            api,
            'recordAssistance',
            ASSISTANCE,
            {
              category: op % 2 === 0 ? 'EDUCATION' : 'HEALTH',
              amount: `${100 + index}.${String(op * 7).padStart(2, '0')}`,
              peopleReached: 1 + (op % 2),
              date: `${op % 3 === 0 ? 2021 : 2020}-${month}-${day}`,
            },
            householdId,
          );
        }
      }
    };
    const runStarted = Date.now();
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    const runMs = Date.now() - runStarted;

    // ---- failover ----------------------------------------------------------------------------
    expect(killedAt).toBeDefined();
    expect(await projectorA.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const standby = projectorB.logs.find((l) => l.text === STANDBY)!;
    expect(standby.timestamp).toBeLessThan(killedAt!);
    const takeover: LogLine = await projectorB.waitForLog(
      (l) => l.text === LOCK_ACQUIRED && l.fields.takeover === true,
      'that it took over',
    );
    expect(takeover.timestamp).toBeGreaterThanOrEqual(killedAt! - 50);
    // The lock's holder in PostgreSQL is B's lock session now.
    const locks = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await locks.connect();
    const lockHolder = async () =>
      (
        await locks.query<{ pid: number }>(
          `select l.pid from pg_locks l, (select hashtextextended($1, 0) as k) h
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
              and l.classid::bigint = (h.k >> 32) & 4294967295
              and l.objid::bigint = h.k & 4294967295`,
          [`poverty-monitor:projector:${readSchema}:read-models`],
        )
      ).rows.map((r) => r.pid);
    try {
      expect(await lockHolder()).toEqual([takeover.fields.lockPid]);

      // ---- the log: every acknowledged mutation exactly once, nothing else --------------------
      const events = await locks.query<{
        position: string;
        event_id: string;
        stream_id: string;
        revision: string;
        command_id: string | null;
      }>(
        `select position, event_id, stream_id, revision, metadata->>'commandId' as command_id
           from ${pg.escapeIdentifier(eventsSchema)}.events order by position`,
      );
      const log = events.rows.map((r) => ({
        position: Number(r.position),
        eventId: r.event_id,
        streamId: r.stream_id,
        revision: Number(r.revision),
        commandId: r.command_id,
      }));
      expect(acks).toHaveLength(planned);
      expect(new Set(acks.map((a) => a.commandId)).size).toBe(planned);
      expect(new Set(log.map((e) => e.eventId)).size).toBe(log.length);
      const byPosition = new Map(log.map((e) => [e.position, e]));
      const byCommand = groupBy(log, (e) => e.commandId);
      for (const ack of acks) {
        const written = byCommand.get(ack.commandId) ?? [];
        // All of the command's events, in its household's stream, ending at the acknowledged
        // revision and position, with consecutive revisions.
        expect(written.length).toBeGreaterThan(0);
        expect(byPosition.get(ack.position)?.commandId).toBe(ack.commandId);
        expect(written.map((e) => e.streamId)).toEqual(
          written.map(() => `household-${ack.householdId}`),
        );
        expect(written.map((e) => e.revision)).toEqual(
          written.map((_, i) => ack.revision - (written.length - 1) + i),
        );
      }
      // No event from a command that was not acknowledged (conflicts must write nothing).
      expect([...byCommand.keys()].filter((id) => !acks.some((a) => a.commandId === id))).toEqual(
        [],
      );
      const byStream = groupBy(log, (e) => e.streamId);
      for (const [, stream] of byStream) {
        expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => i));
      }
      expect(byStream.size).toBe(SHARED_HOUSEHOLDS + CLIENTS / 4);
      expect(readYourWritesViolations).toEqual([]);
      // The clients did collide: the test exercised expectedRevision.
      expect(conflicts).toBeGreaterThan(0);

      // ---- the API's statistics equal a single-process replay into fresh SQLite read models --
      const head = log.at(-1)!.position;
      for (const url of urls) {
        const health = (await (await fetch(`${url}/health`)).json()) as any;
        expect(health.projections).toMatchObject({ mode: 'off', checkpoint: head, lag: 0 });
      }
      const store = new PostgresEventStore({ connection: TEST_POSTGRES_URL, schema: eventsSchema });
      const sqlite = openSqlite(join(work, 'replay.sqlite'));
      try {
        const runner = new ProjectionRunner(store, sqlite.db, householdProjections);
        await runner.init();
        expect(await runner.catchUp()).toBe(head);
        const handler = new GetStatisticsHandler(sqlite.db);
        for (const [asOf, areaCode] of STATISTICS_AT) {
          const replayed = await handler.execute(new GetStatisticsQuery(asOf, areaCode));
          const expected = {
            ...replayed,
            assistance: replayed.assistance.map((a) => ({ ...a, amount: formatYuan(a.amount) })),
          };
          for (const api of [0, 1]) {
            const res = await gql(api, STATISTICS, { asOf, areaCode });
            expect(res.errors).toBeUndefined();
            expect(res.data.statistics).toEqual(expected);
          }
        }
        // Not trivially equal: the figures reflect the workload.
        const end = await handler.execute(new GetStatisticsQuery('2020-12-31'));
        expect(end.registeredHouseholds).toBe(4 + CLIENTS / 8);
        expect(end.edgeHouseholds).toBe(2);
        expect(end.visits).toBe(visits);
      } finally {
        await store.close();
        await sqlite.close();
      }

      const health = await fetch(`http://127.0.0.1:${projectorBPort}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        status: 'ok',
        projector: 'projector-b',
        role: 'active',
        checkpoint: head,
        headPosition: head,
        lag: 0,
      });

      // ---- a clean stop gives the lock back ----------------------------------------------------
      projectorB.kill('SIGTERM');
      expect(await projectorB.exited).toEqual({ code: 0, signal: null });
      expect(projectorB.logs.some((l) => l.text === RELEASED)).toBe(true);
      expect(await lockHolder()).toEqual([]);

      if (process.env.MULTI_INSTANCE_REPORT) {
        const following = projectorB.logs.find(
          (l) => l.text === 'projections following the log' && l.timestamp >= takeover.timestamp,
        )!;
        process.stdout.write(
          `multi-instance: ${acks.length} mutations in ${runMs} ms by ${CLIENTS} clients, ` +
            `${conflicts} conflicts retried, ${timeouts} read-your-writes timeouts; ` +
            `standby took the lock ${takeover.timestamp - killedAt!} ms after the kill; ` +
            `following the log ${following.timestamp - killedAt!} ms after it\n`,
        );
      }
    } finally {
      await locks.end();
    }
  }, 120_000);
});
