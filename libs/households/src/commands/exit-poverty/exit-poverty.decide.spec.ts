import { describe, expect, it } from '@jest/globals';
import type { BasicNeedsChecklist } from '../../domain/index.js';
import { ALL_MET, ev, given, policyBook } from '../testing.spec-helpers.js';

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

describe('ExitPoverty', () => {
  describe('on a poor household', () => {
    const assessed2020 = (fen: number) => [...poor, ev.income(2020, fen, '2020-11-20')];
    const exit2020 = (checklist: BasicNeedsChecklist = ALL_MET) => ({
      type: 'ExitPoverty' as const,
      year: 2020,
      effectiveDate: '2020-12-10',
      checklist,
    });

    it.each([
      ['exits when the year’s income is above the poverty line and every need is met', 452_000],
      ['exits with income exactly at the poverty line (400000 fen in 2020)', 400_000],
    ])('%s', (_name, fen) => {
      given(assessed2020(fen))
        .when(exit2020())
        .then([ev.exited(2020, '2020-12-10')]);
    });

    it('rejects income one fen below the line → INCOME_BELOW_POVERTY_LINE', () => {
      given(assessed2020(399_999))
        .when(exit2020())
        .thenThrows('INCOME_BELOW_POVERTY_LINE', { incomeFen: 399_999, povertyLineFen: 400_000 });
    });

    it('uses the latest assessment of the exit year (a reassessment replaces the first)', () => {
      given([...assessed2020(452_000), ev.income(2020, 380_000, '2020-12-01')])
        .when(exit2020())
        .thenThrows('INCOME_BELOW_POVERTY_LINE', { incomeFen: 380_000 });
    });

    it('uses the poverty line from the policy book, not a constant', () => {
      given(assessed2020(452_000), { policy: policyBook({ povertyLineFen: 460_000 }) })
        .when(exit2020())
        .thenThrows('INCOME_BELOW_POVERTY_LINE', { povertyLineFen: 460_000 });
    });

    it('rejects when only another year’s income is assessed → INCOME_NOT_ASSESSED', () => {
      given([...poor, ev.income(2019, 900_000, '2019-12-01')])
        .when(exit2020())
        .thenThrows('INCOME_NOT_ASSESSED');
    });

    it('rejects a year different from the exit date’s year → EXIT_YEAR_MISMATCH', () => {
      given(assessed2020(452_000))
        .when({ type: 'ExitPoverty', year: 2020, effectiveDate: '2021-01-05', checklist: ALL_MET })
        .thenThrows('EXIT_YEAR_MISMATCH');
    });

    it('rejects a year without policy → NO_POLICY_FOR_YEAR', () => {
      given([ev.registeredPoor('2018-03-01'), ev.income(2018, 450_000, '2018-11-01')])
        .when({ type: 'ExitPoverty', year: 2018, effectiveDate: '2018-12-01', checklist: ALL_MET })
        .thenThrows('NO_POLICY_FOR_YEAR', { year: 2018 });
    });

    it.each<keyof BasicNeedsChecklist>([
      'foodAndClothing',
      'education',
      'medical',
      'housing',
      'drinkingWater',
    ])('rejects an unmet checklist item %s → CHECKLIST_INCOMPLETE', (item) => {
      const error = given(assessed2020(452_000))
        .when(exit2020({ ...ALL_MET, [item]: false }))
        .thenThrows('CHECKLIST_INCOMPLETE');
      expect(error.details).toStrictEqual({ unmet: [item] });
    });

    it('lists every unmet item', () => {
      given(assessed2020(452_000))
        .when(exit2020({ ...ALL_MET, housing: false, drinkingWater: false }))
        .thenThrows('CHECKLIST_INCOMPLETE', { unmet: ['housing', 'drinkingWater'] });
    });

    it('rejects a date before the household’s last status change → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given([ev.registeredPoor('2020-12-15'), ev.income(2020, 452_000, '2020-12-20')])
        .when(exit2020())
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2020-12-15' });
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given([...poor, ev.income(2026, 900_000, '2026-11-01')])
        .when({ type: 'ExitPoverty', year: 2026, effectiveDate: '2026-11-29', checklist: ALL_MET })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('on an exited household', () => {
    it('cannot exit again → ALREADY_EXITED', () => {
      given([...exited, ev.income(2021, 600_000, '2021-11-01')])
        .when({ type: 'ExitPoverty', year: 2021, effectiveDate: '2021-12-01', checklist: ALL_MET })
        .thenThrows('ALREADY_EXITED');
    });
  });

  describe('after returning to poverty (Poor again)', () => {
    const returned = [...exited, ev.returned('2021-08-01'), ev.income(2022, 700_000, '2022-11-01')];

    it('can exit again in a later year', () => {
      given(returned)
        .when({ type: 'ExitPoverty', year: 2022, effectiveDate: '2022-12-01', checklist: ALL_MET })
        .then([ev.exited(2022, '2022-12-01')]);
    });

    it('cannot exit with a date before the return → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given([...exited, ev.returned('2021-08-01'), ev.income(2021, 700_000, '2021-07-01')])
        .when({ type: 'ExitPoverty', year: 2021, effectiveDate: '2021-07-31', checklist: ALL_MET })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2021-08-01' });
    });
  });

  describe('on a household not registered poor', () => {
    it('cannot exit poverty → NOT_REGISTERED_POOR', () => {
      given([...nonPoor, ev.income(2020, 600_000, '2020-11-01')])
        .when({ type: 'ExitPoverty', year: 2020, effectiveDate: '2020-12-01', checklist: ALL_MET })
        .thenThrows('NOT_REGISTERED_POOR');
    });
  });
});
