/**
 * Given / when / then helpers for the household decider, in the style of emmett's
 * `DeciderSpecification` (event-driven-io/emmett, businessLogic.unit.spec.ts):
 *
 *   given([...events]).when(command).then([...expectedEvents]);
 *   given([...events]).when(command).thenThrows('SOME_CODE');
 *
 * `given` folds `evolve` over the events from `initialState`; `when` calls `decide` with a fresh,
 * deterministic context (today 2026-11-28, ids 'id-1', 'id-2', ...). Only used by specs.
 */
import { expect } from '@jest/globals';
import type { HouseholdCommand, MemberInput } from './commands.js';
import { decide, type DecisionContext } from './decide.js';
import { DomainError, type DomainErrorCode } from './errors.js';
import type { BasicNeedsChecklist, HouseholdEvent, Member } from './events.js';
import { evolve, initialState, type HouseholdState } from './household.js';
import type { PolicyBook, YearPolicy } from './policy.js';
import { checkResidentId, residentIdCheckChar } from './resident-id.js';
import type {
  AssistanceCategory,
  DeregistrationReason,
  MemberChangeReason,
  MonitoringCategory,
  RiskFactor,
} from './vocabulary.js';

// ---- context ----

export const TODAY = '2026-11-28';

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

// ---- given / when / then ----

export function stateFrom(events: readonly HouseholdEvent[]): HouseholdState {
  return events.reduce<HouseholdState>((state, event) => evolve(state, event), initialState);
}

/** What a rejected decision threw: the error (or undefined) and the events if it did not throw. */
export function attempt(
  events: readonly HouseholdEvent[],
  command: HouseholdCommand,
  ctx: Partial<DecisionContext> = {},
): { error?: unknown; events?: HouseholdEvent[] } {
  try {
    return { events: decide(stateFrom(events), command, makeContext(ctx)) };
  } catch (error) {
    return { error };
  }
}

export function given(events: readonly HouseholdEvent[], ctx: Partial<DecisionContext> = {}) {
  return {
    when(command: HouseholdCommand) {
      return {
        then(expected: HouseholdEvent[]): void {
          const result = attempt(events, command, ctx);
          if (result.error !== undefined) {
            const e = result.error;
            const why = e instanceof DomainError ? `${e.code}: ${e.message}` : e;
            throw new Error(`expected events but decide threw ${String(why as Error)}`);
          }
          expect(result.events).toStrictEqual(expected);
        },
        thenThrows(code: DomainErrorCode, details?: Record<string, unknown>): DomainError {
          const result = attempt(events, command, ctx);
          if (result.error === undefined) {
            throw new Error(
              `expected ${code} but decide returned ${JSON.stringify(result.events)}`,
            );
          }
          expect(result.error).toBeInstanceOf(DomainError);
          const error = result.error as DomainError;
          expect(error.code).toBe(code);
          expect(error.message.length).toBeGreaterThan(0);
          if (details) expect(error.details).toMatchObject(details);
          return error;
        },
      };
    },
  };
}

// ---- resident IDs and members ----

export const AREA = '431023';
export const VILLAGE = '431023101201';

