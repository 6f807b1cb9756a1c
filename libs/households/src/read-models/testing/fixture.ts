/**
 * Test fixture for the read side: a real SQLite file in a temp directory, the SQLite event store,
 * and the projection runner with every household projection. Events are appended straight to the
 * store (no deciders), then projected with `catchUp()`. Only used by specs.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { openSqlite } from '#app/database';
import {
  ProjectionRunner,
  SqliteEventStore,
  type EventMetadata,
  type EventStore,
} from '#app/event-store';
import {
  householdStream,
  residentIdCheckChar,
  type HouseholdEvent,
  type IsoDate,
  type Member,
  type PovertyCause,
  type Relation,
} from '../../domain/index.js';
import type { Clock } from '../../infrastructure/clock.js';
import { householdProjections } from '../index.js';

export const TODAY = '2026-11-28';

/** Fixed clock: 2026-11-28. */
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
  const dir = mkdtempSync(join(tmpdir(), 'read-models-'));
  const handle = openSqlite(join(dir, 'read.db'));
  const store = new SqliteEventStore(handle.db, { pollIntervalMs: 50 });
  await store.init();
  const runner = new ProjectionRunner(store, handle.db, householdProjections);
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
    db: handle.db,
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
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- builders ----

const COUNTY = '431023';

/** A valid 18-character resident ID: county 431023, the birth date, a sequence number whose parity gives the sex. */
export function residentId(
  birthDate: IsoDate,
  seq: number,
  sex: 'MALE' | 'FEMALE' = 'MALE',
): string {
  let n = seq % 1000;
  if ((n % 2 === 1) !== (sex === 'MALE')) n = (n + 1) % 1000;
  const first17 = `${COUNTY}${birthDate.replaceAll('-', '')}${String(n).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

let memberSeq = 0;

/** A member with a fresh valid resident ID (unique within the process). */
export function member(
  name: string,
  relation: Relation,
  birthDate: IsoDate,
  sex: 'MALE' | 'FEMALE' = 'MALE',
  extra: Partial<Pick<Member, 'health' | 'laborAbility' | 'inSchool'>> = {},
): Member {
  memberSeq += 2;
  return {
    name,
    idNumber: residentId(birthDate, memberSeq + (sex === 'MALE' ? 1 : 0), sex),
    relation,
    sex,
    birthDate,
    ...extra,
  };
}

export interface RegistrationOptions {
  householdId?: string;
  areaCode: string;
  effectiveDate: IsoDate;
  registeredPoor?: boolean;
  identifiedYear?: number;
  povertyCauses?: PovertyCause[];
  address?: string;
  members: Member[];
}

/** A HouseholdRegistered event; registered poor (identified the registration year) unless told. */
export function registered(o: RegistrationOptions & { householdId: string }): HouseholdEvent {
  const poor = o.registeredPoor ?? true;
  return {
    type: 'HouseholdRegistered',
    data: {
      householdId: o.householdId,
      areaCode: o.areaCode,
      ...(o.address !== undefined && { address: o.address }),
      registeredPoor: poor,
      ...(poor && { identifiedYear: o.identifiedYear ?? Number(o.effectiveDate.slice(0, 4)) }),
      povertyCauses: poor ? (o.povertyCauses ?? ['ILLNESS']) : [],
      members: o.members,
      effectiveDate: o.effectiveDate,
    },
  };
}

export const FULL_CHECKLIST = {
  foodAndClothing: true,
  education: true,
  medical: true,
  housing: true,
  drinkingWater: true,
} as const;

/** PovertyExited in the year of its date. */
export function exited(effectiveDate: IsoDate): HouseholdEvent {
  return {
    type: 'PovertyExited',
    data: {
      year: Number(effectiveDate.slice(0, 4)),
      checklist: { ...FULL_CHECKLIST },
      effectiveDate,
    },
  };
}

export function income(
  year: number,
  perCapitaNetIncomeFen: number,
  effectiveDate: IsoDate,
): HouseholdEvent {
  return { type: 'IncomeAssessed', data: { year, perCapitaNetIncomeFen, effectiveDate } };
}

export function visit(
  visitId: string,
  effectiveDate: IsoDate,
  extra: {
    cadre?: string;
    purpose?: 'ROUTINE' | 'REVIEW' | 'VERIFICATION';
    notes?: string;
    perCapitaIncomeCheckFen?: number;
  } = {},
): HouseholdEvent {
  return {
    type: 'VisitLogged',
    data: {
      visitId,
      effectiveDate,
      cadre: extra.cadre ?? '李干部',
      purpose: extra.purpose ?? 'ROUTINE',
      ...(extra.notes !== undefined && { notes: extra.notes }),
      ...(extra.perCapitaIncomeCheckFen !== undefined && {
        perCapitaIncomeCheckFen: extra.perCapitaIncomeCheckFen,
      }),
    },
  };
}

export function problem(
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
}

export function rectified(
  problemId: string,
  effectiveDate: IsoDate,
  measures = '已维修',
): HouseholdEvent {
  return { type: 'ProblemRectified', data: { problemId, effectiveDate, measures } };
}

export function assistance(
  assistanceId: string,
  category: Extract<HouseholdEvent, { type: 'AssistanceRecorded' }>['data']['category'],
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
}

/** Deterministic UUIDs that sort in creation order: 00000000-0000-4000-8000-<n>. */
export function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}
