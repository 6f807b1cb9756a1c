/**
 * Test harness for projection specs (used only by specs): a real SQLite file in a fresh temp
 * directory, RecordedEvent builders with valid household event data, a deterministic multi-household
 * log, and table dumps that can be compared with `toEqual`.
 *
 * Unlike `fixture.ts` (store + runner + catchUp), this drives `projection.apply(trx, event)` directly,
 * so a projection can be tested on its own and events can be applied twice on purpose.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openSqlite, type SqliteHandle } from '#app/database';
import type { NewEvent, Projection, RecordedEvent } from '#app/event-store';
import {
  checkResidentId,
  householdStream,
  residentIdCheckChar,
  type AssistanceCategory,
  type DeregistrationReason,
  type HouseholdEvent,
  type IsoDate,
  type Member,
  type MemberChangeReason,
  type MonitoringCategory,
  type PovertyCause,
  type Relation,
  type RiskFactor,
  type Sex,
  type VisitPurpose,
} from '../../domain/index.js';

// ---- database ----

export interface TempDb {
  readonly db: Kysely<any>;
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
 * Applies events through `projection.apply` in ONE transaction, calling it only for the types the
 * projection handles (as the runner does).
 */
export async function applyEvents(
  db: Kysely<any>,
  projection: Projection,
  events: readonly RecordedEvent[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const event of events) {
      if (projection.handles.has(event.type)) await projection.apply(trx, event);
    }
  });
}

export type Row = Record<string, unknown>;
export type Dump = Record<string, Row[]>;

