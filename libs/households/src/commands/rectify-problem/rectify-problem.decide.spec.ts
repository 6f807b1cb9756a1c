import { describe, it } from '@jest/globals';
import { commandOf, ev, given, itDecides, itRejects } from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];

describe('RectifyProblem', () => {
  describe('on a poor household', () => {
    const withProblem = [
      ...poor,
      ev.visit('v-1', '2020-05-10'),
      ev.problem('p-1', 'v-1', '2020-05-10', '2020-06-30'),
    ];
    const rectify = commandOf('RectifyProblem', {
      problemId: 'p-1',
      date: '2020-06-20',
      measures: '已改造',
    });

    itDecides(withProblem, [
      [
        'rectifies an open problem, trimming the measures',
        rectify({ measures: ' 已改造 ' }),
        [ev.rectified('p-1', '2020-06-20', '已改造')],
      ],
      [
        'rectifies an overdue problem after its deadline',
        rectify({ date: '2020-08-01' }),
        [ev.rectified('p-1', '2020-08-01', '已改造')],
      ],
    ]);

    itRejects(withProblem, [
      [
        'rejects an unknown problem → PROBLEM_NOT_FOUND',
        rectify({ problemId: 'p-2' }),
        'PROBLEM_NOT_FOUND',
      ],
      [
        'rejects a date before the problem was found → DATE_BEFORE_PREVIOUS_CHANGE',
        rectify({ date: '2020-05-09' }),
        'DATE_BEFORE_PREVIOUS_CHANGE',
        { earliest: '2020-05-10' },
      ],
      ['rejects blank measures → INVALID_INPUT', rectify({ measures: '' }), 'INVALID_INPUT'],
      ['rejects a future date → FUTURE_DATE', rectify({ date: '2026-11-29' }), 'FUTURE_DATE'],
    ]);

    it('rejects a problem already rectified → PROBLEM_ALREADY_RECTIFIED', () => {
      given([...withProblem, ev.rectified('p-1', '2020-06-01')])
        .when(rectify({ measures: '再次整改' }))
        .thenThrows('PROBLEM_ALREADY_RECTIFIED');
    });
  });
});
