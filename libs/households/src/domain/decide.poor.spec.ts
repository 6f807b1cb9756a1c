import { describe, expect, it } from '@jest/globals';
import type { BasicNeedsChecklist } from './events.js';
import {
  ALL_MET,
  CHILD_ID,
  HEAD_ID,
  HOUSEHOLD_ID,
  NEWBORN_ID,
  OTHER_ID,
  SPOUSE_ID,
  childInput,
  ev,
  given,
  headInput,
  newbornInput,
  otherInput,
  policyBook,
  recorded,
  registerCommand,
  residentId,
  withWrongCheckChar,
} from './testing.spec-helpers.js';
import type { MemberChangeReason } from './vocabulary.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];

describe('Poor household (registered poor, not exited)', () => {
  it('cannot be registered again → HOUSEHOLD_ALREADY_REGISTERED', () => {
    given(poor).when(registerCommand()).thenThrows('HOUSEHOLD_ALREADY_REGISTERED');
  });

  describe('AddMember', () => {
    it('adds a newborn, taking sex and birth date from the resident ID', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: { ...newbornInput, name: ' 李小花 ', health: 'HEALTHY' },
          reason: 'BIRTH',
          effectiveDate: '2021-05-01',
        })
        .then([
          {
            type: 'MemberAdded',
            data: {
              member: {
                name: '李小花',
                idNumber: NEWBORN_ID,
                relation: 'CHILD',
                sex: 'FEMALE',
                birthDate: '2021-04-20',
                health: 'HEALTHY',
              },
              reason: 'BIRTH',
              effectiveDate: '2021-05-01',
            },
          },
        ]);
    });

    it.each<MemberChangeReason>(['BIRTH', 'MARRIAGE_IN', 'MOVED', 'SPLIT', 'CORRECTION'])(
      'accepts the add reason %s',
      (reason) => {
        given(poor)
          .when({ type: 'AddMember', member: otherInput, reason, effectiveDate: '2021-05-01' })
          .then([
            {
              type: 'MemberAdded',
              data: { member: recorded(otherInput), reason, effectiveDate: '2021-05-01' },
            },
          ]);
      },
    );

    it.each<MemberChangeReason>(['DEATH', 'MARRIAGE_OUT'])(
      'rejects the remove-only reason %s → INVALID_MEMBER_CHANGE_REASON',
      (reason) => {
        given(poor)
          .when({ type: 'AddMember', member: otherInput, reason, effectiveDate: '2021-05-01' })
          .thenThrows('INVALID_MEMBER_CHANGE_REASON');
      },
    );

    it('rejects a person who is already a member → DUPLICATE_MEMBER', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: { ...childInput, name: '李明明' },
          reason: 'CORRECTION',
          effectiveDate: '2021-05-01',
        })
        .thenThrows('DUPLICATE_MEMBER');
    });

    it('rejects a second head → MULTIPLE_HEADS', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: { ...otherInput, relation: 'HEAD' },
          reason: 'MOVED',
          effectiveDate: '2021-05-01',
        })
        .thenThrows('MULTIPLE_HEADS');
    });

    it('rejects a person active in another household → MEMBER_IN_OTHER_HOUSEHOLD', () => {
      given(poor, { memberships: new Map([[OTHER_ID, 'hh-9']]) })
        .when({
          type: 'AddMember',
          member: otherInput,
          reason: 'MOVED',
          effectiveDate: '2021-05-01',
        })
        .thenThrows('MEMBER_IN_OTHER_HOUSEHOLD', { idNumber: OTHER_ID, householdId: 'hh-9' });
    });

    it('accepts a person the member index already lists in this household', () => {
      given(poor, { memberships: new Map([[OTHER_ID, HOUSEHOLD_ID]]) })
        .when({
          type: 'AddMember',
          member: otherInput,
          reason: 'CORRECTION',
          effectiveDate: '2021-05-01',
        })
        .then([
          {
            type: 'MemberAdded',
            data: {
              member: recorded(otherInput),
              reason: 'CORRECTION',
              effectiveDate: '2021-05-01',
            },
          },
        ]);
    });

    it('re-adds a member who was removed earlier', () => {
      given([...poor, ev.memberRemoved(CHILD_ID, '2020-09-01', 'MOVED')])
        .when({
          type: 'AddMember',
          member: childInput,
          reason: 'MOVED',
          effectiveDate: '2021-02-01',
        })
        .then([
          {
            type: 'MemberAdded',
            data: { member: recorded(childInput), reason: 'MOVED', effectiveDate: '2021-02-01' },
          },
        ]);
    });

    it('rejects an invalid resident ID → INVALID_RESIDENT_ID', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: { ...otherInput, idNumber: withWrongCheckChar(OTHER_ID) },
          reason: 'MOVED',
          effectiveDate: '2021-05-01',
        })
        .thenThrows('INVALID_RESIDENT_ID', { problem: 'CHECK_DIGIT' });
    });

    it('rejects an impossible birth date in the ID → INVALID_RESIDENT_ID', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: { ...otherInput, idNumber: residentId('19990231', '053') },
          reason: 'MOVED',
          effectiveDate: '2021-05-01',
        })
        .thenThrows('INVALID_RESIDENT_ID', { problem: 'BIRTH_DATE' });
    });

    it('rejects a sex that contradicts the ID → RESIDENT_ID_SEX_MISMATCH', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: { ...newbornInput, sex: 'MALE' },
          reason: 'BIRTH',
          effectiveDate: '2021-05-01',
        })
        .thenThrows('RESIDENT_ID_SEX_MISMATCH');
    });

    it('rejects a birth effective before the birth date in the ID → INVALID_RESIDENT_ID', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: newbornInput,
          reason: 'BIRTH',
          effectiveDate: '2021-04-19',
        })
        .thenThrows('INVALID_RESIDENT_ID');
    });

    it('rejects a date before registration → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: otherInput,
          reason: 'MOVED',
          effectiveDate: '2019-02-28',
        })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2019-03-01' });
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(poor)
        .when({
          type: 'AddMember',
          member: otherInput,
          reason: 'MOVED',
          effectiveDate: '2026-11-29',
        })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('RemoveMember', () => {
    it('removes a member who is not the head', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: SPOUSE_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
        })
        .then([
          {
            type: 'MemberRemoved',
            data: { idNumber: SPOUSE_ID, reason: 'DEATH', effectiveDate: '2021-03-01' },
          },
        ]);
    });

    it.each<MemberChangeReason>(['DEATH', 'MARRIAGE_OUT', 'MOVED', 'SPLIT', 'CORRECTION'])(
      'accepts the remove reason %s',
      (reason) => {
        given(poor)
          .when({ type: 'RemoveMember', idNumber: CHILD_ID, reason, effectiveDate: '2021-03-01' })
          .then([
            {
              type: 'MemberRemoved',
              data: { idNumber: CHILD_ID, reason, effectiveDate: '2021-03-01' },
            },
          ]);
      },
    );

    it.each<MemberChangeReason>(['BIRTH', 'MARRIAGE_IN'])(
      'rejects the add-only reason %s → INVALID_MEMBER_CHANGE_REASON',
      (reason) => {
        given(poor)
          .when({ type: 'RemoveMember', idNumber: CHILD_ID, reason, effectiveDate: '2021-03-01' })
          .thenThrows('INVALID_MEMBER_CHANGE_REASON');
      },
    );

    it('rejects a person who is not a member → MEMBER_NOT_FOUND', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: OTHER_ID,
          reason: 'MOVED',
          effectiveDate: '2021-03-01',
        })
        .thenThrows('MEMBER_NOT_FOUND');
    });

    it('rejects a member who was already removed → MEMBER_NOT_FOUND', () => {
      given([...poor, ev.memberRemoved(CHILD_ID, '2020-09-01', 'MOVED')])
        .when({
          type: 'RemoveMember',
          idNumber: CHILD_ID,
          reason: 'MOVED',
          effectiveDate: '2021-03-01',
        })
        .thenThrows('MEMBER_NOT_FOUND');
    });

    it('removes the head when a remaining member is named new head', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: HEAD_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
          newHeadIdNumber: SPOUSE_ID,
        })
        .then([
          {
            type: 'MemberRemoved',
            data: {
              idNumber: HEAD_ID,
              reason: 'DEATH',
              effectiveDate: '2021-03-01',
              newHeadIdNumber: SPOUSE_ID,
            },
          },
        ]);
    });

    it('rejects removing the head without a new head → HEAD_REQUIRED', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: HEAD_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
        })
        .thenThrows('HEAD_REQUIRED');
    });

    it('rejects the leaving head as the new head → HEAD_REQUIRED', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: HEAD_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
          newHeadIdNumber: HEAD_ID,
        })
        .thenThrows('HEAD_REQUIRED');
    });

    it('rejects a new head who is not a member → HEAD_REQUIRED', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: HEAD_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
          newHeadIdNumber: OTHER_ID,
        })
        .thenThrows('HEAD_REQUIRED');
    });

    it('rejects a new head when the leaving member is not the head → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: CHILD_ID,
          reason: 'MOVED',
          effectiveDate: '2021-03-01',
          newHeadIdNumber: SPOUSE_ID,
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects removing the last member → LAST_MEMBER', () => {
      given([ev.registeredPoor('2019-03-01', [recorded(headInput)])])
        .when({
          type: 'RemoveMember',
          idNumber: HEAD_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
        })
        .thenThrows('LAST_MEMBER');
    });

    it('rejects removing the last remaining member after others left → LAST_MEMBER', () => {
      given([
        ...poor,
        ev.memberRemoved(SPOUSE_ID, '2020-01-01'),
        ev.memberRemoved(CHILD_ID, '2020-02-01', 'MOVED'),
      ])
        .when({
          type: 'RemoveMember',
          idNumber: HEAD_ID,
          reason: 'DEATH',
          effectiveDate: '2021-03-01',
        })
        .thenThrows('LAST_MEMBER');
    });

    it('rejects a date before the member joined → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given([...poor, ev.memberAdded(otherInput, '2021-05-01', 'MOVED')])
        .when({
          type: 'RemoveMember',
          idNumber: OTHER_ID,
          reason: 'MOVED',
          effectiveDate: '2021-04-30',
        })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2021-05-01' });
    });

    it('accepts removal on the day the member joined', () => {
      given([...poor, ev.memberAdded(otherInput, '2021-05-01', 'MOVED')])
        .when({
          type: 'RemoveMember',
          idNumber: OTHER_ID,
          reason: 'CORRECTION',
          effectiveDate: '2021-05-01',
        })
        .then([
          {
            type: 'MemberRemoved',
            data: { idNumber: OTHER_ID, reason: 'CORRECTION', effectiveDate: '2021-05-01' },
          },
        ]);
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(poor)
        .when({
          type: 'RemoveMember',
          idNumber: CHILD_ID,
          reason: 'MOVED',
          effectiveDate: '2026-11-29',
        })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('RecordIncomeAssessment', () => {
    it('records the per-capita net income of a year', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2020,
          perCapitaNetIncomeFen: 452_000,
          effectiveDate: '2020-11-20',
        })
        .then([
          {
            type: 'IncomeAssessed',
            data: { year: 2020, perCapitaNetIncomeFen: 452_000, effectiveDate: '2020-11-20' },
          },
        ]);
    });

    it('accepts a zero income and an assessment of an earlier year', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2019,
          perCapitaNetIncomeFen: 0,
          effectiveDate: '2020-01-15',
        })
        .then([
          {
            type: 'IncomeAssessed',
            data: { year: 2019, perCapitaNetIncomeFen: 0, effectiveDate: '2020-01-15' },
          },
        ]);
    });

    it('rejects a negative income → NEGATIVE_AMOUNT', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2020,
          perCapitaNetIncomeFen: -1,
          effectiveDate: '2020-11-20',
        })
        .thenThrows('NEGATIVE_AMOUNT');
    });

    it('rejects fractional fen → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2020,
          perCapitaNetIncomeFen: 4000.5,
          effectiveDate: '2020-11-20',
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a year without policy → NO_POLICY_FOR_YEAR', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2018,
          perCapitaNetIncomeFen: 300_000,
          effectiveDate: '2020-11-20',
        })
        .thenThrows('NO_POLICY_FOR_YEAR', { year: 2018 });
    });

    it('rejects a year after the assessment date → INVALID_YEAR', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2021,
          perCapitaNetIncomeFen: 500_000,
          effectiveDate: '2020-12-31',
        })
        .thenThrows('INVALID_YEAR');
    });

    it('rejects a date before registration → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2019,
          perCapitaNetIncomeFen: 300_000,
          effectiveDate: '2019-02-28',
        })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE');
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(poor)
        .when({
          type: 'RecordIncomeAssessment',
          year: 2026,
          perCapitaNetIncomeFen: 900_000,
          effectiveDate: '2026-11-29',
        })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('ExitPoverty', () => {
    const assessed2020 = (fen: number) => [...poor, ev.income(2020, fen, '2020-11-20')];
    const exit2020 = (checklist: BasicNeedsChecklist = ALL_MET) => ({
      type: 'ExitPoverty' as const,
      year: 2020,
      effectiveDate: '2020-12-10',
      checklist,
    });

    it('exits when the year’s income is above the poverty line and every need is met', () => {
      given(assessed2020(452_000))
        .when(exit2020())
        .then([
          {
            type: 'PovertyExited',
            data: { year: 2020, checklist: ALL_MET, effectiveDate: '2020-12-10' },
          },
        ]);
    });

    it('exits with income exactly at the poverty line (400000 fen in 2020)', () => {
      given(assessed2020(400_000))
        .when(exit2020())
        .then([
          {
            type: 'PovertyExited',
            data: { year: 2020, checklist: ALL_MET, effectiveDate: '2020-12-10' },
          },
        ]);
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

  it('cannot return to poverty → NOT_EXITED', () => {
    given(poor)
      .when({ type: 'ReturnToPoverty', effectiveDate: '2021-03-01', reason: '因病' })
      .thenThrows('NOT_EXITED');
  });

  it('cannot be flagged as an edge household → EDGE_REQUIRES_NON_POOR', () => {
    given(poor)
      .when({ type: 'FlagEdgeHousehold', effectiveDate: '2021-03-01' })
      .thenThrows('EDGE_REQUIRES_NON_POOR');
  });

  it('has no edge flag to clear → NOT_EDGE', () => {
    given(poor)
      .when({ type: 'ClearEdgeHousehold', effectiveDate: '2021-03-01' })
      .thenThrows('NOT_EDGE');
  });

  describe('RecordAssistance', () => {
    it('records assistance with a generated id', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'INDUSTRY',
          amountFen: 321_463,
          peopleReached: 3,
          date: '2020-06-01',
          programme: '产业扶贫资金',
        })
        .then([
          {
            type: 'AssistanceRecorded',
            data: {
              assistanceId: 'id-1',
              category: 'INDUSTRY',
              amountFen: 321_463,
              peopleReached: 3,
              effectiveDate: '2020-06-01',
              programme: '产业扶贫资金',
            },
          },
        ]);
    });

    it('records zero-amount assistance without a programme', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'EMPLOYMENT',
          amountFen: 0,
          peopleReached: 0,
          date: '2020-06-01',
        })
        .then([
          {
            type: 'AssistanceRecorded',
            data: {
              assistanceId: 'id-1',
              category: 'EMPLOYMENT',
              amountFen: 0,
              peopleReached: 0,
              effectiveDate: '2020-06-01',
            },
          },
        ]);
    });

    it('rejects a negative amount → NEGATIVE_AMOUNT', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'HEALTH',
          amountFen: -100,
          peopleReached: 1,
          date: '2020-06-01',
        })
        .thenThrows('NEGATIVE_AMOUNT');
    });

    it('rejects fractional fen → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'HEALTH',
          amountFen: 100.5,
          peopleReached: 1,
          date: '2020-06-01',
        })
        .thenThrows('INVALID_INPUT');
    });

    it.each([-1, 1.5])('rejects %p people reached → INVALID_INPUT', (peopleReached) => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'HEALTH',
          amountFen: 100,
          peopleReached,
          date: '2020-06-01',
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects an unknown category → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'LOTTERY' as never,
          amountFen: 100,
          peopleReached: 1,
          date: '2020-06-01',
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a date before registration → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'HEALTH',
          amountFen: 100,
          peopleReached: 1,
          date: '2019-02-28',
        })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE');
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(poor)
        .when({
          type: 'RecordAssistance',
          category: 'HEALTH',
          amountFen: 100,
          peopleReached: 1,
          date: '2026-11-29',
        })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('LogVisit', () => {
    it('logs a plain visit with a generated id and the cadre’s name trimmed', () => {
      given(poor)
        .when({ type: 'LogVisit', date: '2020-05-10', cadre: ' 赵干部 ', purpose: 'ROUTINE' })
        .then([
          {
            type: 'VisitLogged',
            data: {
              visitId: 'id-1',
              effectiveDate: '2020-05-10',
              cadre: '赵干部',
              purpose: 'ROUTINE',
            },
          },
        ]);
    });

    it('logs a visit with notes, an income check and problems (VisitLogged + ProblemRecorded)', () => {
      given(poor)
        .when({
          type: 'LogVisit',
          date: '2020-05-10',
          cadre: '赵干部',
          purpose: 'REVIEW',
          notes: '回头看',
          perCapitaIncomeCheckFen: 410_000,
          problems: [
            { description: ' 危房未改造 ', deadline: '2020-06-30' },
            { description: '饮水不安全', deadline: '2020-05-10' },
          ],
        })
        .then([
          {
            type: 'VisitLogged',
            data: {
              visitId: 'id-1',
              effectiveDate: '2020-05-10',
              cadre: '赵干部',
              purpose: 'REVIEW',
              notes: '回头看',
              perCapitaIncomeCheckFen: 410_000,
            },
          },
          {
            type: 'ProblemRecorded',
            data: {
              problemId: 'id-2',
              visitId: 'id-1',
              description: '危房未改造',
              effectiveDate: '2020-05-10',
              deadline: '2020-06-30',
            },
          },
          {
            type: 'ProblemRecorded',
            data: {
              problemId: 'id-3',
              visitId: 'id-1',
              description: '饮水不安全',
              effectiveDate: '2020-05-10',
              deadline: '2020-05-10',
            },
          },
        ]);
    });

    it('rejects a problem deadline before the visit date → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'LogVisit',
          date: '2020-05-10',
          cadre: '赵干部',
          purpose: 'REVIEW',
          problems: [{ description: '危房未改造', deadline: '2020-05-09' }],
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects an impossible problem deadline → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'LogVisit',
          date: '2020-05-10',
          cadre: '赵干部',
          purpose: 'REVIEW',
          problems: [{ description: '危房未改造', deadline: '2020-06-31' }],
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a blank problem description → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'LogVisit',
          date: '2020-05-10',
          cadre: '赵干部',
          purpose: 'REVIEW',
          problems: [{ description: '  ', deadline: '2020-06-30' }],
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a blank cadre → INVALID_INPUT', () => {
      given(poor)
        .when({ type: 'LogVisit', date: '2020-05-10', cadre: ' ', purpose: 'ROUTINE' })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects an unknown purpose → INVALID_INPUT', () => {
      given(poor)
        .when({ type: 'LogVisit', date: '2020-05-10', cadre: '赵干部', purpose: 'PARTY' as never })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a negative income check → NEGATIVE_AMOUNT', () => {
      given(poor)
        .when({
          type: 'LogVisit',
          date: '2020-05-10',
          cadre: '赵干部',
          purpose: 'VERIFICATION',
          perCapitaIncomeCheckFen: -1,
        })
        .thenThrows('NEGATIVE_AMOUNT');
    });

    it('rejects a date before registration → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given(poor)
        .when({ type: 'LogVisit', date: '2019-02-28', cadre: '赵干部', purpose: 'ROUTINE' })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE');
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(poor)
        .when({ type: 'LogVisit', date: '2026-11-29', cadre: '赵干部', purpose: 'ROUTINE' })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('RectifyProblem', () => {
    const withProblem = [
      ...poor,
      ev.visit('v-1', '2020-05-10'),
      ev.problem('p-1', 'v-1', '2020-05-10', '2020-06-30'),
    ];

    it('rectifies an open problem, trimming the measures', () => {
      given(withProblem)
        .when({
          type: 'RectifyProblem',
          problemId: 'p-1',
          date: '2020-06-20',
          measures: ' 已改造 ',
        })
        .then([
          {
            type: 'ProblemRectified',
            data: { problemId: 'p-1', effectiveDate: '2020-06-20', measures: '已改造' },
          },
        ]);
    });

    it('rectifies an overdue problem after its deadline', () => {
      given(withProblem)
        .when({ type: 'RectifyProblem', problemId: 'p-1', date: '2020-08-01', measures: '已改造' })
        .then([
          {
            type: 'ProblemRectified',
            data: { problemId: 'p-1', effectiveDate: '2020-08-01', measures: '已改造' },
          },
        ]);
    });

    it('rejects an unknown problem → PROBLEM_NOT_FOUND', () => {
      given(withProblem)
        .when({ type: 'RectifyProblem', problemId: 'p-2', date: '2020-06-20', measures: '已改造' })
        .thenThrows('PROBLEM_NOT_FOUND');
    });

    it('rejects a problem already rectified → PROBLEM_ALREADY_RECTIFIED', () => {
      given([...withProblem, ev.rectified('p-1', '2020-06-01')])
        .when({
          type: 'RectifyProblem',
          problemId: 'p-1',
          date: '2020-06-20',
          measures: '再次整改',
        })
        .thenThrows('PROBLEM_ALREADY_RECTIFIED');
    });

    it('rejects a date before the problem was found → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given(withProblem)
        .when({ type: 'RectifyProblem', problemId: 'p-1', date: '2020-05-09', measures: '已改造' })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2020-05-10' });
    });

    it('rejects blank measures → INVALID_INPUT', () => {
      given(withProblem)
        .when({ type: 'RectifyProblem', problemId: 'p-1', date: '2020-06-20', measures: '' })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(withProblem)
        .when({ type: 'RectifyProblem', problemId: 'p-1', date: '2026-11-29', measures: '已改造' })
        .thenThrows('FUTURE_DATE');
    });
  });

  describe('DeregisterHousehold', () => {
    it('deregisters with a note', () => {
      given(poor)
        .when({
          type: 'DeregisterHousehold',
          effectiveDate: '2020-04-01',
          reason: 'WRONGLY_REGISTERED',
          note: '错评',
        })
        .then([
          {
            type: 'HouseholdDeregistered',
            data: { effectiveDate: '2020-04-01', reason: 'WRONGLY_REGISTERED', note: '错评' },
          },
        ]);
    });

    it('deregisters without a note on the day of the last change', () => {
      given([...poor, ev.assistance('2021-06-01')])
        .when({
          type: 'DeregisterHousehold',
          effectiveDate: '2021-06-01',
          reason: 'HOUSEHOLD_GONE',
        })
        .then([
          {
            type: 'HouseholdDeregistered',
            data: { effectiveDate: '2021-06-01', reason: 'HOUSEHOLD_GONE' },
          },
        ]);
    });

    it('rejects a date before the latest recorded change → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given([...poor, ev.assistance('2021-06-01'), ev.income(2020, 300_000, '2021-01-10')])
        .when({ type: 'DeregisterHousehold', effectiveDate: '2021-05-31', reason: 'OTHER' })
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2021-06-01' });
    });

    it('rejects an unknown reason → INVALID_INPUT', () => {
      given(poor)
        .when({
          type: 'DeregisterHousehold',
          effectiveDate: '2021-06-01',
          reason: 'BORED' as never,
        })
        .thenThrows('INVALID_INPUT');
    });

    it('rejects a future date → FUTURE_DATE', () => {
      given(poor)
        .when({ type: 'DeregisterHousehold', effectiveDate: '2026-11-29', reason: 'OTHER' })
        .thenThrows('FUTURE_DATE');
    });
  });
});
