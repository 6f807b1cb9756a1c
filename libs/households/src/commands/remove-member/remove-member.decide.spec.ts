import { describe, it } from '@jest/globals';
import type { MemberChangeReason } from '../../domain/index.js';
import {
  CHILD_ID,
  HEAD_ID,
  OTHER_ID,
  SPOUSE_ID,
  commandOf,
  ev,
  given,
  headInput,
  itDecides,
  itRejects,
  otherInput,
  recorded,
} from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];

describe('RemoveMember', () => {
  describe('on a poor household', () => {
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

  describe('after the head left', () => {
    it('lets the new head be removed afterwards only with yet another head', () => {
      const events = [
        ev.registeredPoor('2019-03-01'),
        ev.memberRemoved(HEAD_ID, '2021-05-01', 'DEATH', SPOUSE_ID),
      ];
      given(events)
        .when({
          type: 'RemoveMember',
          idNumber: SPOUSE_ID,
          reason: 'MOVED',
          effectiveDate: '2021-06-01',
        })
        .thenThrows('HEAD_REQUIRED');
    });
  });

  describe('on an exited household', () => {
    it('removes a member after exit', () => {
      given([
        ev.registeredPoor('2019-03-01'),
        ev.income(2020, 452_000, '2020-11-20'),
        ev.exited(2020, '2020-12-10'),
      ])
        .when({
          type: 'RemoveMember',
          idNumber: CHILD_ID,
          reason: 'MOVED',
          effectiveDate: '2021-09-01',
        })
        .then([ev.memberRemoved(CHILD_ID, '2021-09-01', 'MOVED')]);
    });
  });
});