/** A valid 18-digit resident ID: 6-digit area, 8-digit birth date, 3-digit sequence, check char. */
export function residentId(birth: string, sequence: string, area: string = AREA): string {
  const first17 = `${area}${birth}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

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

export const ev = {
  registeredPoor(on: string = REGISTERED_ON, members: Member[] = FAMILY): HouseholdEvent {
    return {
      type: 'HouseholdRegistered',
      data: {
        householdId: HOUSEHOLD_ID,
        areaCode: VILLAGE,
        registeredPoor: true,
        identifiedYear: 2014,
        povertyCauses: ['ILLNESS'],
        members,
        effectiveDate: on,
      },
    };
  },
  registeredNonPoor(on: string = REGISTERED_ON, members: Member[] = FAMILY): HouseholdEvent {
    return {
      type: 'HouseholdRegistered',
      data: {
        householdId: HOUSEHOLD_ID,
        areaCode: VILLAGE,
        registeredPoor: false,
        povertyCauses: [],
        members,
        effectiveDate: on,
      },
    };
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
  edgeFlagged(on: string): HouseholdEvent {
    return { type: 'EdgeHouseholdFlagged', data: { effectiveDate: on } };
  },
  edgeCleared(on: string): HouseholdEvent {
    return { type: 'EdgeHouseholdCleared', data: { effectiveDate: on } };
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
  visit(visitId: string, on: string): HouseholdEvent {
    return {
      type: 'VisitLogged',
      data: { visitId, effectiveDate: on, cadre: '赵干部', purpose: 'ROUTINE' },
    };
  },
  problem(problemId: string, visitId: string, on: string, deadline: string): HouseholdEvent {
    return {
      type: 'ProblemRecorded',
      data: { problemId, visitId, description: '危房未改造', effectiveDate: on, deadline },
    };
  },
  rectified(problemId: string, on: string): HouseholdEvent {
    return {
      type: 'ProblemRectified',
      data: { problemId, effectiveDate: on, measures: '已完成改造' },
    };
  },
  deregistered(on: string, reason: DeregistrationReason = 'WRONGLY_REGISTERED'): HouseholdEvent {
    return { type: 'HouseholdDeregistered', data: { effectiveDate: on, reason } };
  },
};

// ---- one plausible command of every type except registration ----

export const COMMANDS_ON_A_HOUSEHOLD: readonly HouseholdCommand[] = [
  { type: 'AddMember', member: otherInput, reason: 'MOVED', effectiveDate: '2022-05-01' },
  { type: 'RemoveMember', idNumber: CHILD_ID, reason: 'MOVED', effectiveDate: '2022-05-01' },
  {
    type: 'RecordIncomeAssessment',
    year: 2022,
    perCapitaNetIncomeFen: 700_000,
    effectiveDate: '2022-12-01',
  },
  { type: 'ExitPoverty', year: 2022, effectiveDate: '2022-12-15', checklist: ALL_MET },
  { type: 'ReturnToPoverty', effectiveDate: '2022-05-01', reason: '因病返贫' },
  { type: 'FlagEdgeHousehold', effectiveDate: '2022-05-01' },
  { type: 'ClearEdgeHousehold', effectiveDate: '2022-05-01' },
  {
    type: 'StartMonitoring',
    category: 'SUDDEN_HARDSHIP',
    riskFactors: ['DISASTER'],
    effectiveDate: '2022-05-01',
  },
  { type: 'EliminateRisk', effectiveDate: '2022-12-01' },
  { type: 'ReopenMonitoring', effectiveDate: '2022-12-01', reason: '风险反弹' },
  {
    type: 'RecordAssistance',
    category: 'HEALTH',
    amountFen: 50_000,
    peopleReached: 1,
    date: '2022-05-01',
  },
  { type: 'LogVisit', date: '2022-05-01', cadre: '赵干部', purpose: 'ROUTINE' },
  { type: 'RectifyProblem', problemId: 'p-1', date: '2022-05-01', measures: '已整改' },
  { type: 'DeregisterHousehold', effectiveDate: '2022-05-01', reason: 'OTHER' },
];

export const registerCommand = (
  overrides: Partial<Extract<HouseholdCommand, { type: 'RegisterHousehold' }>> = {},
): Extract<HouseholdCommand, { type: 'RegisterHousehold' }> => ({
  type: 'RegisterHousehold',
  householdId: HOUSEHOLD_ID,
  areaCode: VILLAGE,
  registeredPoor: true,
  identifiedYear: 2014,
  povertyCauses: ['ILLNESS'],
  effectiveDate: REGISTERED_ON,
  members: [headInput, spouseInput, childInput],
  ...overrides,
});
