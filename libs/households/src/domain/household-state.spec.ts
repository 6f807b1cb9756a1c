import { describe, expect, it } from '@jest/globals';
import {
  evolve,
  initialState,
  incomeFor,
  latestIncome,
  type HouseholdFacts,
  type HouseholdState,
} from './household-state.js';
import {
  CHILD_ID,
  HEAD_ID,
  OTHER_ID,
  SPOUSE_ID,
  FAMILY,
  HOUSEHOLD_ID,
  VILLAGE,
  ev,
  otherInput,
  recorded,
  stateFrom,
} from './testing.spec-helpers.js';

function factsOf(state: HouseholdState): HouseholdFacts {
  if (state.status === 'Unregistered') throw new Error('expected a registered household');
  return state.facts;
}

describe('evolve', () => {
  it('starts Unregistered', () => {
    expect(initialState).toStrictEqual({ status: 'Unregistered' });
  });

  it('ignores events other than registration on an unregistered household', () => {
    expect(evolve(initialState, ev.income(2020, 400_000, '2020-11-01'))).toBe(initialState);
    expect(evolve(initialState, ev.deregistered('2020-11-01'))).toBe(initialState);
  });

  it('registers a poor household with its members active since the registration date', () => {
    const state = stateFrom([ev.registeredPoor('2019-03-01')]);
    expect(Object.keys(state).sort()).toStrictEqual(['facts', 'status']);
    expect(factsOf(state).members).toStrictEqual(
      Object.fromEntries(FAMILY.map((m) => [m.idNumber, { ...m, since: '2019-03-01' }])),
    );
    expect(factsOf(state).assistanceDates).toStrictEqual([]);
    expect(state).toMatchObject({
      status: 'Poor',
      facts: {
        householdId: HOUSEHOLD_ID,
        areaCode: VILLAGE,
        registeredOn: '2019-03-01',
        registeredPoor: true,
        members: Object.fromEntries(FAMILY.map((m) => [m.idNumber, { ...m, since: '2019-03-01' }])),
        assessments: [],
        edge: false,
        monitoring: { kind: 'None' },
        problems: {},
        statusChangedOn: '2019-03-01',
        lastChangeOn: '2019-03-01',
      },
    });
  });

  it('registers a non-poor household as NonPoor', () => {
    const state = stateFrom([ev.registeredNonPoor('2020-01-10')]);
    expect(state.status).toBe('NonPoor');
    expect(factsOf(state).registeredPoor).toBe(false);
  });

  describe('members', () => {
    it('adds a member active since the change date', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredPoor('2019-03-01'),
          ev.memberAdded(otherInput, '2021-05-01', 'MOVED'),
        ]),
      );
      expect(Object.keys(facts.members).sort()).toStrictEqual(
        [HEAD_ID, SPOUSE_ID, CHILD_ID, OTHER_ID].sort(),
      );
      expect(facts.members[OTHER_ID]).toStrictEqual({
        ...recorded(otherInput),
        since: '2021-05-01',
      });
      expect(facts.members[HEAD_ID]!.since).toBe('2019-03-01');
    });

    it('removes a member', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredPoor('2019-03-01'),
          ev.memberRemoved(CHILD_ID, '2021-05-01', 'MOVED'),
        ]),
      );
      expect(Object.keys(facts.members).sort()).toStrictEqual([HEAD_ID, SPOUSE_ID].sort());
      expect(facts.members[HEAD_ID]!.relation).toBe('HEAD');
    });

    it('makes the named member head when the head leaves', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredPoor('2019-03-01'),
          ev.memberRemoved(HEAD_ID, '2021-05-01', 'DEATH', SPOUSE_ID),
        ]),
      );
      expect(facts.members[HEAD_ID]).toBeUndefined();
      expect(facts.members[SPOUSE_ID]).toMatchObject({ relation: 'HEAD', since: '2019-03-01' });
      expect(facts.members[CHILD_ID]!.relation).toBe('CHILD');
      expect(Object.values(facts.members).filter((m) => m.relation === 'HEAD')).toHaveLength(1);
    });
  });

  describe('incomes', () => {
    it('keeps one income per year; a reassessment replaces it', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredPoor('2019-03-01'),
          ev.income(2020, 420_000, '2020-11-01'),
          ev.income(2019, 300_000, '2020-01-05'),
          ev.income(2020, 410_000, '2020-12-01'),
        ]),
      );
      expect([incomeFor(facts, 2019), incomeFor(facts, 2020)]).toStrictEqual([300_000, 410_000]);
      // As known on a date: the reassessment counts only from its own date.
      expect(incomeFor(facts, 2020, '2020-11-30')).toBe(420_000);
      expect(incomeFor(facts, 2020, '2020-10-31')).toBeUndefined();
    });

    it('latestIncome is the income of the latest year, whatever the order of assessment', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredPoor('2019-03-01'),
          ev.income(2021, 500_000, '2021-11-01'),
          ev.income(2020, 900_000, '2021-11-02'),
        ]),
      );
      expect(latestIncome(facts)).toStrictEqual({ year: 2021, fen: 500_000 });
    });

    it('latestIncome is undefined without assessments', () => {
      expect(latestIncome(factsOf(stateFrom([ev.registeredPoor('2019-03-01')])))).toBeUndefined();
    });
  });

  describe('status', () => {
    const exited = [
      ev.registeredPoor('2019-03-01'),
      ev.income(2020, 450_000, '2020-11-01'),
      ev.exited(2020, '2020-12-10'),
    ];

    it('exits with the exit year and status date', () => {
      const state = stateFrom(exited);
      expect(state).toMatchObject({ status: 'Exited', exitYear: 2020 });
      expect(factsOf(state).statusChangedOn).toBe('2020-12-10');
    });

    it('returns to Poor on a return to poverty', () => {
      const state = stateFrom([...exited, ev.returned('2021-08-01')]);
      expect(state.status).toBe('Poor');
      expect(factsOf(state).statusChangedOn).toBe('2021-08-01');
    });

    it('tracks the latest change date even when a later event is back-dated', () => {
      const facts = factsOf(stateFrom([...exited, ev.assistance('2020-06-01')]));
      expect(facts.lastChangeOn).toBe('2020-12-10');
      expect(facts.assistanceDates).toStrictEqual(['2020-06-01']);
    });

    it('keeps every assistance date', () => {
      const facts = factsOf(
        stateFrom([...exited, ev.assistance('2021-06-01'), ev.assistance('2021-03-01')]),
      );
      expect(facts.assistanceDates).toStrictEqual(['2021-06-01', '2021-03-01']);
    });
  });

  describe('edge flag', () => {
    it('is set and cleared with its change date', () => {
      const flagged = stateFrom([ev.registeredNonPoor('2020-01-10'), ev.edgeFlagged('2020-06-01')]);
      expect(factsOf(flagged)).toMatchObject({ edge: true, edgeChangedOn: '2020-06-01' });
      const cleared = evolve(flagged, ev.edgeCleared('2020-12-01'));
      expect(factsOf(cleared)).toMatchObject({ edge: false, edgeChangedOn: '2020-12-01' });
    });
  });

  describe('monitoring', () => {
    const started = [
      ev.registeredNonPoor('2020-01-10'),
      ev.monitoringStarted('EDGE_PRONE', '2021-01-15'),
    ];

    it('starts monitoring with category and start date', () => {
      const facts = factsOf(stateFrom(started));
      expect(facts.monitoring).toStrictEqual({
        kind: 'Monitored',
        category: 'EDGE_PRONE',
        since: '2021-01-15',
      });
      expect(facts.monitoringChangedOn).toBe('2021-01-15');
    });

    it('eliminates the risk, keeping category and start date', () => {
      const facts = factsOf(stateFrom([...started, ev.riskEliminated('2021-08-01')]));
      expect(facts.monitoring).toStrictEqual({
        kind: 'Eliminated',
        category: 'EDGE_PRONE',
        since: '2021-01-15',
        on: '2021-08-01',
      });
      expect(facts.monitoringChangedOn).toBe('2021-08-01');
    });

    it('reopens monitoring with the reopening date as the new start', () => {
      const facts = factsOf(
        stateFrom([...started, ev.riskEliminated('2021-08-01'), ev.reopened('2022-02-01')]),
      );
      expect(facts.monitoring).toStrictEqual({
        kind: 'Monitored',
        category: 'EDGE_PRONE',
        since: '2022-02-01',
      });
      expect(facts.monitoringChangedOn).toBe('2022-02-01');
    });

    it('ignores an elimination or reopening without monitoring', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredNonPoor('2020-01-10'),
          ev.riskEliminated('2021-08-01'),
          ev.reopened('2022-02-01'),
        ]),
      );
      expect(facts.monitoring).toStrictEqual({ kind: 'None' });
      expect(facts.monitoringChangedOn).toBeUndefined();
      expect(facts.lastChangeOn).toBe('2022-02-01');
    });
  });

  describe('problems', () => {
    it('records and rectifies problems by id', () => {
      const facts = factsOf(
        stateFrom([
          ev.registeredPoor('2019-03-01'),
          ev.visit('v-1', '2020-05-10'),
          ev.problem('p-1', 'v-1', '2020-05-10', '2020-06-30'),
          ev.problem('p-2', 'v-1', '2020-05-10', '2020-07-31', '危房未改造', 'HOUSING'),
          ev.rectified('p-1', '2020-06-20'),
          ev.rectified('p-unknown', '2020-06-21'),
        ]),
      );
      expect(facts.problems).toStrictEqual({
        'p-1': {
          category: 'OTHER',
          foundOn: '2020-05-10',
          deadline: '2020-06-30',
          rectifiedOn: '2020-06-20',
        },
        'p-2': { category: 'HOUSING', foundOn: '2020-05-10', deadline: '2020-07-31' },
      });
    });
  });

  describe('deregistration', () => {
    it('ends the edge flag and an open monitoring period, keeping the reason', () => {
      const state = stateFrom([
        ev.registeredNonPoor('2020-01-10'),
        ev.edgeFlagged('2020-06-01'),
        ev.monitoringStarted('EDGE_PRONE', '2020-07-01'),
        ev.deregistered('2021-01-05', 'HOUSEHOLD_GONE'),
      ]);
      expect(state).toMatchObject({ status: 'Deregistered', reason: 'HOUSEHOLD_GONE' });
      expect(factsOf(state)).toMatchObject({
        edge: false,
        edgeChangedOn: '2021-01-05',
        monitoring: { kind: 'None' },
        statusChangedOn: '2021-01-05',
        lastChangeOn: '2021-01-05',
      });
    });

    it('ends an eliminated monitoring record too, as the read models do', () => {
      const state = stateFrom([
        ev.registeredNonPoor('2020-01-10'),
        ev.monitoringStarted('EDGE_PRONE', '2020-07-01'),
        ev.riskEliminated('2021-01-05'),
        ev.deregistered('2021-03-01'),
      ]);
      expect(factsOf(state).monitoring).toStrictEqual({ kind: 'None' });
      expect(factsOf(state).monitoringChangedOn).toBe('2021-03-01');
      expect(factsOf(state).edgeChangedOn).toBeUndefined();
    });
  });
});
