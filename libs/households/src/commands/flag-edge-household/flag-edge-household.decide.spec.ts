import { describe, it } from '@jest/globals';
import { dateCases, ev, given, itDecides, itRejects } from '../testing.spec-helpers.js';

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
/** …and flagged as an edge household on 2020-06-01. */
const edge = [...nonPoor, ev.edgeFlagged('2020-06-01')];

const flag = (effectiveDate: string, reason?: string) =>
  ({ type: 'FlagEdgeHousehold', effectiveDate, ...(reason !== undefined && { reason }) }) as const;

describe('FlagEdgeHousehold', () => {
  describe('on a poor household', () => {
    itRejects(poor, [
      [
        'cannot be flagged as an edge household → EDGE_REQUIRES_NON_POOR',
        { type: 'FlagEdgeHousehold', effectiveDate: '2021-03-01' },
        'EDGE_REQUIRES_NON_POOR',
      ],
    ]);
  });

  describe('on an exited household', () => {
    it('cannot be flagged as an edge household (it is registered poor) → EDGE_REQUIRES_NON_POOR', () => {
      given(exited)
        .when({ type: 'FlagEdgeHousehold', effectiveDate: '2021-03-01' })
        .thenThrows('EDGE_REQUIRES_NON_POOR');
    });
  });

  describe('on a household not registered poor', () => {
    itDecides(nonPoor, [
      [
        'flags the household as an edge household, with a reason',
        flag('2020-06-01', '收入略高于贫困线'),
        [ev.edgeFlagged('2020-06-01', '收入略高于贫困线')],
      ],
      [
        'flags without a reason (no reason key in the event)',
        flag('2020-01-10'),
        [{ type: 'EdgeHouseholdFlagged', data: { effectiveDate: '2020-01-10' } }],
      ],
    ]);

    itRejects(nonPoor, dateCases(flag, '2020-01-09', '2020-01-10'));
  });

  describe('on an edge household', () => {
    itRejects(edge, [
      ['cannot be flagged twice → ALREADY_EDGE', flag('2020-09-01'), 'ALREADY_EDGE'],
    ]);

    describe('after the flag was cleared', () => {
      const cleared = [...edge, ev.edgeCleared('2020-12-01')];

      it('can be flagged again', () => {
        given(cleared)
          .when(flag('2021-05-01'))
          .then([ev.edgeFlagged('2021-05-01')]);
      });

      it('cannot be re-flagged before the clearing → DATE_BEFORE_PREVIOUS_CHANGE', () => {
        given(cleared)
          .when(flag('2020-11-30'))
          .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2020-12-01' });
      });
    });
  });
});
