import { describe, it } from '@jest/globals';
import { COMMANDS_ON_A_HOUSEHOLD, ev, given, registerCommand } from './testing.spec-helpers.js';

const deregisteredStreams = [
  ['a poor household', [ev.registeredPoor('2019-03-01'), ev.deregistered('2020-04-01')]],
  [
    'a monitored edge household',
    [
      ev.registeredNonPoor('2019-03-01'),
      ev.edgeFlagged('2019-06-01'),
      ev.monitoringStarted('EDGE_PRONE', '2019-07-01'),
      ev.visit('v-1', '2019-08-01'),
      ev.problem('p-1', 'v-1', '2019-08-01', '2019-09-01'),
      ev.deregistered('2020-04-01', 'HOUSEHOLD_GONE'),
    ],
  ],
] as const;

describe('Deregistered household', () => {
  describe.each(deregisteredStreams)('(%s)', (_label, events) => {
    it.each(COMMANDS_ON_A_HOUSEHOLD.map((c) => [c.type, c] as const))(
      'rejects %s → HOUSEHOLD_DEREGISTERED',
      (_type, command) => {
        given(events).when(command).thenThrows('HOUSEHOLD_DEREGISTERED');
      },
    );

    it('cannot be registered again → HOUSEHOLD_ALREADY_REGISTERED', () => {
      given(events).when(registerCommand()).thenThrows('HOUSEHOLD_ALREADY_REGISTERED');
    });
  });
});
