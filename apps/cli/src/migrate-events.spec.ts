/**
 * migrate-events against real databases: the source is a SQLite file written by the real
 * SqliteEventStore, the target a fresh schema of the test PostgreSQL (test/support/postgres.ts).
 * The copying itself (resumption, batches, prefix check) has its specs next to migrateLog in
 * libs/event-store/src/migration; these run it through the command: flags, messages, exit codes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { CommandBus } from '@nestjs/cqrs';
import { openSqlite } from '#app/database';
import { PostgresEventStore, ProjectionRunner, type RecordedEvent } from '#app/event-store';
import {
  ExecuteHouseholdCommand,
  GetStatisticsQuery,
  householdProjections,
  uuidV5,
  type HouseholdCommand,
  type HouseholdCommandResult,
} from '#app/households';
import { DATABASE_FILE } from '#app/runtime';
import {
  readWholeLog,
  SAMPLE_LOG_STREAMS,
  writeSampleLog,
} from '../../../libs/event-store/src/testing/sample-log.js';
import { residentId } from '../../../libs/households/src/domain/testing/resident-ids.js';
import { GetStatisticsHandler } from '../../../libs/households/src/read-models/statistics/statistics.query.js';
import { useTestDatabase } from '../../../test/support/postgres.js';
import { cli, type CliRun } from './cli.spec-helpers.js';
import { openEventLog } from './event-log.js';
import {
  createMigrateEventsCommand,
  MIGRATE_APPLICATION_NAME,
  migrateEvents,
} from './migrate-events.js';
import { createSeedDemoCommand, type Seeder } from './seed-demo.js';

const database = useTestDatabase();
/** The spec's own connections: set-up, checks, and the session that holds a lock. */
const admin = database.pool;
const POSTGRES_URL = database.url;
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cli-migrate-'));
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

function freshSchema(): string {
  return database.freshSchema('migrate_test');
}

/** The target as the API would open it: the real adapter on the migrated schema. */
async function targetStore(schema: string): Promise<PostgresEventStore> {
  return database.closeAtEnd(await PostgresEventStore.create({ connection: admin, schema }));
}

async function readSource(dataDir: string): Promise<RecordedEvent[]> {
  const log = await openEventLog(dataDir, { mustExist: true });
  try {
    return await readWholeLog(log.store);
  } finally {
    await log.close();
  }
}

/** About 3,000 events over many streams, in a new data directory (see writeSampleLog). */
async function writeSourceLog(dataDir: string, appends = 1200): Promise<RecordedEvent[]> {
  const log = await openEventLog(dataDir, { mustExist: false });
  try {
    return await writeSampleLog(log.store, appends);
  } finally {
    await log.close();
  }
}

const migrate = (dataDir: string, schema: string, ...extra: string[]): Promise<CliRun> =>
  cli([
    'migrate-events',
    '--to',
    POSTGRES_URL,
    '--schema',
    schema,
    '--data-dir',
    dataDir,
    ...extra,
  ]);

/** How many events the summary line says were written, from its English half. */
function writtenIn(run: CliRun): number {
  const match = /migrated (\d+) events/.exec(run.stderr);
  if (!match) throw new Error(`no summary in: ${run.stderr}`);
  return Number(match[1]);
}

