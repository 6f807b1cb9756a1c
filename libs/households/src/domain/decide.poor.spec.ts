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
  commandOf,
  dateCases,
  ev,
  given,
  headInput,
  itDecides,
  itRejects,
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
    const addMember = commandOf('AddMember', {
      member: otherInput,
      reason: 'MOVED',
      effectiveDate: '2021-05-01',
    });

    it('adds a newborn, taking sex and birth date from the resident ID', () => {
      given(poor)
        .when(
          addMember({
            member: { ...newbornInput, name: ' 李小花 ', health: 'HEALTHY' },
            reason: 'BIRTH',
          }),
        )
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
          .when(addMember({ reason }))
          .then([ev.memberAdded(otherInput, '2021-05-01', reason)]);
      },
    );

    it.each<MemberChangeReason>(['DEATH', 'MARRIAGE_OUT'])(
      'rejects the remove-only reason %s → INVALID_MEMBER_CHANGE_REASON',
      (reason) => {
        given(poor).when(addMember({ reason })).thenThrows('INVALID_MEMBER_CHANGE_REASON');
      },
    );

    it('rejects a person active in another household → MEMBER_IN_OTHER_HOUSEHOLD', () => {
      given(poor, { memberships: new Map([[OTHER_ID, 'hh-9']]) })
        .when(addMember())
        .thenThrows('MEMBER_IN_OTHER_HOUSEHOLD', { idNumber: OTHER_ID, householdId: 'hh-9' });
    });

    it('accepts a person the member index already lists in this household', () => {
      given(poor, { memberships: new Map([[OTHER_ID, HOUSEHOLD_ID]]) })
        .when(addMember({ reason: 'CORRECTION' }))
        .then([ev.memberAdded(otherInput, '2021-05-01', 'CORRECTION')]);
    });

    it('re-adds a member who was removed earlier', () => {
      given([...poor, ev.memberRemoved(CHILD_ID, '2020-09-01', 'MOVED')])
        .when(addMember({ member: childInput, effectiveDate: '2021-02-01' }))
        .then([ev.memberAdded(childInput, '2021-02-01', 'MOVED')]);
    });

    itRejects(poor, [
      [
        'rejects a person who is already a member → DUPLICATE_MEMBER',
        addMember({ member: { ...childInput, name: '李明明' }, reason: 'CORRECTION' }),
        'DUPLICATE_MEMBER',
      ],
      [
        'rejects a second head → MULTIPLE_HEADS',
        addMember({ member: { ...otherInput, relation: 'HEAD' } }),
        'MULTIPLE_HEADS',
      ],
      [
        'rejects an invalid resident ID → INVALID_RESIDENT_ID',
        addMember({ member: { ...otherInput, idNumber: withWrongCheckChar(OTHER_ID) } }),
        'INVALID_RESIDENT_ID',
        { problem: 'CHECK_DIGIT' },
      ],
      [
        'rejects an impossible birth date in the ID → INVALID_RESIDENT_ID',
        addMember({ member: { ...otherInput, idNumber: residentId('19990231', '053') } }),
        'INVALID_RESIDENT_ID',
        { problem: 'BIRTH_DATE' },
      ],
      [
        'rejects a sex that contradicts the ID → RESIDENT_ID_SEX_MISMATCH',
        addMember({ member: { ...newbornInput, sex: 'MALE' }, reason: 'BIRTH' }),
        'RESIDENT_ID_SEX_MISMATCH',
      ],
      [
        'rejects a birth effective before the birth date in the ID → INVALID_RESIDENT_ID',
        addMember({ member: newbornInput, reason: 'BIRTH', effectiveDate: '2021-04-19' }),
        'INVALID_RESIDENT_ID',
      ],
      ...dateCases((effectiveDate) => addMember({ effectiveDate }), '2019-02-28', '2019-03-01'),
    ]);
  });

  describe('RemoveMember', () => {
    const removeMember = commandOf('RemoveMember', {
      idNumber: CHILD_ID,
      reason: 'MOVED',
      effectiveDate: '2021-03-01',
    });
    /** Another member joined on 2021-05-01. */
    const joined = [...poor, ev.memberAdded(otherInput, '2021-05-01', 'MOVED')];
    const removeHead = (newHeadIdNumber?: string) =>
      removeMember({
        idNumber: HEAD_ID,
        reason: 'DEATH',
        ...(newHeadIdNumber !== undefined && { newHeadIdNumber }),
      });

    itDecides(poor, [
      [
        'removes a member who is not the head',
        removeMember({ idNumber: SPOUSE_ID, reason: 'DEATH' }),
        [ev.memberRemoved(SPOUSE_ID, '2021-03-01', 'DEATH')],
      ],
      [
        'removes the head when a remaining member is named new head',
        removeHead(SPOUSE_ID),
        [ev.memberRemoved(HEAD_ID, '2021-03-01', 'DEATH', SPOUSE_ID)],
      ],
    ]);

    it.each<MemberChangeReason>(['DEATH', 'MARRIAGE_OUT', 'MOVED', 'SPLIT', 'CORRECTION'])(
      'accepts the remove reason %s',
      (reason) => {
        given(poor)
          .when(removeMember({ reason }))
          .then([ev.memberRemoved(CHILD_ID, '2021-03-01', reason)]);
      },
    );

    it.each<MemberChangeReason>(['BIRTH', 'MARRIAGE_IN'])(
      'rejects the add-only reason %s → INVALID_MEMBER_CHANGE_REASON',
      (reason) => {
        given(poor).when(removeMember({ reason })).thenThrows('INVALID_MEMBER_CHANGE_REASON');
      },
    );

    itRejects(poor, [
      [
        'rejects a person who is not a member → MEMBER_NOT_FOUND',
        removeMember({ idNumber: OTHER_ID }),
        'MEMBER_NOT_FOUND',
      ],
      [
        'rejects removing the head without a new head → HEAD_REQUIRED',
        removeHead(),
        'HEAD_REQUIRED',
      ],
      [
        'rejects the leaving head as the new head → HEAD_REQUIRED',
        removeHead(HEAD_ID),
        'HEAD_REQUIRED',
      ],
      [
        'rejects a new head who is not a member → HEAD_REQUIRED',
        removeHead(OTHER_ID),
        'HEAD_REQUIRED',
      ],
      [
        'rejects a new head when the leaving member is not the head → INVALID_INPUT',
        removeMember({ newHeadIdNumber: SPOUSE_ID }),
        'INVALID_INPUT',
      ],
      [
        'rejects a future date → FUTURE_DATE',
        removeMember({ effectiveDate: '2026-11-29' }),
        'FUTURE_DATE',
      ],
    ]);

    it('rejects a member who was already removed → MEMBER_NOT_FOUND', () => {
      given([...poor, ev.memberRemoved(CHILD_ID, '2020-09-01', 'MOVED')])
        .when(removeMember())
        .thenThrows('MEMBER_NOT_FOUND');
    });

    it('rejects removing the last member → LAST_MEMBER', () => {
      given([ev.registeredPoor('2019-03-01', [recorded(headInput)])])
        .when(removeHead())
        .thenThrows('LAST_MEMBER');
    });

    it('rejects removing the last remaining member after others left → LAST_MEMBER', () => {
      given([
        ...poor,
        ev.memberRemoved(SPOUSE_ID, '2020-01-01'),
        ev.memberRemoved(CHILD_ID, '2020-02-01', 'MOVED'),
      ])
        .when(removeHead())
        .thenThrows('LAST_MEMBER');
    });

    it('rejects a date before the member joined → DATE_BEFORE_PREVIOUS_CHANGE', () => {
      given(joined)
        .when(removeMember({ idNumber: OTHER_ID, effectiveDate: '2021-04-30' }))
        .thenThrows('DATE_BEFORE_PREVIOUS_CHANGE', { earliest: '2021-05-01' });
    });

    it('accepts removal on the day the member joined', () => {
      given(joined)
        .when(
          removeMember({ idNumber: OTHER_ID, reason: 'CORRECTION', effectiveDate: '2021-05-01' }),
        )
        .then([ev.memberRemoved(OTHER_ID, '2021-05-01', 'CORRECTION')]);
    });
  });

  describe('RecordIncomeAssessment', () => {
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

  describe('ExitPoverty', () => {
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

  itRejects(poor, [
    [
      'cannot return to poverty → NOT_EXITED',
      { type: 'ReturnToPoverty', effectiveDate: '2021-03-01', reason: '因病' },
      'NOT_EXITED',
    ],
    [
      'cannot be flagged as an edge household → EDGE_REQUIRES_NON_POOR',
      { type: 'FlagEdgeHousehold', effectiveDate: '2021-03-01' },
      'EDGE_REQUIRES_NON_POOR',
    ],
    [
      'has no edge flag to clear → NOT_EDGE',
      { type: 'ClearEdgeHousehold', effectiveDate: '2021-03-01' },
      'NOT_EDGE',
    ],
  ]);

  describe('RecordAssistance', () => {
    const assist = commandOf('RecordAssistance', {
      category: 'HEALTH',
      amountFen: 100,
      peopleReached: 1,
      date: '2020-06-01',
    });

    itDecides(poor, [
      [
        'records assistance with a generated id',
        assist({
          category: 'INDUSTRY',
          amountFen: 321_463,
          peopleReached: 3,
          programme: '产业扶贫资金',
        }),
        [
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
        ],
      ],
      [
        'records zero-amount assistance without a programme',
        assist({ category: 'EMPLOYMENT', amountFen: 0, peopleReached: 0 }),
        [
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
        ],
      ],
    ]);

    it.each([-1, 1.5])('rejects %p people reached → INVALID_INPUT', (peopleReached) => {
      given(poor).when(assist({ peopleReached })).thenThrows('INVALID_INPUT');
    });

    itRejects(poor, [
      [
        'rejects a negative amount → NEGATIVE_AMOUNT',
        assist({ amountFen: -100 }),
        'NEGATIVE_AMOUNT',
      ],
      ['rejects fractional fen → INVALID_INPUT', assist({ amountFen: 100.5 }), 'INVALID_INPUT'],
      [
        'rejects an unknown category → INVALID_INPUT',
        assist({ category: 'LOTTERY' as never }),
        'INVALID_INPUT',
      ],
      ...dateCases((date) => assist({ date }), '2019-02-28'),
    ]);
  });

  describe('LogVisit', () => {
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

  describe('RectifyProblem', () => {
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

  describe('DeregisterHousehold', () => {
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
});
