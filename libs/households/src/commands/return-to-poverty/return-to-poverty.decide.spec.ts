import { describe, it } from '@jest/globals';
import { ev, given, itDecides, itRejects } from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];
/** Registered poor in 2019, income 2020 above the line, exited on 2020-12-10. */
const exited = [
  ev.registeredPoor('2019-03-01'),
  ev.income(2020, 452_000, '2020-11-20'),
  ev.exited(2020, '2020-12-10'),
];
/** Registered as not poor (only watched) on 2020-01-10. */
const nonPoor = [ev.registeredNonPoor('2020-01-10')];

const returnToPoverty = (effectiveDate: string, reason = '因病返贫') =>
  ({ type: 'ReturnToPoverty', effectiveDate, reason }) as const;

describe('ReturnToPoverty', () => {
  describe('on a poor household', () => {
    itRejects(poor, [
      [
        'cannot return to poverty → NOT_EXITED',
        { type: 'ReturnToPoverty', effectiveDate: '2021-03-01', reason: '因病' },
        'NOT_EXITED',
      ],
    ]);
  });

  describe('on an exited household', () => {
    itDecides(exited, [
      [
        'returns to poverty with the reason trimmed',
        returnToPoverty('2021-08-01', ' 因病返贫 '),
        [ev.returned('2021-08-01', '因病返贫')],
      ],
      [
        'accepts the exit date itself',
        returnToPoverty('2020-12-10', '核实有误'),
        [ev.returned('2020-12-10', '核实有误')],
      ],
    ]);

    itRejects(exited, [
      [
        'rejects a date before the exit → DATE_BEFORE_PREVIOUS_CHANGE',
        returnToPoverty('2020-12-09'),
        'DATE_BEFORE_PREVIOUS_CHANGE',
        { earliest: '2020-12-10' },
      ],
      [
        'rejects a blank reason → INVALID_INPUT',
        returnToPoverty('2021-08-01', '   '),
        'INVALID_INPUT',
      ],
      ['rejects a future date → FUTURE_DATE', returnToPoverty('2026-11-29'), 'FUTURE_DATE'],
    ]);
  });

  describe('after returning to poverty (Poor again)', () => {
    const returned = [...exited, ev.returned('2021-08-01'), ev.income(2022, 700_000, '2022-11-01')];

    it('cannot return again → NOT_EXITED', () => {
      given(returned).when(returnToPoverty('2022-01-01', '再次返贫')).thenThrows('NOT_EXITED');
    });
  });

  describe('on a household not registered poor', () => {
    it('cannot return to poverty → NOT_EXITED', () => {
      given(nonPoor)
        .when({ type: 'ReturnToPoverty', effectiveDate: '2020-12-01', reason: '因灾' })
        .thenThrows('NOT_EXITED');
    });
  });
});
