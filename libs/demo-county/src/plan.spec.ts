import { describe, expect, it } from '@jest/globals';
import {
  checkResidentId,
  decide,
  evolve,
  initialState,
  isVillageCode,
  loadPolicyFile,
  type HouseholdCommand,
  type HouseholdEvent,
  type HouseholdState,
  type IsoDate,
} from '#app/households';
import { DEMO_AREA_NAMES, DEMO_TOWNSHIPS, DEMO_VILLAGES } from './areas.js';
import { planDemoCounty, type DemoPlan } from './plan.js';
import { apportion, splitAmount } from './random.js';

const policy = loadPolicyFile('config/policy.json');

function dateOf(command: HouseholdCommand): IsoDate {
  return 'effectiveDate' in command ? command.effectiveDate : command.date;
}

interface Tally {
  households: number;
  people: number;
}
const tally = (): Tally => ({ households: 0, people: 0 });
const add = (t: Tally, state: HouseholdState) => {
  if (state.status === 'Unregistered') return;
  t.households++;
  t.people += Object.keys(state.facts.members).length;
};

/**
 * Runs the whole plan through the pure deciders (no store, no projections): every command must
 * be accepted, and the figures follow from the resulting states and events.
 */
function dryRun(plan: DemoPlan) {
  const memberships = new Map<string, string>();
  const membershipEnds = new Map<string, string>();
  let ids = 0;
  const remaining2019 = tally();
  const registered = tally();
  const edge = tally();
  const eliminated = { UNSTABLE_EXITED: tally(), EDGE_PRONE: tally(), SUDDEN_HARDSHIP: tally() };
  const assistance = new Map<
    string,
    { amountFen: number; people: number; households: Set<string> }
  >();
  const reviewed = { Poor: 0, Exited: 0, NonPoor: 0 };
  const problems = { found2020: 0, rectifiedByJune: 0, open: 0 };
  let events = 0;
  for (const household of plan.households) {
    let state: HouseholdState = initialState;
    let at2019: HouseholdState | undefined;
    let reviewedHere = false;
    const problemIds = new Map<string, string[]>();
    for (const planned of household.commands) {
      let command = planned.command;
      if (!at2019 && dateOf(command) > '2019-12-31') at2019 = state;
      if (planned.problemOf && command.type === 'RectifyProblem') {
        const { visitCommandId, index } = planned.problemOf;
        command = { ...command, problemId: problemIds.get(visitCommandId)![index]! };
      }
      let produced: HouseholdEvent[];
      try {
        produced = decide(state, command, {
          today: '2026-01-01',
          policy,
          newId: () => `id-${++ids}`,
          memberships,
          membershipEnds,
        });
      } catch (error) {
        throw new Error(
          `${household.role} ${household.householdId} ${command.type} ${JSON.stringify(command)}: ${(error as Error).message}`,
          { cause: error },
        );
      }
      if (command.type === 'LogVisit' && command.purpose === 'REVIEW' && !reviewedHere) {
        reviewedHere = true;
        reviewed[state.status as 'Poor' | 'Exited' | 'NonPoor']++;
      }
      for (const event of produced) {
        events++;
        state = evolve(state, event);
        switch (event.type) {
          case 'HouseholdRegistered':
            for (const m of event.data.members) memberships.set(m.idNumber, household.householdId);
            break;
          case 'MemberAdded':
            memberships.set(event.data.member.idNumber, household.householdId);
            break;
          case 'MemberRemoved':
            memberships.delete(event.data.idNumber);
            membershipEnds.set(event.data.idNumber, event.data.effectiveDate);
            break;
          case 'ProblemRecorded':
            problemIds.set(planned.commandId, [
              ...(problemIds.get(planned.commandId) ?? []),
              event.data.problemId,
            ]);
            if (event.data.effectiveDate.startsWith('2020')) problems.found2020++;
            break;
          case 'ProblemRectified':
            if (
              event.data.effectiveDate >= '2020-01-01' &&
              event.data.effectiveDate <= '2020-06-30'
            ) {
              problems.rectifiedByJune++;
            }
            break;
          case 'AssistanceRecorded':
            if (event.data.effectiveDate.startsWith('2020')) {
              const a = assistance.get(event.data.category) ?? {
                amountFen: 0,
                people: 0,
                households: new Set<string>(),
              };
              a.amountFen += event.data.amountFen;
              a.people += event.data.peopleReached;
              a.households.add(household.householdId);
              assistance.set(event.data.category, a);
            }
            break;
          default:
        }
      }
    }
    if ((at2019 ?? state).status === 'Poor') add(remaining2019, at2019 ?? state);
    if (state.status === 'Poor' || state.status === 'Exited') add(registered, state);
    if (state.status === 'Unregistered') throw new Error('household never registered');
    if (state.facts.edge) add(edge, state);
    if (state.facts.monitoring.kind === 'Eliminated') {
      add(eliminated[state.facts.monitoring.category], state);
    }
    problems.open += Object.values(state.facts.problems).filter((p) => !p.rectifiedOn).length;
  }
  return {
    events,
    remaining2019,
    registered,
    edge,
    eliminated,
    assistance,
    reviewed,
    problems,
  };
}

