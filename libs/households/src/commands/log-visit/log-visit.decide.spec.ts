import { describe, it } from '@jest/globals';
import { commandOf, dateCases, ev, given, itRejects } from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];

describe('LogVisit', () => {
  describe('on a poor household', () => {
    const logVisit = commandOf('LogVisit', {
      date: '2020-05-10',
      cadre: '赵干部',
      purpose: 'ROUTINE',
    });
    const reviewFinding = (description: string, deadline: string) =>
      logVisit({ purpose: 'REVIEW', problems: [{ description, deadline }] });

    it('logs a plain visit with a generated id and the cadre’s name trimmed', () => {
      given(poor)
        .when(logVisit({ cadre: ' 赵干部 ' }))
        .then([ev.visit('id-1', '2020-05-10')]);
    });

    it('logs a visit with notes, an income check and problems (VisitLogged + ProblemRecorded)', () => {
      given(poor)
        .when(
          logVisit({
            purpose: 'REVIEW',
            notes: '回头看',
            perCapitaIncomeCheckFen: 410_000,
            problems: [
              { description: ' 危房未改造 ', deadline: '2020-06-30' },
              { description: '饮水不安全', deadline: '2020-05-10' },
            ],
          }),
        )
        .then([
          ev.visit('id-1', '2020-05-10', {
            purpose: 'REVIEW',
            notes: '回头看',
            perCapitaIncomeCheckFen: 410_000,
          }),
          ev.problem('id-2', 'id-1', '2020-05-10', '2020-06-30', '危房未改造'),
          ev.problem('id-3', 'id-1', '2020-05-10', '2020-05-10', '饮水不安全'),
        ]);
    });

    it('records a problem as category OTHER while the input has no category', () => {
      given(poor)
        .when(reviewFinding('饮水不安全', '2020-06-30'))
        .then([
          ev.visit('id-1', '2020-05-10', { purpose: 'REVIEW' }),
          {
            type: 'ProblemRecorded',
            data: {
              problemId: 'id-2',
              visitId: 'id-1',
              category: 'OTHER',
              description: '饮水不安全',
              effectiveDate: '2020-05-10',
              deadline: '2020-06-30',
            },
          },
        ]);
    });

    itRejects(poor, [
      [
        'rejects a problem deadline before the visit date → INVALID_INPUT',
        reviewFinding('危房未改造', '2020-05-09'),
        'INVALID_INPUT',
      ],
      [
        'rejects an impossible problem deadline → INVALID_INPUT',
        reviewFinding('危房未改造', '2020-06-31'),
        'INVALID_INPUT',
      ],
      [
        'rejects a blank problem description → INVALID_INPUT',
        reviewFinding('  ', '2020-06-30'),
        'INVALID_INPUT',
      ],
      ['rejects a blank cadre → INVALID_INPUT', logVisit({ cadre: ' ' }), 'INVALID_INPUT'],
      [
        'rejects an unknown purpose → INVALID_INPUT',
        logVisit({ purpose: 'PARTY' as never }),
        'INVALID_INPUT',
      ],
      [
        'rejects a negative income check → NEGATIVE_AMOUNT',
        logVisit({ purpose: 'VERIFICATION', perCapitaIncomeCheckFen: -1 }),
        'NEGATIVE_AMOUNT',
      ],
      ...dateCases((date) => logVisit({ date }), '2019-02-28'),
    ]);
  });
});
