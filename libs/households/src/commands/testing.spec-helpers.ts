/**
 * Given / when / then helpers for the household decider, in the style of emmett's
 * `DeciderSpecification` (event-driven-io/emmett, businessLogic.unit.spec.ts):
 *
 *   given([...events]).when(command).then([...expectedEvents]);
 *   given([...events]).when(command).thenThrows('SOME_CODE');
 *
 * `given` folds `evolve` over the events from `initialState`; `when` calls `decide` with a fresh,
 * deterministic context (domain/testing.spec-helpers.ts). Where several tests differ only in
 * values, `itDecides` / `itRejects` run a table of such cases, one named test per row. The domain
 * fixtures are re-exported, so a command's spec imports from here alone. Only used by specs.
 */
import { expect, it } from '@jest/globals';
import {
  DomainError,
  type DecisionContext,
  type DomainErrorCode,
  type HouseholdEvent,
} from '../domain/index.js';
import {
  ALL_MET,
  CHILD_ID,
  HOUSEHOLD_ID,
  REGISTERED_ON,
  TOMORROW,
  VILLAGE,
  childInput,
  ev,
  headInput,
  makeContext,
  otherInput,
  spouseInput,
  stateFrom,
} from '../domain/testing.spec-helpers.js';
import { decide } from './decide.js';
import type {
  CommandOf,
  HouseholdCommand,
  HouseholdCommandType,
  RegisterHouseholdCommand,
} from './household-command.js';

export * from '../domain/testing.spec-helpers.js';

// ---- given / when / then ----

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

export type Command<T extends HouseholdCommandType> = CommandOf<T>;

/** A builder of `type` commands: the defaults, overridden field by field. */
export function commandOf<T extends HouseholdCommandType>(
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

// ---- one plausible command of every type except registration ----

/** A new command type fails `tsc` here until it has a case (and so a HOUSEHOLD_NOT_FOUND spec). */
const ONE_OF_EACH: { [T in Exclude<HouseholdCommandType, 'RegisterHousehold'>]: CommandOf<T> } = {
  AddMember: {
    type: 'AddMember',
    member: otherInput,
    reason: 'MOVED',
    effectiveDate: '2022-05-01',
  },
  RemoveMember: {
    type: 'RemoveMember',
    idNumber: CHILD_ID,
    reason: 'MOVED',
    effectiveDate: '2022-05-01',
  },
  RecordIncomeAssessment: {
    type: 'RecordIncomeAssessment',
    year: 2022,
    perCapitaNetIncomeFen: 700_000,
    effectiveDate: '2022-12-01',
  },
  ExitPoverty: { type: 'ExitPoverty', year: 2022, effectiveDate: '2022-12-15', checklist: ALL_MET },
  ReturnToPoverty: { type: 'ReturnToPoverty', effectiveDate: '2022-05-01', reason: '因病返贫' },
  FlagEdgeHousehold: { type: 'FlagEdgeHousehold', effectiveDate: '2022-05-01' },
  ClearEdgeHousehold: { type: 'ClearEdgeHousehold', effectiveDate: '2022-05-01' },
  StartMonitoring: {
    type: 'StartMonitoring',
    category: 'SUDDEN_HARDSHIP',
    riskFactors: ['DISASTER'],
    effectiveDate: '2022-05-01',
  },
  EliminateRisk: { type: 'EliminateRisk', effectiveDate: '2022-12-01' },
  ReopenMonitoring: { type: 'ReopenMonitoring', effectiveDate: '2022-12-01', reason: '风险反弹' },
  RecordAssistance: {
    type: 'RecordAssistance',
    category: 'HEALTH',
    amountFen: 50_000,
    peopleReached: 1,
    date: '2022-05-01',
  },
  LogVisit: { type: 'LogVisit', date: '2022-05-01', cadre: '赵干部', purpose: 'ROUTINE' },
  RectifyProblem: {
    type: 'RectifyProblem',
    problemId: 'p-1',
    date: '2022-05-01',
    measures: '已整改',
  },
  DeregisterHousehold: {
    type: 'DeregisterHousehold',
    effectiveDate: '2022-05-01',
    reason: 'OTHER',
  },
};

export const COMMANDS_ON_A_HOUSEHOLD: readonly HouseholdCommand[] = Object.values(ONE_OF_EACH);

export const registerCommand = (
  overrides: Partial<RegisterHouseholdCommand> = {},
): RegisterHouseholdCommand => ({
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

/** Deregistered households of two kinds: every command on them is refused. */
export const DEREGISTERED_STREAMS = [
  ['a poor household', [ev.registeredPoor('2019-03-01'), ev.deregistered('2020-04-01')]],
  [
    'a monitored edge household',
    [
      ev.registeredNonPoor('2019-03-01'),
      ev.edgeFlagged('2019-06-01'),
      ev.monitoringStarted('EDGE_PRONE', '2019-07-01'),
      ev.visit('v-1', '2019-08-01'),
      ev.problem('p-1', 'v-1', '2019-08-01', '2019-09-01'),
      ev.deregistered('2020-04-01', 'HOUSEHOLD_GONE'),
    ],
  ],
] as const;
