/**
 * Given / when / then helpers for the household decider, in the style of emmett's
 * `DeciderSpecification` (event-driven-io/emmett, businessLogic.unit.spec.ts):
 *
 *   given([...events]).when(command).then([...expectedEvents]);
 *   given([...events]).when(command).thenThrows('SOME_CODE');
 *
 * `given` folds `evolve` over the events from `initialState`; `when` calls `decide` with a fresh,
 * deterministic context (today 2026-11-28, ids 'id-1', 'id-2', ...). Where several tests differ
 * only in values, `itDecides` / `itRejects` run a table of such cases, one named test per row.
 * Only used by specs.
 */
import { expect, it } from '@jest/globals';
import type { HouseholdCommand, MemberInput } from './commands.js';
import { decide, type DecisionContext } from './decide.js';
import { DomainError, type DomainErrorCode } from './errors.js';
import type { BasicNeedsChecklist, HouseholdEvent, Member } from './events.js';
import { evolve, initialState, type HouseholdState } from './household.js';
import type { PolicyBook, YearPolicy } from './policy.js';
import { checkResidentId } from './resident-id.js';
import { residentId } from './testing/resident-ids.js';
import type {
  AssistanceCategory,
  DeregistrationReason,
  MemberChangeReason,
  MonitoringCategory,
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

// ---- commands and tables of cases ----

export type Command<T extends HouseholdCommand['type']> = Extract<HouseholdCommand, { type: T }>;

/** A builder of `type` commands: the defaults, overridden field by field. */
export function commandOf<T extends HouseholdCommand['type']>(
  type: T,
  defaults: Omit<Command<T>, 'type'>,
): (overrides?: Partial<Omit<Command<T>, 'type'>>) => Command<T> {
  return (overrides = {}) => ({ type, ...defaults, ...overrides }) as Command<T>;
}

/** A case of `itDecides`: [test name, command, the events decided]. */
export type Decided = readonly [
  name: string,
  command: HouseholdCommand,
  expected: HouseholdEvent[],
];
/** A case of `itRejects`: [test name, command, error code, error details it contains]. */
export type Rejected = readonly [
  name: string,
  command: HouseholdCommand,
  code: DomainErrorCode,
  details?: Record<string, unknown>,
];

/** One test per case, named by the case: given the events, the command decides those events. */
export function itDecides(
  events: readonly HouseholdEvent[],
  cases: readonly Decided[],
  ctx: Partial<DecisionContext> = {},
): void {
  // A rest parameter: jest passes a `done` callback to a function with more parameters than the row.
  it.each(cases)('%s', (...[, command, expected]: Decided) => {
    given(events, ctx).when(command).then(expected);
  });
}

/** One test per case, named by the case: given the events, the command is rejected with the code. */
export function itRejects(
  events: readonly HouseholdEvent[],
  cases: readonly Rejected[],
  ctx: Partial<DecisionContext> = {},
): void {
  it.each(cases)('%s', (...[, command, code, details]: Rejected) => {
    given(events, ctx).when(command).thenThrows(code, details);
  });
}

/**
 * The two date checks of a command, as `itRejects` cases: the day before registration is
 * DATE_BEFORE_PREVIOUS_CHANGE (with that `earliest` date, when given) and tomorrow is FUTURE_DATE.
 */
export function dateCases(
  command: (date: string) => HouseholdCommand,
  dayBeforeRegistration: string,
  earliest?: string,
): Rejected[] {
  const before = 'rejects a date before registration → DATE_BEFORE_PREVIOUS_CHANGE';
  const code = 'DATE_BEFORE_PREVIOUS_CHANGE';
  return [
    earliest === undefined
      ? [before, command(dayBeforeRegistration), code]
      : [before, command(dayBeforeRegistration), code, { earliest }],
    ['rejects a future date → FUTURE_DATE', command(TOMORROW), 'FUTURE_DATE'],
  ];
}

// ---- resident IDs and members ----

/** The shared resident-ID builder (testing/resident-ids.ts), re-exported for the decider specs. */
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
  ): HouseholdEvent {
    return {
      type: 'ProblemRecorded',
      data: { problemId, visitId, description, effectiveDate: on, deadline },
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