/** Every row of a table, sorted by its JSON form so that two dumps compare independent of order. */
export async function dumpTable(db: Kysely<any>, table: string): Promise<Row[]> {
  const rows = (await db.selectFrom(table).selectAll().execute()) as Row[];
  return rows
    .map((row) => ({ row, key: JSON.stringify(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ row }) => row);
}

export async function dumpTables(db: Kysely<any>, tables: readonly string[]): Promise<Dump> {
  const dump: Dump = {};
  for (const table of tables) dump[table] = await dumpTable(db, table);
  return dump;
}

export async function dumpProjections(
  db: Kysely<any>,
  projections: readonly Projection[],
): Promise<Dump> {
  return dumpTables(
    db,
    projections.flatMap((p) => p.tables),
  );
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

/** A valid 18-character resident ID (county 431023); the sequence's parity is adjusted to the sex. */
export function residentId(birthDate: IsoDate, seq: number, sex: Sex): string {
  let n = seq % 1000;
  if ((n % 2 === 1) !== (sex === 'MALE')) n = (n + 1) % 1000;
  const first17 = `431023${birthDate.replaceAll('-', '')}${String(n).padStart(3, '0')}`;
  const id = first17 + residentIdCheckChar(first17);
  const check = checkResidentId(id);
  if (!check.ok || check.sex !== sex || check.birthDate !== birthDate) {
    throw new Error(`harness built an invalid resident ID ${id}`);
  }
  return id;
}

export function member(
  name: string,
  relation: Relation,
  birthDate: IsoDate,
  sex: Sex,
  seq: number,
  extra: Partial<Pick<Member, 'health' | 'laborAbility' | 'inSchool'>> = {},
): Member {
  return { name, idNumber: residentId(birthDate, seq, sex), relation, sex, birthDate, ...extra };
}

// ---- household events (valid data shapes) ----

type Data<T extends HouseholdEvent['type']> = Extract<HouseholdEvent, { type: T }>['data'];

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
    const poor = o.registeredPoor ?? true;
    return {
      type: 'HouseholdRegistered',
      data: {
        householdId: o.householdId,
        areaCode: o.areaCode ?? villageCode(),
        ...(o.address !== undefined && { address: o.address }),
        registeredPoor: poor,
        ...(poor && { identifiedYear: o.identifiedYear ?? Number(o.effectiveDate.slice(0, 4)) }),
        povertyCauses: poor ? (o.povertyCauses ?? ['ILLNESS']) : [],
        members: o.members,
        effectiveDate: o.effectiveDate,
      },
    };
  },
  memberAdded(m: Member, reason: MemberChangeReason, effectiveDate: IsoDate): HouseholdEvent {
    return { type: 'MemberAdded', data: { member: m, reason, effectiveDate } };
  },
  memberRemoved(
    idNumber: string,
    reason: MemberChangeReason,
    effectiveDate: IsoDate,
    newHeadIdNumber?: string,
  ): HouseholdEvent {
    return {
      type: 'MemberRemoved',
      data: {
        idNumber,
        reason,
        effectiveDate,
        ...(newHeadIdNumber !== undefined && { newHeadIdNumber }),
      },
    };
  },
  income(year: number, perCapitaNetIncomeFen: number, effectiveDate: IsoDate): HouseholdEvent {
    return { type: 'IncomeAssessed', data: { year, perCapitaNetIncomeFen, effectiveDate } };
  },
  exited(effectiveDate: IsoDate): HouseholdEvent {
    return {
      type: 'PovertyExited',
      data: {
        year: Number(effectiveDate.slice(0, 4)),
        checklist: {
          foodAndClothing: true,
          education: true,
          medical: true,
          housing: true,
          drinkingWater: true,
        },
        effectiveDate,
      },
    };
  },
  returned(effectiveDate: IsoDate, reason = '因病返贫'): HouseholdEvent {
    return { type: 'ReturnedToPoverty', data: { effectiveDate, reason } };
  },
  edgeFlagged(effectiveDate: IsoDate, reason?: string): HouseholdEvent {
    return {
      type: 'EdgeHouseholdFlagged',
      data: { effectiveDate, ...(reason !== undefined && { reason }) },
    };
  },
  edgeCleared(effectiveDate: IsoDate, reason?: string): HouseholdEvent {
    return {
      type: 'EdgeHouseholdCleared',
      data: { effectiveDate, ...(reason !== undefined && { reason }) },
    };
  },
  monitoringStarted(
    category: MonitoringCategory,
    effectiveDate: IsoDate,
    riskFactors: RiskFactor[] = ['ILLNESS'],
  ): HouseholdEvent {
    return { type: 'MonitoringStarted', data: { category, riskFactors, effectiveDate } };
  },
  riskEliminated(effectiveDate: IsoDate): HouseholdEvent {
    return { type: 'RiskEliminated', data: { effectiveDate } };
  },
  monitoringReopened(effectiveDate: IsoDate, reason = '收入下降'): HouseholdEvent {
    return { type: 'MonitoringReopened', data: { effectiveDate, reason } };
  },
  assistance(
    assistanceId: string,
    category: AssistanceCategory,
    amountFen: number,
    effectiveDate: IsoDate,
    peopleReached = 1,
    programme?: string,
  ): HouseholdEvent {
    const data: Data<'AssistanceRecorded'> = {
      assistanceId,
      category,
      amountFen,
      peopleReached,
      effectiveDate,
      ...(programme !== undefined && { programme }),
    };
    return { type: 'AssistanceRecorded', data };
  },
  visit(
    visitId: string,
    effectiveDate: IsoDate,
    o: {
      cadre?: string;
      purpose?: VisitPurpose;
      notes?: string;
      perCapitaIncomeCheckFen?: number;
    } = {},
  ): HouseholdEvent {
    return {
      type: 'VisitLogged',
      data: {
        visitId,
        effectiveDate,
        cadre: o.cadre ?? '李干部',
        purpose: o.purpose ?? 'ROUTINE',
        ...(o.notes !== undefined && { notes: o.notes }),
        ...(o.perCapitaIncomeCheckFen !== undefined && {
          perCapitaIncomeCheckFen: o.perCapitaIncomeCheckFen,
        }),
      },
    };
  },
  problem(
    problemId: string,
    visitId: string,
    effectiveDate: IsoDate,
    deadline: IsoDate,
    description = '住房漏雨',
  ): HouseholdEvent {
    return {
      type: 'ProblemRecorded',
      data: { problemId, visitId, description, effectiveDate, deadline },
    };
  },
  rectified(problemId: string, effectiveDate: IsoDate, measures = '已维修'): HouseholdEvent {
    return { type: 'ProblemRectified', data: { problemId, effectiveDate, measures } };
  },
  deregistered(
    effectiveDate: IsoDate,
    reason: DeregistrationReason,
    note?: string,
  ): HouseholdEvent {
    return {
      type: 'HouseholdDeregistered',
      data: { effectiveDate, reason, ...(note !== undefined && { note }) },
    };
  },
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
        schemaVersion: 1,
        data: e.data,
        metadata: { recordedAt: recordedAtFor(e.data.effectiveDate, position), actor: 'test' },
      };
      this.events.push(recorded);
      return recorded;
    });
  }

  /** The same event as it would be appended (for SqliteEventStore.append). */
  static toNewEvent(event: RecordedEvent): NewEvent {
    return {
      eventId: event.eventId,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
    };
  }
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
  const head = member(`户主${n}`, 'HEAD', d(1960 + (n % 20), '03-15'), 'MALE', seq + 1, {
    laborAbility: 'FULL',
    health: 'HEALTHY',
  });
  const spouse = member(`配偶${n}`, 'SPOUSE', d(1962 + (n % 20), '07-02'), 'FEMALE', seq + 2, {
    laborAbility: 'PARTIAL',
    health: n % 2 === 0 ? 'CHRONIC_ILLNESS' : 'HEALTHY',
  });
  const child = member(
    `子女${n}`,
    'CHILD',
    d(2005 + (n % 8), '11-20'),
    n % 2 ? 'MALE' : 'FEMALE',
    seq + 3,
    {
      inSchool: true,
    },
  );
  const parent = member(`父母${n}`, 'PARENT', d(1938 + (n % 10), '01-09'), 'FEMALE', seq + 4, {
    laborAbility: 'NONE',
    health: 'DISABLED',
  });
  let v = n * 10;
  let p = n * 10;
  let a = n * 10;
  const area = villageCode(n % 3);
  const events: HouseholdEvent[] = [];
  switch (n % 6) {
    case 0: {
      const visit = ids.visit(++v);
      const prob = ids.problem(++p);
      events.push(
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: d(y, '03-01'),
          members: [head, spouse, child],
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
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: d(y, '04-01'),
          members: [head, spouse],
          registeredPoor: false,
        }),
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
      const baby = member(`婴儿${n}`, 'GRANDCHILD', d(y + 1, '02-02'), 'FEMALE', seq + 5);
      const bride = member(`儿媳${n}`, 'OTHER', d(1990 + (n % 5), '09-09'), 'FEMALE', seq + 6, {
        laborAbility: 'FULL',
      });
      events.push(
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: d(y, '02-15'),
          members: [head, spouse, parent],
          povertyCauses: ['DISABILITY'],
        }),
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
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: d(y, '01-20'),
          members: [head, child],
          povertyCauses: ['LACK_OF_FUNDS'],
        }),
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
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: d(y, '06-01'),
          members: [head, spouse, child],
          registeredPoor: false,
        }),
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
        ev.registered({
          householdId: id,
          areaCode: area,
          effectiveDate: d(y, '05-01'),
          members: [head, spouse, child],
          povertyCauses: ['DISASTER'],
        }),
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
