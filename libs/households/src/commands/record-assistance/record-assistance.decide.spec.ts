import { describe, it } from '@jest/globals';
import { commandOf, dateCases, ev, given, itDecides, itRejects } from '../testing.spec-helpers.js';

/** Registered poor on 2019-03-01 with head, spouse and child. */
const poor = [ev.registeredPoor('2019-03-01')];

describe('RecordAssistance', () => {
  describe('on a poor household', () => {
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
});
