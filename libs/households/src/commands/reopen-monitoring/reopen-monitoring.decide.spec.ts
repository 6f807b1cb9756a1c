import { describe, it } from '@jest/globals';
import { ev, given, itDecides, itRejects } from '../testing.spec-helpers.js';

/** Non-poor household registered 2020-01-10 (head and spouse have FULL labour). */
const nonPoor = [ev.registeredNonPoor('2020-01-10')];
const monitored = [...nonPoor, ev.monitoringStarted('EDGE_PRONE', '2021-01-15')];
/** Monitored since 2021-01-15, assisted 2021-03-01, 2021 income 6500 yuan (2021 line: 6000). */
const eliminable = [
  ...monitored,
  ev.assistance('2021-03-01'),
  ev.income(2021, 650_000, '2021-03-10'),
];
const eliminated = [...eliminable, ev.riskEliminated('2021-08-01')];

const reopen = (effectiveDate: string, reason = '风险反弹') =>
  ({ type: 'ReopenMonitoring', effectiveDate, reason }) as const;

describe('ReopenMonitoring', () => {
  describe('on a risk-eliminated household', () => {
    itDecides(eliminated, [
      [
        'reopens monitoring, trimming the reason',
        reopen('2022-02-01', ' 风险反弹 '),
        [ev.reopened('2022-02-01', '风险反弹')],
      ],
      [
        'accepts the elimination date itself',
        reopen('2021-08-01', '核实有误'),
        [ev.reopened('2021-08-01', '核实有误')],
      ],
    ]);

    itRejects(eliminated, [
      [
        'rejects a date before the elimination → DATE_BEFORE_PREVIOUS_CHANGE',
        reopen('2021-07-31'),
        'DATE_BEFORE_PREVIOUS_CHANGE',
        { earliest: '2021-08-01' },
      ],
      ['rejects a blank reason → INVALID_INPUT', reopen('2022-02-01', ''), 'INVALID_INPUT'],
      ['rejects a future date → FUTURE_DATE', reopen('2026-11-29'), 'FUTURE_DATE'],
    ]);

    it.each([
      ['still monitored', eliminable],
      ['never monitored', nonPoor],
    ])('rejects a household %s → NOT_RISK_ELIMINATED', (_label, events) => {
      given(events).when(reopen('2022-02-01')).thenThrows('NOT_RISK_ELIMINATED');
    });
  });
});