describe('migrate-events to PostgreSQL', () => {
  let source: string;
  let original: RecordedEvent[];

  beforeAll(async () => {
    source = join(root, 'generated');
    original = await writeSourceLog(source);
  });

  it('copies every event field by field, positions included; a re-run writes nothing', async () => {
    expect(original.length).toBeGreaterThan(2500);
    expect(new Set(original.map((e) => e.streamId)).size).toBeGreaterThan(SAMPLE_LOG_STREAMS);
    expect(original.slice(0, 4).map((e) => e.position)).toEqual([1, 4, 9, 10]);
    const schema = freshSchema();

    const run = await migrate(source, schema, '--batch-size', '500');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(writtenIn(run)).toBe(original.length);
    expect(run.stderr).toMatch(/\d+ events\/s/);
    expect(run.stderr).toContain(`[##########] 100% ${original.length.toLocaleString('en-US')}/`);

    const target = await targetStore(schema);
    const copied = await readWholeLog(target);
    expect(copied).toHaveLength(original.length);
    for (let i = 0; i < original.length; i++) {
      // Field by field, so a failure names the event and the field.
      const [want, got] = [original[i], copied[i]];
      expect({ i, eventId: got.eventId, position: got.position }).toEqual({
        i,
        eventId: want.eventId,
        position: want.position,
      });
      expect(got.streamId).toBe(want.streamId);
      expect(got.revision).toBe(want.revision);
      expect(got.type).toBe(want.type);
      expect(got.schemaVersion).toBe(want.schemaVersion);
      expect(got.data).toEqual(want.data);
      expect(got.metadata).toEqual(want.metadata);
    }
    expect(await target.headPosition()).toBe(original.at(-1)!.position);
    expect(await target.readStream('household-g0')).toEqual(
      original.filter((e) => e.streamId === 'household-g0'),
    );

    const again = await migrate(source, schema);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`already holds all ${original.length} events`);
    expect(again.stderr).toContain('nothing was written');
    expect(await readWholeLog(target)).toHaveLength(original.length);
  });

  it('continues after --limit, after a connection killed mid-batch, and after the source grew', async () => {
    const schema = freshSchema();
    const firstPart = await migrate(source, schema, '--limit', '700', '--batch-size', '200');
    expect(firstPart.code).toBe(0);
    expect(writtenIn(firstPart)).toBe(700);
    expect(firstPart.stderr).toContain('stopped at --limit');
    const target = await targetStore(schema);
    expect(await readWholeLog(target)).toEqual(original.slice(0, 700));

    // After two more batches, the next one finds the head row locked; while it waits inside its
    // transaction, its connection is terminated, as a crash or a network cut would end it.
    let killed: Promise<number> | undefined;
    const interrupting = createMigrateEventsCommand({
      afterBatch: async (written) => {
        if (written !== 400 || killed) return;
        const locker = await admin.connect();
        await locker.query('begin');
        await locker.query(`select position from ${schema}.events_head for update`);
        killed = killWaitingMigrator().finally(async () => {
          await locker.query('rollback');
          locker.release();
        });
      },
    });
    const broken = await cli(
      [
        'migrate-events',
        '--to',
        POSTGRES_URL,
        '--schema',
        schema,
        '--data-dir',
        source,
        '--batch-size',
        '200',
      ],
      { commands: [interrupting] },
    );
    expect(await killed).toBe(1);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('migration interrupted');
    expect(broken.stderr).toContain(
      `the target holds the source's first 1100 events (up to source position ${original[1099].position})`,
    );
    expect(await readWholeLog(target)).toEqual(original.slice(0, 1100));

    const rest = await migrate(source, schema, '--batch-size', '300');
    expect(rest.code).toBe(0);
    expect(writtenIn(rest)).toBe(original.length - 1100);
    expect(rest.stderr).toContain('(1100 were already there)');
    expect(await readWholeLog(target)).toEqual(original);

    // The county kept working on SQLite meanwhile: a re-run copies just the new events.
    const grown = join(root, 'grown');
    await writeSourceLog(grown, 100);
    const first = await readSource(grown);
    const schema2 = freshSchema();
    expect((await migrate(grown, schema2)).code).toBe(0);
    const log = await openEventLog(grown, { mustExist: true });
    try {
      await log.store.append(
        'household-new',
        [{ eventId: randomUUID(), type: 'Late', data: 1 }],
        'no_stream',
      );
    } finally {
      await log.close();
    }
    const catchUp = await migrate(grown, schema2);
    expect(writtenIn(catchUp)).toBe(1);
    expect(catchUp.stderr).toContain(`(${first.length} were already there)`);
    expect(await readWholeLog(await targetStore(schema2))).toEqual(await readSource(grown));
  });

  it('refuses a target holding events that are not a prefix of the log, and writes nothing', async () => {
    // Someone else's events.
    const foreign = freshSchema();
    const other = await targetStore(foreign);
    await other.append(
      'household-x',
      [{ eventId: randomUUID(), type: 'Other', data: {} }],
      'no_stream',
    );
    const refused = await migrate(source, foreign);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the target's event #1 differs from the source's (eventId");
    expect(refused.stderr).toContain('nothing was written');
    expect(await readWholeLog(other)).toHaveLength(1);

    // A partial copy whose 150th event was changed afterwards.
    const tampered = freshSchema();
    expect((await migrate(source, tampered, '--limit', '300')).code).toBe(0);
    await admin.query(`update ${tampered}.events set data = '{"n": -1}' where position = $1`, [
      original[149].position,
    ]);
    const changed = await migrate(source, tampered);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain("the target's event #150 differs from the source's (data");
    expect(await readWholeLog(await targetStore(tampered))).toHaveLength(300);

    // A complete copy that went on receiving events of its own.
    const ahead = freshSchema();
    expect((await migrate(source, ahead)).code).toBe(0);
    const aheadStore = await targetStore(ahead);
    await aheadStore.append(
      'household-y',
      [{ eventId: randomUUID(), type: 'New', data: {} }],
      'no_stream',
    );
    const beyond = await migrate(source, ahead);
    expect(beyond.code).toBe(1);
    expect(beyond.stderr).toContain('the target holds more events than the source log');
  });

  it('explains usage errors (exit 2) and unreachable sources and targets (exit 1)', async () => {
    const usage = async (argv: string[], message: string) => {
      const run = await cli(['migrate-events', ...argv], { commands: [migrateEvents] });
      expect({ code: run.code, message: run.stderr.includes(message) }).toEqual({
        code: 2,
        message: true,
      });
    };
    await usage(['--data-dir', source], '--to postgres://…|kurrentdb://… is required');
    await usage(
      ['--to', 'mysql://u:pw@host/db'],
      '--to must be a postgres://… or kurrentdb://… URL',
    );
    await usage(
      ['--to', 'kurrentdb://localhost:2113?tls=false', '--schema', 'x'],
      'PostgreSQL target only',
    );
    await usage(['--to', POSTGRES_URL, '--schema', 'bad-name'], 'invalid --schema "bad-name"');
    const badEnv = await cli(['migrate-events', '--to', POSTGRES_URL], {
      env: { EVENT_STORE_SCHEMA: '1st' },
    });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toContain('invalid --schema "1st"');
    await usage(
      ['--to', POSTGRES_URL, '--batch-size', '0'],
      '--batch-size must be a positive integer',
    );
    await usage(['--to', POSTGRES_URL, '--limit', 'all'], '--limit must be a positive integer');
    await usage(['--to', POSTGRES_URL, 'extra'], 'unexpected argument "extra"');

    const noSource = await cli([
      'migrate-events',
      '--to',
      POSTGRES_URL,
      '--data-dir',
      join(root, 'none'),
    ]);
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toContain(`no database file ${DATABASE_FILE}`);

    const noServer = await cli([
      'migrate-events',
      '--to',
      'postgres://admin:s3cret@127.0.0.1:1/test',
      '--data-dir',
      source,
    ]);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain(
      'cannot open the target event store postgres://admin:***@127.0.0.1:1/test',
    );
    expect(noServer.stderr).not.toContain('s3cret');

    // No KurrentDB server can be had here: this runs the KurrentDB wiring (the client and its
    // native bridge load, the target is read) up to the connection failure.
    const noKurrent = await cli([
      'migrate-events',
      '--to',
      'kurrentdb://127.0.0.1:1?tls=false',
      '--data-dir',
      source,
    ]);
    expect(noKurrent.code).toBe(1);
    expect(noKurrent.stderr).toContain(
      'checking the target kurrentdb://127.0.0.1:1?tls=false failed, nothing was written',
    );

    const help = await cli(['migrate-events', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--to URL');
    expect(help.stdout).toContain('has not been run against a KurrentDB server');
  });
});

/**
 * Waits until a migrate-events connection is blocked on a lock, then terminates it. Resolves
 * with the number of connections terminated.
 */
async function killWaitingMigrator(): Promise<number> {
  const until = Date.now() + 10_000;
  while (Date.now() < until) {
    const { rows } = await admin.query<{ terminated: boolean }>(
      'select pg_terminate_backend(pid) as terminated from pg_stat_activity ' +
        "where application_name = $1 and wait_event_type = 'Lock' and datname = current_database()",
      [MIGRATE_APPLICATION_NAME],
    );
    if (rows.length > 0) return rows.filter((row) => row.terminated).length;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return 0;
}

// ---- a county's log made by the real app ----

const AREAS = ['431023100201', '431023100202', '431023101201', '431023101202', '431023102201'];

/**
 * Households registered and followed through the command bus, as GraphQL would: exits and
 * returns, a deregistration, members born and deceased, visits with problems rectified,
 * assistance, edge households and monitoring, over 2015–2021.
 */
const county: Seeder = async (bus: CommandBus) => {
  let commands = 0;
  let person = 100;
  const send = async (householdId: string, command: HouseholdCommand) => {
    commands++;
    return bus.execute<ExecuteHouseholdCommand, HouseholdCommandResult>(
      new ExecuteHouseholdCommand(householdId, command, {
        actor: '县扶贫办',
        correlationId: `migrate-${commands}`,
        commandId: `migrate-cmd-${commands}`,
      }),
    );
  };
  const members = (size: number) =>
    Array.from({ length: size }, (_, i) => ({
      name: `户员${person}`,
      idNumber: residentId(i === 0 ? '1968-03-03' : `19${90 + i}-05-05`, person++),
      relation: i === 0 ? ('HEAD' as const) : ('CHILD' as const),
    }));
  const exit = (householdId: string, year: number, date: string) =>
    send(householdId, {
      type: 'ExitPoverty',
      year,
      effectiveDate: date,
      checklist: {
        foodAndClothing: true,
        education: true,
        medical: true,
        housing: true,
        drinkingWater: true,
      },
    });
  const income = (householdId: string, year: number) =>
    send(householdId, {
      type: 'RecordIncomeAssessment',
      year,
      perCapitaNetIncomeFen: 900_000,
      effectiveDate: `${year}-10-15`,
    });

  const households = 20;
  for (let h = 0; h < households; h++) {
    const id = uuidV5(`migrate-county-${h}`);
    const year = 2015 + (h % 3);
    const poor = h % 7 !== 6;
    await send(id, {
      type: 'RegisterHousehold',
      householdId: id,
      areaCode: AREAS[h % AREAS.length],
      registeredPoor: poor,
      ...(poor ? { identifiedYear: year, povertyCauses: ['ILLNESS' as const] } : {}),
      effectiveDate: `${year}-04-0${1 + (h % 9)}`,
      members: members(1 + (h % 4)),
    });
    if (!poor) {
      await send(id, { type: 'FlagEdgeHousehold', effectiveDate: `${year + 2}-07-01` });
      continue;
    }
    for (let y = year; y <= 2020; y++) {
      await send(id, {
        type: 'RecordAssistance',
        category: h % 2 ? 'INDUSTRY' : 'EDUCATION',
        amountFen: 100_000 + h * 1_234 + y,
        peopleReached: 1 + (h % 3),
        date: `${y}-06-1${h % 10}`,
      });
    }
    if (h % 4 === 1) {
      const visit = await send(id, {
        type: 'LogVisit',
        date: `${year + 1}-03-20`,
        cadre: '张书记',
        purpose: 'ROUTINE',
        problems: [
          { description: '住房漏雨', deadline: `${year + 1}-09-30` },
          { description: '饮水不安全', deadline: `${year + 1}-12-31` },
        ],
      });
      await send(id, {
        type: 'RectifyProblem',
        problemId: visit.problemIds[0],
        date: `${year + 1}-08-01`,
        measures: '危房改造',
      });
    }
    if (h % 5 === 2) {
      await send(id, {
        type: 'AddMember',
        member: {
          name: `新生儿${h}`,
          idNumber: residentId('2018-05-10', person++),
          relation: 'GRANDCHILD',
        },
        reason: 'BIRTH',
        effectiveDate: '2018-05-10',
      });
    }
    if (h % 9 === 4) {
      await send(id, {
        type: 'DeregisterHousehold',
        effectiveDate: '2020-12-15',
        reason: 'WRONGLY_REGISTERED',
      });
      continue;
    }
    const exitYear = 2017 + (h % 4);
    await income(id, exitYear);
    await exit(id, exitYear, `${exitYear}-11-2${h % 8}`);
    if (h % 6 === 0 && exitYear < 2020) {
      await send(id, { type: 'ReturnToPoverty', effectiveDate: '2020-03-01', reason: '因病返贫' });
      await income(id, 2020);
      await exit(id, 2020, '2020-12-01');
    }
    if (h % 5 === 3) {
      await send(id, {
        type: 'StartMonitoring',
        category: 'UNSTABLE_EXITED',
        riskFactors: ['ILLNESS'],
        effectiveDate: '2021-01-15',
      });
      if (h % 2) {
        await send(id, {
          type: 'RecordAssistance',
          category: 'HEALTH',
          amountFen: 250_000,
          peopleReached: 1,
          date: '2021-05-20',
        });
        await send(id, { type: 'EliminateRisk', effectiveDate: '2021-09-01' });
      }
    }
  }
  return { commands, households };
};

describe('migrate-events with a log made by the app', () => {
  it('gives the same statistics when the PostgreSQL copy is projected', async () => {
    const dataDir = join(root, 'county');
    const seeded = await cli(['seed-demo', '--data-dir', dataDir], {
      commands: [createSeedDemoCommand(async () => county)],
    });
    expect(seeded.stderr).not.toContain('错误');
    expect(seeded.code).toBe(0);

    const schema = freshSchema();
    const run = await migrate(dataDir, schema, '--batch-size', '50');
    expect(run.code).toBe(0);
    const sourceEvents = await readSource(dataDir);
    expect(writtenIn(run)).toBe(sourceEvents.length);
    const head = sourceEvents.at(-1)!.position;

    // The target's read models: the household projections fed from the PostgreSQL store.
    const target = await targetStore(schema);
    const projected = openSqlite(join(root, 'county-from-postgres.sqlite'));
    const sourceDb = openSqlite(join(dataDir, DATABASE_FILE));
    try {
      const runner = new ProjectionRunner(target, projected.db, householdProjections, {
        batchSize: 100,
      });
      await runner.init();
      expect(await runner.catchUp()).toBe(head);

      // The source's own read models, as the app left them.
      const fromSource = new GetStatisticsHandler(sourceDb.db);
      const fromTarget = new GetStatisticsHandler(projected.db);
      const dates = [
        '2015-12-31',
        '2017-06-30',
        '2018-12-31',
        '2020-06-30',
        '2020-12-31',
        '2021-12-31',
      ];
      const queries = [
        ...dates.map((date) => new GetStatisticsQuery(date)),
        new GetStatisticsQuery('2020-12-31', '431023100'),
        // Positions were kept, so "as known at" means the same on both.
        new GetStatisticsQuery('2020-12-31', null, Math.floor(head / 2)),
      ];
      const figures = [];
      for (const query of queries) {
        const want = await fromSource.execute(query);
        expect({ query, ...(await fromTarget.execute(query)) }).toEqual({ query, ...want });
        figures.push(want);
      }
      // The comparison means something: the figures move over the years.
      const registered = figures.slice(0, dates.length).map((s) => s.registeredHouseholds);
      expect(new Set(registered).size).toBeGreaterThan(2);
      expect(figures[4].exitedHouseholds).toBeGreaterThan(0);
      expect(figures[4].assistance.length).toBeGreaterThan(0);
      expect(figures.at(-1)!.position).toBeLessThan(head);
    } finally {
      await projected.close();
      await sourceDb.close();
    }
  });
});
