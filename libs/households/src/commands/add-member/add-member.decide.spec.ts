import { describe, it } from '@jest/globals';
import type { MemberChangeReason } from '../../domain/index.js';
import {
  CHILD_ID,
  HOUSEHOLD_ID,
  NEWBORN_ID,
  OTHER_ID,
  childInput,
  commandOf,
  dateCases,
  ev,
  given,
  itRejects,
  newbornInput,
  otherInput,
  residentId,
  withWrongCheckChar,
} from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];

describe('AddMember', () => {
  describe('on a poor household', () => {
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

  describe('on an exited household', () => {
    it('still takes member changes', () => {
      given([
        ev.registeredPoor('2019-03-01'),
        ev.income(2020, 452_000, '2020-11-20'),
        ev.exited(2020, '2020-12-10'),
      ])
        .when({
          type: 'AddMember',
          member: otherInput,
          reason: 'MARRIAGE_IN',
          effectiveDate: '2021-02-01',
        })
        .then([ev.memberAdded(otherInput, '2021-02-01', 'MARRIAGE_IN')]);
    });
  });
});
