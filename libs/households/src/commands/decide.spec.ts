import { describe, expect, it } from '@jest/globals';
import { decide } from './decide.js';
import {
  COMMANDS_ON_A_HOUSEHOLD,
  DEREGISTERED_STREAMS,
  ev,
  given,
  makeContext,
  stateFrom,
} from './testing.spec-helpers.js';

describe('every command but registration', () => {
  describe('on an unregistered household', () => {
    describe.each(COMMANDS_ON_A_HOUSEHOLD.map((c) => [c.type, c] as const))(
      '%s',
      (_type, command) => {
        it('is rejected → HOUSEHOLD_NOT_FOUND', () => {
          given([]).when(command).thenThrows('HOUSEHOLD_NOT_FOUND');
        });
      },
    );
  });

  describe.each(DEREGISTERED_STREAMS)('on a deregistered household (%s)', (_label, events) => {
    it.each(COMMANDS_ON_A_HOUSEHOLD.map((c) => [c.type, c] as const))(
      'rejects %s → HOUSEHOLD_DEREGISTERED',
      (_type, command) => {
        given(events).when(command).thenThrows('HOUSEHOLD_DEREGISTERED');
      },
    );
  });
});

describe('decide is pure', () => {
  it('does not modify the state or the command it is given', () => {
    const state = stateFrom([
      ev.registeredPoor('2019-03-01'),
      ev.income(2020, 452_000, '2020-11-20'),
    ]);
    const command = {
      type: 'LogVisit' as const,
      date: '2020-05-10',
      cadre: '赵干部',
      purpose: 'REVIEW' as const,
      problems: [{ description: '危房', deadline: '2020-06-30' }],
    };
    const stateBefore = structuredClone(state);
    const commandBefore = structuredClone(command);
    const first = decide(state, command, makeContext());
    const second = decide(state, command, makeContext());
    expect(state).toStrictEqual(stateBefore);
    expect(command).toStrictEqual(commandBefore);
    expect(second).toStrictEqual(first);
  });
});
