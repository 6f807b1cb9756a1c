/**
 * Test helpers for the read side (used only by specs), projection level:
 *
 * - a real SQLite file in a fresh temp directory (`openTempDb`), and `projectionSpec`, which gives
 *   each test of a projection spec its own migrated database and event log;
 * - `applyEvents`, which drives a projection directly, a unit of work per event (the runner's
 *   reference path), so a projection can be tested on its own and events can be applied twice on
 *   purpose;
 * - builders with valid household event data (`ev`, `member`, `ids`, `villageCode`), RecordedEvents
 *   numbered as a fresh store numbers them (`EventLog`) and a deterministic county log;
 * - table dumps that can be compared with `toEqual`.
 *
 * `fixture.ts` builds on this: the SQLite event store, the projection runner and `catchUp()`.
 */
import { afterEach, beforeEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openSqlite, type SqliteHandle } from '#app/database';
import { toNewEvent, type Projection, type RecordedEvent } from '#app/event-store';
import {
  checkResidentId,
  HOUSEHOLD_EVENT_SCHEMA_VERSIONS,
  householdStream,
  type AssistanceCategory,
  type DeregistrationReason,
  type HouseholdEvent,
  type IsoDate,
  type Member,
  type MemberChangeReason,
  type PovertyCause,
  type Relation,
  type Sex,
} from '../../domain/index.js';
import { residentId } from '../../domain/testing/resident-ids.js';
import type { ReadModels } from '../read-models.js';
import { ev as domain } from '../../domain/testing.spec-helpers.js';

// ---- database ----

export interface TempDb {
  readonly db: Kysely<ReadModels>;
  readonly file: string;
  readonly handle: SqliteHandle;
  /** Closes the connection and removes the temp directory. */
  close(): Promise<void>;
}

/** A fresh SQLite file in a new temp directory. */
export function openTempDb(prefix = 'projection-'): TempDb {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'read-models.db');
  const handle = openSqlite(file);
  return {
    db: handle.db,
    file,
    handle,
    async close() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Applies events through the projection in ONE transaction, each event a unit of work of its own
 * (loaded, evolved, written), and only the types the projection handles (as the runner does).
 */
export async function applyEvents(
  db: Kysely<ReadModels>,
  projection: Projection,
  events: readonly RecordedEvent[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const event of events) {
      if (!projection.handles.has(event.type)) continue;
      const batch = projection.batch(trx);
      await batch.add([event]);
      await batch.flush();
    }
  });
}

export type Row = Record<string, unknown>;
export type Dump = Record<string, Row[]>;

