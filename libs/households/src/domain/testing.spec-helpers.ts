/**
 * Fixtures of the household domain for specs: a deterministic decision context (today
 * 2026-11-28, ids 'id-1', 'id-2', ...), a policy book, resident IDs and members, and builders of
 * valid events (`ev`). The decider's given / when / then helpers build on them in
 * commands/testing.spec-helpers.ts; the read-model harness builds on `ev`. Only used by specs.
 */
import type { DecisionContext } from './decision-context.js';
import type { BasicNeedsChecklist, HouseholdEvent, Member } from './events.js';
import { evolve, initialState, type HouseholdState } from './household-state.js';
import type { MemberInput } from './member-rules.js';
import type { PolicyBook, YearPolicy } from './policy.js';
import { checkResidentId } from './resident-id.js';
import { residentId } from './testing/resident-ids.js';
import type {
  AssistanceCategory,
  DeregistrationReason,
  MemberChangeReason,
  MonitoringCategory,
  ProblemCategory,
  RiskFactor,
} from './vocabulary.js';

// ---- context ----

export const TODAY = '2026-11-28';
export const TOMORROW = '2026-11-29';

/** [povertyLineFen, monitoringLineFen] per year. 2020: 4000 yuan / 5000 yuan as in the reference. */
const LINES: Record<number, [number, number]> = {
  2019: [380_000, 500_000],
  2020: [400_000, 500_000],
  2021: [410_000, 600_000],
  2022: [420_000, 690_000],
  2023: [430_000, 690_000],
  2024: [440_000, 805_000],
  2025: [450_000, 805_000],
  2026: [460_000, 805_000],
};

/** A policy book for 2019–2026; `overrides` apply to every year (or to the years given). */
export function policyBook(
  overrides: Partial<Omit<YearPolicy, 'year'>> = {},
  years: readonly number[] = Object.keys(LINES).map(Number),
): PolicyBook {
  const map = new Map<number, YearPolicy>();
  for (const year of years) {
    const [povertyLineFen, monitoringLineFen] = LINES[year] ?? [400_000, 500_000];
    map.set(year, {
      year,
      povertyLineFen,
      monitoringLineFen,
      minMonitoringMonths: 6,
      requireLabourForElimination: false,
      ...overrides,
    });
  }
  return { version: 'test-policy', years: map };
}

export const POLICY = policyBook();
export const LABOUR_POLICY = policyBook({ requireLabourForElimination: true });

export function makeContext(overrides: Partial<DecisionContext> = {}): DecisionContext {
  let n = 0;
  return {
    today: TODAY,
    policy: POLICY,
    newId: () => `id-${++n}`,
    memberships: new Map(),
    ...overrides,
  };
}

// ---- state ----

/** The state `evolve` folds from the events, starting Unregistered. */
export function stateFrom(events: readonly HouseholdEvent[]): HouseholdState {
  return events.reduce<HouseholdState>((state, event) => evolve(state, event), initialState);
}

// ---- resident IDs and members ----

/** The shared resident-ID builder (testing/resident-ids.ts), re-exported for the specs. */
export { residentId };
export const VILLAGE = '431023101201';

/** Flips the check character to a different (wrong) one. */
export function withWrongCheckChar(id: string): string {
  const right = id[17];
  const wrong = right === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}

/** 17th digit odd = male, even = female. */
export const HEAD_ID = residentId('19800101', '011'); // male, born 1980-01-01
export const SPOUSE_ID = residentId('19820305', '022'); // female, born 1982-03-05
export const CHILD_ID = residentId('20100615', '031'); // male, born 2010-06-15
export const NEWBORN_ID = residentId('20210420', '042'); // female, born 2021-04-20
export const OTHER_ID = residentId('19750709', '053'); // male, born 1975-07-09

export const headInput: MemberInput = {
  name: '李建国',
  idNumber: HEAD_ID,
  relation: 'HEAD',
  laborAbility: 'FULL',
};
export const spouseInput: MemberInput = {
  name: '王秀英',
  idNumber: SPOUSE_ID,
  relation: 'SPOUSE',
  laborAbility: 'FULL',
};
export const childInput: MemberInput = {
  name: '李明',
  idNumber: CHILD_ID,
  relation: 'CHILD',
  inSchool: true,
};
export const newbornInput: MemberInput = {
  name: '李小花',
  idNumber: NEWBORN_ID,
  relation: 'CHILD',
};
export const otherInput: MemberInput = { name: '张强', idNumber: OTHER_ID, relation: 'OTHER' };

/** The member as recorded in events (sex and birth date from the ID). Setup only. */
export function recorded(input: MemberInput): Member {
  const check = checkResidentId(input.idNumber);
  if (!check.ok) throw new Error(`fixture ID ${input.idNumber} is invalid: ${check.problem}`);
  return {
    name: input.name,
    idNumber: input.idNumber,
    relation: input.relation,
    sex: check.sex,
    birthDate: check.birthDate,
    ...(input.health !== undefined && { health: input.health }),
    ...(input.laborAbility !== undefined && { laborAbility: input.laborAbility }),
    ...(input.inSchool !== undefined && { inSchool: input.inSchool }),
  };
}

export const FAMILY: Member[] = [headInput, spouseInput, childInput].map(recorded);

// ---- events ----

export const HOUSEHOLD_ID = 'hh-1';
export const REGISTERED_ON = '2019-03-01';

