import { describe, expect, it } from '@jest/globals';
import {
  ALL_MET,
  ev,
  given,
  otherInput,
  OTHER_ID,
  recorded,
  registerCommand,
  stateFrom,
  headInput,
} from './testing.spec-helpers.js';

/**
 * Decisions are judged on what was known on their effective date, and a person's memberships
 * never overlap in time, so back-dated entries cannot inflate or flatter the figures.
 */
describe('a person joins a household only after leaving the previous one', () => {
  const leftOn = new Map([[OTHER_ID, '2020-06-01']]);

  it('rejects a registration dated before the person left another household → DATE_BEFORE_PREVIOUS_CHANGE', () => {
    given([], { membershipEnds: leftOn })
      .when(registerCommand({ effectiveDate: '2020-05-31', members: [headInput, otherInput] }))
      .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2020-06-01' });
  });

  it('accepts a registration on the day the person left', () => {
    given([], { membershipEnds: leftOn })
      .when(registerCommand({ effectiveDate: '2020-06-01', members: [headInput, otherInput] }))
      .then([expectRegistered('2020-06-01')]);
  });

  it('rejects re-adding a removed member with a date before the removal → DATE_BEFORE_PREVIOUS_CHANGE', () => {
    given([ev.registeredPoor('2019-03-01')], { membershipEnds: leftOn })
      .when({ type: 'AddMember', member: otherInput, reason: 'MOVED', effectiveDate: '2020-01-01' })
      .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2020-06-01' });
  });
});

describe('income is taken as it was assessed on the decision date', () => {
  const monitored = [
    ev.registeredNonPoor('2019-03-01'),
    ev.income(2019, 600_000, '2019-12-20'),
    ev.monitoringStarted('SUDDEN_HARDSHIP', '2020-01-01'),
    ev.assistance('2020-02-01'),
    ev.income(2020, 300_000, '2020-07-10'),
    ev.income(2020, 490_000, '2020-09-01'),
  ];

  it('does not fall back to an older year when that year was reassessed later → INCOME_BELOW_MONITORING_LINE', () => {
    given(monitored)
      .when({ type: 'EliminateRisk', effectiveDate: '2020-08-01' })
      .thenThrows('INCOME_BELOW_MONITORING_LINE', { incomeFen: 300_000 });
  });

  const assessedTwice = [
    ev.registeredPoor('2019-03-01'),
    ev.income(2020, 350_000, '2020-11-01'),
    ev.income(2020, 450_000, '2020-12-15'),
  ];

  it('judges an exit before the reassessment on the earlier assessment → INCOME_BELOW_POVERTY_LINE', () => {
    given(assessedTwice)
      .when({ type: 'ExitPoverty', year: 2020, effectiveDate: '2020-12-10', checklist: ALL_MET })
      .thenThrows('INCOME_BELOW_POVERTY_LINE', { incomeFen: 350_000 });
  });

  it('accepts the exit once the reassessment is in force', () => {
    given(assessedTwice)
      .when({ type: 'ExitPoverty', year: 2020, effectiveDate: '2020-12-20', checklist: ALL_MET })
      .then([ev.exited(2020, '2020-12-20')]);
  });
});

function expectRegistered(on: string) {
  return ev.registered({
    effectiveDate: on,
    members: [headInput, otherInput].map(recorded),
  });
}

describe('monitoring keeps fitting the household status', () => {
  const exitedAndMonitored = [
    ev.registeredPoor('2019-03-01'),
    ev.income(2020, 450_000, '2020-11-01'),
    ev.exited(2020, '2020-12-10'),
    ev.monitoringStarted('UNSTABLE_EXITED', '2021-03-01'),
  ];

  it('a return to poverty ends monitoring as an unstable exited household', () => {
    const state = stateFrom([...exitedAndMonitored, ev.returned('2021-06-01')]);
    expect(state.status).toBe('Poor');
    if (state.status !== 'Poor') return;
    expect(state.facts.monitoring).toStrictEqual({ kind: 'None' });
    expect(state.facts.monitoringChangedOn).toBe('2021-06-01');
  });

  it('rejects a return dated before that monitoring began → DATE_BEFORE_PREVIOUS_CHANGE', () => {
    given(exitedAndMonitored)
      .when({ type: 'ReturnToPoverty', effectiveDate: '2021-02-01', reason: '因病返贫' })
      .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2021-03-01' });
  });

  it('keeps sudden-hardship monitoring through a return to poverty', () => {
    const state = stateFrom([
      ...exitedAndMonitored.slice(0, 3),
      ev.monitoringStarted('SUDDEN_HARDSHIP', '2021-03-01'),
      ev.returned('2021-06-01'),
    ]);
    if (state.status === 'Unregistered') throw new Error('registered expected');
    expect(state.facts.monitoring).toMatchObject({
      kind: 'Monitored',
      category: 'SUDDEN_HARDSHIP',
    });
  });

  it('accepts sudden-hardship monitoring dated before the last status change', () => {
    given(exitedAndMonitored.slice(0, 3))
      .when({
        type: 'StartMonitoring',
        category: 'SUDDEN_HARDSHIP',
        riskFactors: ['DISASTER'],
        effectiveDate: '2020-08-01',
      })
      .then([ev.monitoringStarted('SUDDEN_HARDSHIP', '2020-08-01', ['DISASTER'])]);
  });
});
