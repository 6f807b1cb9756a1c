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

describe('RecordIncomeAssessment', () => {
  describe('on a poor household', () => {
    const assess = (year: number, perCapitaNetIncomeFen: number, effectiveDate: string) =>
      ({ type: 'RecordIncomeAssessment', year, perCapitaNetIncomeFen, effectiveDate }) as const;

    itDecides(poor, [
      [
        'records the per-capita net income of a year',
        assess(2020, 452_000, '2020-11-20'),
        [ev.income(2020, 452_000, '2020-11-20')],
      ],
      [
        'accepts a zero income and an assessment of an earlier year',
        assess(2019, 0, '2020-01-15'),
        [ev.income(2019, 0, '2020-01-15')],
      ],
    ]);

    itRejects(poor, [
      [
        'rejects a negative income → NEGATIVE_AMOUNT',
        assess(2020, -1, '2020-11-20'),
        'NEGATIVE_AMOUNT',
      ],
      [
        'rejects fractional fen → INVALID_INPUT',
        assess(2020, 4000.5, '2020-11-20'),
        'INVALID_INPUT',
      ],
      [
        'rejects a year without policy → NO_POLICY_FOR_YEAR',
        assess(2018, 300_000, '2020-11-20'),
        'NO_POLICY_FOR_YEAR',
        { year: 2018 },
      ],
      [
        'rejects a year after the assessment date → INVALID_YEAR',
        assess(2021, 500_000, '2020-12-31'),
        'INVALID_YEAR',
      ],
      [
        'rejects a date before registration → DATE_BEFORE_PREVIOUS_CHANGE',
        assess(2019, 300_000, '2019-02-28'),
        'DATE_BEFORE_PREVIOUS_CHANGE',
      ],
      ['rejects a future date → FUTURE_DATE', assess(2026, 900_000, '2026-11-29'), 'FUTURE_DATE'],
    ]);
  });

  describe('on an exited household', () => {
    it('still takes income assessments', () => {
      given(exited)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2021,
          perCapitaNetIncomeFen: 610_000,
          effectiveDate: '2021-11-30',
        })
        .then([ev.income(2021, 610_000, '2021-11-30')]);
    });
  });
});