export const ALL_MET: BasicNeedsChecklist = {
  foodAndClothing: true,
  education: true,
  medical: true,
  housing: true,
  drinkingWater: true,
};

type Data<T extends HouseholdEvent['type']> = Extract<HouseholdEvent, { type: T }>['data'];

/**
 * Household event builders with valid data, defaulting to the household of these specs
 * (HOUSEHOLD_ID, VILLAGE, FAMILY). The read-model harness builds on them with its own defaults.
 */
export const ev = {
  /** A HouseholdRegistered event; registered poor (identified 2014, cause ILLNESS) unless told. */
  registered(
    o: Partial<Omit<Data<'HouseholdRegistered'>, 'registeredPoor'>> & {
      registeredPoor?: boolean;
    } = {},
  ): HouseholdEvent {
    const poor = o.registeredPoor ?? true;
    return {
      type: 'HouseholdRegistered',
      data: {
        householdId: o.householdId ?? HOUSEHOLD_ID,
        areaCode: o.areaCode ?? VILLAGE,
        ...(o.address !== undefined && { address: o.address }),
        registeredPoor: poor,
        ...(poor && { identifiedYear: o.identifiedYear ?? 2014 }),
        povertyCauses: poor ? (o.povertyCauses ?? ['ILLNESS']) : [],
        members: o.members ?? FAMILY,
        effectiveDate: o.effectiveDate ?? REGISTERED_ON,
      },
    };
  },
  registeredPoor(on: string = REGISTERED_ON, members: Member[] = FAMILY): HouseholdEvent {
    return ev.registered({ effectiveDate: on, members });
  },
  registeredNonPoor(on: string = REGISTERED_ON, members: Member[] = FAMILY): HouseholdEvent {
    return ev.registered({ registeredPoor: false, effectiveDate: on, members });
  },
  memberAdded(
    input: MemberInput,
    on: string,
    reason: MemberChangeReason = 'BIRTH',
  ): HouseholdEvent {
    return { type: 'MemberAdded', data: { member: recorded(input), reason, effectiveDate: on } };
  },
  memberRemoved(
    idNumber: string,
    on: string,
    reason: MemberChangeReason = 'DEATH',
    newHeadIdNumber?: string,
  ): HouseholdEvent {
    return {
      type: 'MemberRemoved',
      data: {
        idNumber,
        reason,
        effectiveDate: on,
        ...(newHeadIdNumber !== undefined && { newHeadIdNumber }),
      },
    };
  },
  income(year: number, perCapitaNetIncomeFen: number, on: string): HouseholdEvent {
    return { type: 'IncomeAssessed', data: { year, perCapitaNetIncomeFen, effectiveDate: on } };
  },
  exited(year: number, on: string): HouseholdEvent {
    return { type: 'PovertyExited', data: { year, checklist: ALL_MET, effectiveDate: on } };
  },
  returned(on: string, reason = '因病返贫'): HouseholdEvent {
    return { type: 'ReturnedToPoverty', data: { effectiveDate: on, reason } };
  },
  edgeFlagged(on: string, reason?: string): HouseholdEvent {
    return {
      type: 'EdgeHouseholdFlagged',
      data: { effectiveDate: on, ...(reason !== undefined && { reason }) },
    };
  },
  edgeCleared(on: string, reason?: string): HouseholdEvent {
    return {
      type: 'EdgeHouseholdCleared',
      data: { effectiveDate: on, ...(reason !== undefined && { reason }) },
    };
  },
  monitoringStarted(
    category: MonitoringCategory,
    on: string,
    riskFactors: RiskFactor[] = ['ILLNESS'],
  ): HouseholdEvent {
    return { type: 'MonitoringStarted', data: { category, riskFactors, effectiveDate: on } };
  },
  riskEliminated(on: string): HouseholdEvent {
    return { type: 'RiskEliminated', data: { effectiveDate: on } };
  },
  reopened(on: string, reason = '风险反弹'): HouseholdEvent {
    return { type: 'MonitoringReopened', data: { effectiveDate: on, reason } };
  },
  assistance(
    on: string,
    assistanceId = `a-${on}`,
    category: AssistanceCategory = 'INDUSTRY',
  ): HouseholdEvent {
    return {
      type: 'AssistanceRecorded',
      data: { assistanceId, category, amountFen: 100_000, peopleReached: 3, effectiveDate: on },
    };
  },
  visit(
    visitId: string,
    on: string,
    o: Partial<Omit<Data<'VisitLogged'>, 'visitId' | 'effectiveDate'>> = {},
  ): HouseholdEvent {
    return {
      type: 'VisitLogged',
      data: {
        visitId,
        effectiveDate: on,
        cadre: o.cadre ?? '赵干部',
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
    on: string,
    deadline: string,
    description = '危房未改造',
    category: ProblemCategory = 'OTHER',
  ): HouseholdEvent {
    return {
      type: 'ProblemRecorded',
      data: { problemId, visitId, category, description, effectiveDate: on, deadline },
    };
  },
  rectified(problemId: string, on: string, measures = '已完成改造'): HouseholdEvent {
    return { type: 'ProblemRectified', data: { problemId, effectiveDate: on, measures } };
  },
  deregistered(
    on: string,
    reason: DeregistrationReason = 'WRONGLY_REGISTERED',
    note?: string,
  ): HouseholdEvent {
    return {
      type: 'HouseholdDeregistered',
      data: { effectiveDate: on, reason, ...(note !== undefined && { note }) },
    };
  },
};
