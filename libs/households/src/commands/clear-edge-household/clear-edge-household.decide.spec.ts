import { describe, it } from '@jest/globals';
import { ev, given, itDecides, itRejects } from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];
/** Registered as not poor (only watched) on 2020-01-10. */
const nonPoor = [ev.registeredNonPoor('2020-01-10')];
/** …and flagged as an edge household on 2020-06-01. */
const edge = [...nonPoor, ev.edgeFlagged('2020-06-01')];

const clear = (effectiveDate: string, reason?: string) =>
  ({ type: 'ClearEdgeHousehold', effectiveDate, ...(reason !== undefined && { reason }) }) as const;

describe('ClearEdgeHousehold', () => {
  describe('on a poor household', () => {
    itRejects(poor, [
      [
        'has no edge flag to clear → NOT_EDGE',
        { type: 'ClearEdgeHousehold', effectiveDate: '2021-03-01' },
        'NOT_EDGE',
      ],
    ]);
  });

  describe('on a household not registered poor', () => {
    it('has no edge flag to clear → NOT_EDGE', () => {
      given(nonPoor).when(clear('2020-06-01')).thenThrows('NOT_EDGE');
    });
  });

  describe('on an edge household', () => {
    itDecides(edge, [
      [
        'is cleared, with a reason',
        clear('2020-12-01', '收入稳定'),
        [ev.edgeCleared('2020-12-01', '收入稳定')],
      ],
      [
        'is cleared on the day it was flagged, without a reason',
        clear('2020-06-01'),
        [ev.edgeCleared('2020-06-01')],
      ],
    ]);

    itRejects(edge, [
      [
        'cannot be cleared before it was flagged → DATE_BEFORE_PREVIOUS_CHANGE',
        clear('2020-05-31'),
        'DATE_BEFORE_PREVIOUS_CHANGE',
        { earliest: '2020-06-01' },
      ],
      ['cannot be cleared in the future → FUTURE_DATE', clear('2026-11-29'), 'FUTURE_DATE'],
    ]);

    describe('after the flag was cleared', () => {
      const cleared = [...edge, ev.edgeCleared('2020-12-01')];

      it('cannot be cleared again → NOT_EDGE', () => {
        given(cleared).when(clear('2021-01-01')).thenThrows('NOT_EDGE');
      });
    });
  });
});