/** Every row of a table, sorted by its JSON form so that two dumps compare independent of order. */
export async function dumpTable(db: Kysely<ReadModels>, table: string): Promise<Row[]> {
  const { rows } = await sql<Row>`select * from ${sql.table(table)}`.execute(db);
  return rows
    .map((row) => ({ row, key: JSON.stringify(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}

export async function dumpTables(db: Kysely<ReadModels>, tables: readonly string[]): Promise<Dump> {
  const dump: Dump = {};
  for (const table of tables) dump[table] = await dumpTable(db, table);
  return dump;
}

export async function dumpProjections(
  db: Kysely<ReadModels>,
  projections: readonly Projection[],
): Promise<Dump> {
  return dumpTables(
    db,
    projections.flatMap((p) => p.tables),
  );
}

// ---- one projection per spec ----

export interface ProjectionSpec {
  /** The current test's database, with the projection's tables migrated. */
  readonly db: Kysely<ReadModels>;
  /** The current test's event log (positions and revisions as a fresh store numbers them). */
  readonly log: EventLog;
  /** Applies recorded events through the projection, in one transaction. */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  /** Adds the events to the log as the next events of the household, applies them, returns them. */
  record(householdId: string, ...events: HouseholdEvent[]): Promise<RecordedEvent[]>;
  /** The projection's tables. */
  dump(): Promise<Dump>;
  /** Applies the events, dumps, applies them again and dumps again. */
  applyTwice(events: readonly RecordedEvent[]): Promise<{ once: Dump; twice: Dump }>;
}

/**
 * Setup and teardown for a projection spec: before each test a fresh temp database with the
 * projection migrated and an empty EventLog; after each test the database is closed and removed.
 * Call it inside `describe`.
 */
export function projectionSpec(projection: Projection, prefix = 'projection-'): ProjectionSpec {
  let current: { tmp: TempDb; log: EventLog } | undefined;
  beforeEach(async () => {
    const tmp = openTempDb(prefix);
    await projection.migrate(tmp.db);
    current = { tmp, log: new EventLog() };
  });
  afterEach(async () => {
    await current?.tmp.close();
    current = undefined;
  });
  const now = () => {
    if (current === undefined) throw new Error('projectionSpec used outside a test');
    return current;
  };
  const apply = (events: readonly RecordedEvent[]) => applyEvents(now().tmp.db, projection, events);
  const dump = () => dumpTables(now().tmp.db, projection.tables);
  return {
    get db() {
      return now().tmp.db;
    },
    get log() {
      return now().log;
    },
    apply,
    dump,
    async record(householdId, ...events) {
      const recorded = now().log.add(householdId, ...events);
      await apply(recorded);
      return recorded;
    },
    async applyTwice(events) {
      await apply(events);
      const once = await dump();
      await apply(events);
      return { once, twice: await dump() };
    },
  };
}

// ---- ids ----

const pad12 = (n: number) => String(n).padStart(12, '0');

/** Deterministic UUID-shaped ids, one namespace per kind. */
export const ids = {
  household: (n: number) => `00000000-0000-4000-8000-${pad12(n)}`,
  visit: (n: number) => `0000000a-0000-4000-8000-${pad12(n)}`,
  problem: (n: number) => `0000000b-0000-4000-8000-${pad12(n)}`,
  assistance: (n: number) => `0000000c-0000-4000-8000-${pad12(n)}`,
  event: (n: number) => `0000000e-0000-4000-8000-${pad12(n)}`,
};

/** County 431023, township 101, village 201 + n (a valid 12-digit village code). */
export const villageCode = (n = 0): string => `431023101${String(201 + n).padStart(3, '0')}`;

// ---- members ----

type MemberFacts = Partial<Pick<Member, 'health' | 'laborAbility' | 'inSchool'>>;

let lastSeq = 0;

/**
 * A member with a valid resident ID of its birth date and sex. The ID's sequence is `seq` (its
 * parity adjusted to the sex) when given, for IDs that are the same on every run; otherwise the
 * next of a counter, so that IDs are unique within the test file.
 */
export function member(
  name: string,
  relation: Relation,
  birthDate: IsoDate,
  sex: Sex = 'MALE',
  { seq = (lastSeq += 2), ...facts }: MemberFacts & { seq?: number } = {},
): Member {
  let n = seq % 1000;
  if ((n % 2 === 1) !== (sex === 'MALE')) n = (n + 1) % 1000;
  const idNumber = residentId(birthDate, n);
  const check = checkResidentId(idNumber);
  if (!check.ok || check.sex !== sex || check.birthDate !== birthDate) {
    throw new Error(`harness built an invalid resident ID ${idNumber}`);
  }
  return { name, idNumber, relation, sex, birthDate, ...facts };
}

// ---- household events (valid data shapes) ----

/**
 * Household event builders for the read-model specs. They reuse the decider specs' builders
 * (`testing.spec-helpers.ts`) wherever the data is the same, with the household passed explicitly,
 * the read side's argument order (reason before date) and its own defaults: identified in the
 * registration year, cadre 李干部, problem 住房漏雨, measures 已维修, reopening reason 收入下降.
 * Only a member added as recorded and assistance with explicit amounts are built here.
 */
export const ev = {
  registered(o: {
    householdId: string;
    effectiveDate: IsoDate;
    members: Member[];
    registeredPoor?: boolean;
    areaCode?: string;
    address?: string;
    identifiedYear?: number;
    povertyCauses?: PovertyCause[];
  }): HouseholdEvent {
    return domain.registered({
      ...o,
      identifiedYear: o.identifiedYear ?? Number(o.effectiveDate.slice(0, 4)),
    });
  },
  /** The registration of a one-person household (head 王五, born 1980-01-01). */
  otherHouseholdRegistered(
    householdId: string,
    effectiveDate: IsoDate,
    registeredPoor?: boolean,
  ): HouseholdEvent {
    const head = member('王五', 'HEAD', '1980-01-01', 'MALE', { seq: 21 });
    return ev.registered({ householdId, effectiveDate, members: [head], registeredPoor });
  },
  memberAdded(m: Member, reason: MemberChangeReason, effectiveDate: IsoDate): HouseholdEvent {
    return { type: 'MemberAdded', data: { member: m, reason, effectiveDate } };
  },
  memberRemoved: (
    idNumber: string,
    reason: MemberChangeReason,
    effectiveDate: IsoDate,
    newHeadIdNumber?: string,
  ) => domain.memberRemoved(idNumber, effectiveDate, reason, newHeadIdNumber),
  income: domain.income,
  /** PovertyExited in the year of its date. */
  exited: (effectiveDate: IsoDate) =>
    domain.exited(Number(effectiveDate.slice(0, 4)), effectiveDate),
  returned: domain.returned,
  edgeFlagged: domain.edgeFlagged,
  edgeCleared: domain.edgeCleared,
  monitoringStarted: domain.monitoringStarted,
  riskEliminated: domain.riskEliminated,
  monitoringReopened: (effectiveDate: IsoDate, reason = '收入下降') =>
    domain.reopened(effectiveDate, reason),
  assistance(
    assistanceId: string,
    category: AssistanceCategory,
    amountFen: number,
    effectiveDate: IsoDate,
    peopleReached = 1,
    programme?: string,
  ): HouseholdEvent {
    return {
      type: 'AssistanceRecorded',
      data: {
        assistanceId,
        category,
        amountFen,
        peopleReached,
        effectiveDate,
        ...(programme !== undefined && { programme }),
      },
    };
  },
  visit: (visitId: string, effectiveDate: IsoDate, o: Parameters<typeof domain.visit>[2] = {}) =>
    domain.visit(visitId, effectiveDate, { cadre: '李干部', ...o }),
  problem: (
    problemId: string,
    visitId: string,
    effectiveDate: IsoDate,
    deadline: IsoDate,
    description = '住房漏雨',
  ) => domain.problem(problemId, visitId, effectiveDate, deadline, description),
  rectified: (problemId: string, effectiveDate: IsoDate, measures = '已维修') =>
    domain.rectified(problemId, effectiveDate, measures),
  deregistered: (effectiveDate: IsoDate, reason: DeregistrationReason, note?: string) =>
    domain.deregistered(effectiveDate, reason, note),
};

// ---- recorded events ----

/** Deterministic recorded time: 08:00Z on the effective date, plus one second per position. */
export function recordedAtFor(effectiveDate: IsoDate, position: number): string {
  return new Date(Date.parse(`${effectiveDate}T08:00:00.000Z`) + position * 1000).toISOString();
}

/**
 * Builds RecordedEvents as a fresh SQLite event store would number them: positions 1.. in append
 * order, revisions 0.. per `household-<id>` stream, event ids `ids.event(position)`.
 */
export class EventLog {
  readonly events: RecordedEvent[] = [];
  private readonly revisions = new Map<string, number>();

  add(householdId: string, ...events: HouseholdEvent[]): RecordedEvent[] {
    return events.map((e) => {
      const streamId = householdStream(householdId);
      const revision = (this.revisions.get(streamId) ?? -1) + 1;
      this.revisions.set(streamId, revision);
      const position = this.events.length + 1;
      const recorded: RecordedEvent = {
        eventId: ids.event(position),
        streamId,
        revision,
        position,
        type: e.type,
        schemaVersion: HOUSEHOLD_EVENT_SCHEMA_VERSIONS[e.type],
        data: e.data,
        metadata: { recordedAt: recordedAtFor(e.data.effectiveDate, position), actor: 'test' },
      };
      this.events.push(recorded);
      return recorded;
    });
  }

  /** The same event as it would be appended (for SqliteEventStore.append). */
  static readonly toNewEvent = toNewEvent;
}

// ---- a deterministic county log ----

const pick = <T>(items: readonly T[], i: number): T => items[i % items.length]!;

const ASSISTANCE: readonly AssistanceCategory[] = [
  'INDUSTRY',
  'EMPLOYMENT',
  'EDUCATION',
  'HEALTH',
  'HOUSING_RENOVATION',
  'MICRO_CREDIT',
];

/**
 * One household's history (its events in stream order), by kind = n % 6: exit then monitoring,
 * edge household, member changes with a head change and a return to poverty, assistance-heavy,
 * visits with problems, sudden hardship. Households 10 and 11 are deregistered at the end.
 */
export function householdScript(n: number): HouseholdEvent[] {
  const id = ids.household(n);
  const y = 2016 + (n % 4);
  const d = (year: number, mmdd: string) => `${year}-${mmdd}`;
  const seq = n * 10;
  const head = member(`户主${n}`, 'HEAD', d(1960 + (n % 20), '03-15'), 'MALE', {
    seq: seq + 1,
    laborAbility: 'FULL',
    health: 'HEALTHY',
  });
  const spouse = member(`配偶${n}`, 'SPOUSE', d(1962 + (n % 20), '07-02'), 'FEMALE', {
    seq: seq + 2,
    laborAbility: 'PARTIAL',
    health: n % 2 === 0 ? 'CHRONIC_ILLNESS' : 'HEALTHY',
  });
  const child = member(`子女${n}`, 'CHILD', d(2005 + (n % 8), '11-20'), n % 2 ? 'MALE' : 'FEMALE', {
    seq: seq + 3,
    inSchool: true,
  });
  const parent = member(`父母${n}`, 'PARENT', d(1938 + (n % 10), '01-09'), 'FEMALE', {
    seq: seq + 4,
    laborAbility: 'NONE',
    health: 'DISABLED',
  });
  let v = n * 10;
  let p = n * 10;
  let a = n * 10;
  const area = villageCode(n % 3);
  const registered = (
    mmdd: string,
    members: Member[],
    o: Partial<Parameters<typeof ev.registered>[0]> = {},
  ) => ev.registered({ householdId: id, areaCode: area, effectiveDate: d(y, mmdd), members, ...o });
  const events: HouseholdEvent[] = [];
  switch (n % 6) {
    case 0: {
      const visit = ids.visit(++v);
      const prob = ids.problem(++p);
      events.push(
        registered('03-01', [head, spouse, child], {
          povertyCauses: ['ILLNESS', 'SCHOOLING'],
          address: `${n}号`,
        }),
        ev.income(y, 250_000 + n * 100, d(y, '12-10')),
        ev.visit(visit, d(y + 1, '02-01'), { purpose: 'REVIEW' }),
        ev.problem(prob, visit, d(y + 1, '02-01'), d(y + 1, '06-30'), '饮水不安全'),
        ev.assistance(
          ids.assistance(++a),
          pick(ASSISTANCE, n),
          300_000 + n,
          d(y + 1, '03-15'),
          3,
          '产业奖补',
        ),
        ev.income(y + 1, 480_000 + n * 100, d(y + 1, '11-20')),
        ev.exited(d(y + 1, '12-20')),
        ev.monitoringStarted('UNSTABLE_EXITED', d(y + 2, '03-01'), [
          'ILLNESS',
          'UNSTABLE_EMPLOYMENT',
        ]),
        ev.assistance(ids.assistance(++a), 'EMPLOYMENT', 150_000, d(y + 2, '04-01'), 1),
        ev.income(y + 2, 620_000, d(y + 2, '11-15')),
        ev.riskEliminated(d(y + 2, '12-01')),
        ev.monitoringReopened(d(y + 3, '05-01')),
        ev.rectified(prob, d(y + 3, '06-01'), '打井'),
      );
      break;
    }
    case 1:
      events.push(
        registered('04-01', [head, spouse], { registeredPoor: false }),
        ev.edgeFlagged(d(y, '05-01'), '收入略高于贫困线'),
        ev.monitoringStarted('EDGE_PRONE', d(y, '06-01')),
        ev.assistance(ids.assistance(++a), pick(ASSISTANCE, n + 1), 80_000, d(y, '07-01'), 2),
        ev.visit(ids.visit(++v), d(y, '08-01'), {
          notes: '家中整洁',
          perCapitaIncomeCheckFen: 700_000,
        }),
        ev.edgeCleared(d(y + 1, '01-15')),
        ev.income(y + 1, 900_000, d(y + 1, '11-01')),
        ev.riskEliminated(d(y + 1, '12-15')),
        ev.monitoringStarted('SUDDEN_HARDSHIP', d(y + 2, '07-01'), ['DISASTER']),
        ev.edgeFlagged(d(y + 2, '08-01')),
      );
      break;
    case 2: {
      const visit = ids.visit(++v);
      const p1 = ids.problem(++p);
      const p2 = ids.problem(++p);
      const baby = member(`婴儿${n}`, 'GRANDCHILD', d(y + 1, '02-02'), 'FEMALE', { seq: seq + 5 });
      const bride = member(`儿媳${n}`, 'OTHER', d(1990 + (n % 5), '09-09'), 'FEMALE', {
        seq: seq + 6,
        laborAbility: 'FULL',
      });
      events.push(
        registered('02-15', [head, spouse, parent], { povertyCauses: ['DISABILITY'] }),
        ev.memberAdded(baby, 'BIRTH', d(y + 1, '02-10')),
        ev.memberRemoved(parent.idNumber, 'DEATH', d(y + 1, '05-05')),
        ev.memberRemoved(head.idNumber, 'MOVED', d(y + 1, '08-08'), spouse.idNumber),
        ev.memberAdded(bride, 'MARRIAGE_IN', d(y + 1, '10-01')),
        ev.income(y + 1, 520_000, d(y + 1, '11-30')),
        ev.visit(visit, d(y + 2, '01-10'), { purpose: 'VERIFICATION', cadre: '王干部' }),
        ev.problem(p1, visit, d(y + 2, '01-10'), d(y + 2, '03-31'), '危房'),
        ev.problem(p2, visit, d(y + 2, '01-10'), d(y + 2, '02-28'), '医保未参保'),
        ev.rectified(p2, d(y + 2, '02-20'), '已参保'),
        ev.exited(d(y + 2, '06-30')),
        ev.returned(d(y + 3, '04-01')),
      );
      break;
    }
    case 3:
      events.push(
        registered('01-20', [head, child], { povertyCauses: ['LACK_OF_FUNDS'] }),
        ev.assistance(
          ids.assistance(++a),
          pick(ASSISTANCE, n + 2),
          1_234_567,
          d(y, '03-03'),
          2,
          '小额信贷',
        ),
        ev.assistance(ids.assistance(++a), pick(ASSISTANCE, n + 3), 0, d(y, '04-04'), 0),
        ev.visit(ids.visit(++v), d(y, '05-05')),
        ev.income(y, 300_000, d(y, '11-11')),
        ev.income(y, 310_000, d(y, '12-12')),
        ev.income(y - 1, 100_000, d(y, '12-20')),
        ev.assistance(ids.assistance(++a), 'SOCIAL', 5_000, d(y + 1, '01-01'), 1),
        ev.visit(ids.visit(++v), d(y + 1, '02-02'), {
          purpose: 'REVIEW',
          perCapitaIncomeCheckFen: 320_000,
        }),
      );
      break;
    case 4: {
      const visit = ids.visit(++v);
      const prob = ids.problem(++p);
      events.push(
        registered('06-01', [head, spouse, child], { registeredPoor: false }),
        ev.visit(visit, d(y, '07-01')),
        ev.problem(prob, visit, d(y, '07-01'), d(y, '09-30'), '子女辍学'),
        ev.rectified(prob, d(y, '09-01'), '已返校'),
        ev.visit(ids.visit(++v), d(y, '10-01'), { purpose: 'REVIEW' }),
        ev.monitoringStarted('SUDDEN_HARDSHIP', d(y + 1, '01-10'), ['ACCIDENT']),
        ev.assistance(ids.assistance(++a), 'HEALTH', 200_000, d(y + 1, '02-01'), 1),
      );
      break;
    }
    default:
      events.push(
        registered('05-01', [head, spouse, child], { povertyCauses: ['DISASTER'] }),
        ev.monitoringStarted('SUDDEN_HARDSHIP', d(y, '06-01'), ['DISASTER', 'OTHER']),
        ev.assistance(ids.assistance(++a), 'HOUSING_RENOVATION', 2_000_000, d(y, '07-01'), 3),
        ev.income(y, 600_000, d(y, '12-01')),
        ev.riskEliminated(d(y + 1, '01-05')),
        ev.visit(ids.visit(++v), d(y + 1, '03-03')),
      );
  }
  if (n === 10) events.push(ev.deregistered(d(y + 2, '06-01'), 'HOUSEHOLD_GONE', '全户迁出'));
  if (n === 11) events.push(ev.deregistered(d(y + 2, '06-01'), 'WRONGLY_REGISTERED'));
  return events;
}

/**
 * The log of `households` households, interleaved deterministically: each round takes 1–3 events
 * from each household in turn, so streams interleave in the global log.
 */
export function countyLog(households = 30): EventLog {
  const scripts = Array.from({ length: households }, (_, n) => householdScript(n));
  const next = scripts.map(() => 0);
  const log = new EventLog();
  for (let round = 0; next.some((i, n) => i < scripts[n]!.length); round++) {
    for (let n = 0; n < households; n++) {
      const take = 1 + ((n + round) % 3);
      const script = scripts[n]!;
      const chunk = script.slice(next[n], next[n]! + take);
      next[n] = next[n]! + chunk.length;
      if (chunk.length > 0) log.add(ids.household(n), ...chunk);
    }
  }
  return log;
}
