import { describe, it } from '@jest/globals';
import {
  ALL_MET,
  dateCases,
  ev,
  given,
  itDecides,
  itRejects,
  registerCommand,
} from './testing.spec-helpers.js';

/** Registered as not poor (only watched) on 2020-01-10. */
const nonPoor = [ev.registeredNonPoor('2020-01-10')];
/** …and flagged as an edge household on 2020-06-01. */
const edge = [...nonPoor, ev.edgeFlagged('2020-06-01')];

const flag = (effectiveDate: string, reason?: string) =>
  ({ type: 'FlagEdgeHousehold', effectiveDate, ...(reason !== undefined && { reason }) }) as const;
const clear = (effectiveDate: string, reason?: string) =>
  ({ type: 'ClearEdgeHousehold', effectiveDate, ...(reason !== undefined && { reason }) }) as const;

describe('NonPoor household', () => {
  it('cannot be registered again → HOUSEHOLD_ALREADY_REGISTERED', () => {
    given(nonPoor).when(registerCommand()).thenThrows('HOUSEHOLD_ALREADY_REGISTERED');
  });

  it('cannot exit poverty → NOT_REGISTERED_POOR', () => {
    given([...nonPoor, ev.income(2020, 600_000, '2020-11-01')])
      .when({ type: 'ExitPoverty', year: 2020, effectiveDate: '2020-12-01', checklist: ALL_MET })
      .thenThrows('NOT_REGISTERED_POOR');
  });

  it('cannot return to poverty → NOT_EXITED', () => {
    given(nonPoor)
      .when({ type: 'ReturnToPoverty', effectiveDate: '2020-12-01', reason: '因灾' })
      .thenThrows('NOT_EXITED');
  });

  describe('FlagEdgeHousehold', () => {
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

  it('has no edge flag to clear → NOT_EDGE', () => {
    given(nonPoor).when(clear('2020-06-01')).thenThrows('NOT_EDGE');
  });

  describe('StartMonitoring', () => {
    it('starts EDGE_PRONE monitoring, de-duplicating risk factors', () => {
      given(nonPoor)
        .when({
          type: 'StartMonitoring',
          category: 'EDGE_PRONE',
          riskFactors: ['DISASTER', 'ILLNESS', 'DISASTER'],
          effectiveDate: '2020-07-01',
        })
        .then([ev.monitoringStarted('EDGE_PRONE', '2020-07-01', ['DISASTER', 'ILLNESS'])]);
    });

    it('rejects UNSTABLE_EXITED (only for exited households) → MONITORING_CATEGORY_MISMATCH', () => {
      given(nonPoor)
        .when({
          type: 'StartMonitoring',
          category: 'UNSTABLE_EXITED',
          riskFactors: ['ILLNESS'],
          effectiveDate: '2020-07-01',
        })
        .thenThrows('MONITORING_CATEGORY_MISMATCH');
    });
  });

  describe('edge household', () => {
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
      ['cannot be flagged twice → ALREADY_EDGE', flag('2020-09-01'), 'ALREADY_EDGE'],
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
