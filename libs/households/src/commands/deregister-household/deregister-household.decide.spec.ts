import { describe, it } from '@jest/globals';
import { commandOf, ev, given, itRejects } from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];
/** Registered poor in 2019, income 2020 above the line, exited on 2020-12-10. */
const exited = [
  ev.registeredPoor('2019-03-01'),
  ev.income(2020, 452_000, '2020-11-20'),
  ev.exited(2020, '2020-12-10'),
];
/** Registered as not poor on 2020-01-10, flagged as an edge household on 2020-06-01. */
const edge = [ev.registeredNonPoor('2020-01-10'), ev.edgeFlagged('2020-06-01')];

describe('DeregisterHousehold', () => {
  describe('on a poor household', () => {
    const deregister = commandOf('DeregisterHousehold', {
      effectiveDate: '2021-06-01',
      reason: 'OTHER',
    });

    it('deregisters with a note', () => {
      given(poor)
        .when(
          deregister({ effectiveDate: '2020-04-01', reason: 'WRONGLY_REGISTERED', note: '错评' }),
        )
        .then([ev.deregistered('2020-04-01', 'WRONGLY_REGISTERED', '错评')]);
    });

    it('deregisters without a note on the day of the last change', () => {
      given([...poor, ev.assistance('2021-06-01')])
        .when(deregister({ reason: 'HOUSEHOLD_GONE' }))
        .then([ev.deregistered('2021-06-01', 'HOUSEHOLD_GONE')]);
    });

    it('rejects a date before the latest recorded change → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given([...poor, ev.assistance('2021-06-01'), ev.income(2020, 300_000, '2021-01-10')])
        .when(deregister({ effectiveDate: '2021-05-31' }))
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2021-06-01' });
    });

    itRejects(poor, [
      [
        'rejects an unknown reason → INVALID_INPUT',
        deregister({ reason: 'BORED' as never }),
        'INVALID_INPUT',
      ],
      [
        'rejects a future date → FUTURE_DATE',
        deregister({ effectiveDate: '2026-11-29' }),
        'FUTURE_DATE',
      ],
    ]);
  });

  describe('on an exited household', () => {
    it('can be deregistered', () => {
      given(exited)
        .when({
          type: 'DeregisterHousehold',
          effectiveDate: '2021-01-01',
          reason: 'HOUSEHOLD_GONE',
        })
        .then([ev.deregistered('2021-01-01', 'HOUSEHOLD_GONE')]);
    });
  });

  describe('on an edge household', () => {
    it('can be deregistered', () => {
      given(edge)
        .when({
          type: 'DeregisterHousehold',
          effectiveDate: '2021-01-01',
          reason: 'OTHER',
          note: '迁出',
        })
        .then([ev.deregistered('2021-01-01', 'OTHER', '迁出')]);
    });
  });
});