describe('demo county plan', () => {
  it('is the same for the same seed and scale, and differs for another seed', () => {
    const a = planDemoCounty({ scale: 0.02 });
    const b = planDemoCounty({ scale: 0.02 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const c = planDemoCounty({ scale: 0.02, seed: 7 });
    expect(c.households[0]!.householdId).not.toBe(a.households[0]!.householdId);
  });

  it('has 16 townships and 129 villages with statistical codes and names', () => {
    expect(DEMO_TOWNSHIPS).toHaveLength(16);
    expect(DEMO_VILLAGES).toHaveLength(129);
    expect(DEMO_AREA_NAMES.get('431023')).toBe('永兴县');
    for (const v of DEMO_VILLAGES) {
      expect(isVillageCode(v.code)).toBe(true);
      expect(v.name).toMatch(/^[\u4e00-\u9fff]{2,4}村$/);
      expect(DEMO_AREA_NAMES.has(v.code.slice(0, 9))).toBe(true);
    }
    expect(new Set(DEMO_VILLAGES.map((v) => v.name)).size).toBe(129);
  });

  it('splits totals exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 0], 1)).toEqual([4, 3]);
    const parts = splitAmount(5_253_340_000, [3, 4, 5, 5, 5], 100_000);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(5_253_340_000);
    expect(parts.filter((p) => p % 100_000 !== 0)).toHaveLength(1);
  });

  it('at full size, passes every rule of the deciders and reproduces the reference figures', () => {
    const plan = planDemoCounty();
    const ids = plan.households.flatMap((h) =>
      h.commands.flatMap(({ command }) =>
        command.type === 'RegisterHousehold'
          ? command.members.map((m) => m.idNumber)
          : command.type === 'AddMember'
            ? [command.member.idNumber]
            : [],
      ),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => checkResidentId(id).ok)).toBe(true);

    const run = dryRun(plan);
    console.log(
      `plan: ${plan.households.length} households, ${plan.commandCount} commands, ${run.events} events`,
    );
    expect(run.remaining2019).toEqual({ households: 771, people: 1700 });
    expect(run.registered).toEqual({ households: 9619, people: 29001 });
    expect(run.edge).toEqual({ households: 426, people: 1117 });
    expect(run.eliminated.UNSTABLE_EXITED).toEqual({ households: 262, people: 598 });
    expect(run.eliminated.EDGE_PRONE).toEqual({ households: 426, people: 1117 });
    expect(run.reviewed).toEqual({ Poor: 771, Exited: 9655 - 771, NonPoor: 5972 });
    expect(run.problems).toEqual({ found2020: 1210, rectifiedByJune: 1210, open: 0 });
    const a = (category: string) => {
      const x = run.assistance.get(category)!;
      return { amountFen: x.amountFen, people: x.people, households: x.households.size };
    };
    expect(a('INDUSTRY')).toMatchObject({ amountFen: 3_214_630_000, people: 29060 });
    expect(a('EMPLOYMENT')).toMatchObject({ amountFen: 401_090_000, people: 11415 });
    expect(a('MICRO_CREDIT')).toMatchObject({ amountFen: 5_253_340_000 });
    expect(a('EDUCATION')).toMatchObject({ amountFen: 1_235_270_000, people: 25910 });
    expect(a('HEALTH')).toMatchObject({ amountFen: 5_788_780_000, people: 10700 });
    expect(a('BOTTOM_LINE_SECURITY')).toEqual({
      amountFen: 2_735_920_000,
      people: 7900,
      households: 3520,
    });
    expect(a('DISABILITY_SUBSIDY')).toMatchObject({ amountFen: 835_660_000 });
    expect(a('HOUSING_RENOVATION')).toMatchObject({ households: 281 });
    expect(run.assistance.size).toBe(12);
  });
});
