import { describe, expect, it } from '@jest/globals';
import {
  HOUSEHOLD_EVENT_SCHEMA_VERSIONS,
  HOUSEHOLD_EVENT_TYPES,
  type HouseholdEvent,
  type HouseholdEventType,
} from './events.js';
import { evolve, initialState } from './household-state.js';
import { ALL_MET, OTHER_ID, ev, otherInput } from './testing.spec-helpers.js';
import { toHouseholdEvent, UnreadableEventError, type StoredHouseholdEvent } from './upcast.js';

/**
 * A ProblemRecorded as the event stores have held it since the first release: schemaVersion 1,
 * the payload exactly as the `data` column keeps it (no category).
 */
const STORED_V1_PROBLEM = {
  eventId: '5b0f7c1e-3d7a-4f43-9c1e-2f6a8d0b1c01',
  streamId: 'household-0b8e2a52-1c3f-4d6e-8a9b-7c5d4e3f2a10',
  revision: 3,
  position: 1042,
  type: 'ProblemRecorded',
  schemaVersion: 1,
  data: JSON.parse(
    '{"problemId":"e1c7a0d2-6b4f-4c3a-9d8e-1f2a3b4c5d6e","visitId":"a9d8c7b6-5e4f-4a3b-8c2d-1e0f9a8b7c6d",' +
      '"description":"危房未改造","effectiveDate":"2020-05-10","deadline":"2020-06-30"}',
  ) as unknown,
  metadata: { recordedAt: '2020-05-10T08:15:00.000Z' },
};

/** One event of every type, as this code writes it. */
const CURRENT: Record<HouseholdEventType, HouseholdEvent> = {
  HouseholdRegistered: ev.registeredPoor('2019-03-01'),
  MemberAdded: ev.memberAdded(otherInput, '2020-01-01', 'MOVED'),
  MemberRemoved: ev.memberRemoved(OTHER_ID, '2020-02-01', 'MOVED'),
  IncomeAssessed: ev.income(2020, 452_000, '2020-11-20'),
  PovertyExited: {
    type: 'PovertyExited',
    data: { year: 2020, checklist: ALL_MET, effectiveDate: '2020-12-10' },
  },
  ReturnedToPoverty: ev.returned('2021-08-01'),
  EdgeHouseholdFlagged: ev.edgeFlagged('2021-09-01', '收入略高于贫困线'),
  EdgeHouseholdCleared: ev.edgeCleared('2021-10-01'),
  MonitoringStarted: ev.monitoringStarted('SUDDEN_HARDSHIP', '2021-11-01', ['DISASTER']),
  RiskEliminated: ev.riskEliminated('2022-06-01'),
  MonitoringReopened: ev.reopened('2022-07-01'),
  AssistanceRecorded: ev.assistance('2022-07-15'),
  VisitLogged: ev.visit('v-1', '2022-08-01', { notes: '回头看' }),
  ProblemRecorded: ev.problem(
    'p-1',
    'v-1',
    '2022-08-01',
    '2022-09-30',
    '饮水不安全',
    'DRINKING_WATER',
  ),
  ProblemRectified: ev.rectified('p-1', '2022-09-01'),
  HouseholdDeregistered: ev.deregistered('2023-01-01', 'OTHER', '迁出'),
};

const stored = (event: HouseholdEvent, schemaVersion: number): StoredHouseholdEvent => ({
  type: event.type,
  schemaVersion,
  data: structuredClone(event.data),
});

describe('toHouseholdEvent', () => {
  describe('a stored ProblemRecorded of schemaVersion 1 (before problems had a category)', () => {
    it('reads as category OTHER, every other field as stored', () => {
      expect(toHouseholdEvent(STORED_V1_PROBLEM)).toStrictEqual({
        type: 'ProblemRecorded',
        data: {
          problemId: 'e1c7a0d2-6b4f-4c3a-9d8e-1f2a3b4c5d6e',
          visitId: 'a9d8c7b6-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
          category: 'OTHER',
          description: '危房未改造',
          effectiveDate: '2020-05-10',
          deadline: '2020-06-30',
        },
      });
    });

    it('does not modify the stored payload', () => {
      const before = structuredClone(STORED_V1_PROBLEM);
      toHouseholdEvent(STORED_V1_PROBLEM);
      expect(STORED_V1_PROBLEM).toStrictEqual(before);
    });

    it('folds into the household state as an open problem of category OTHER', () => {
      const state = [
        ev.registeredPoor('2020-01-10'),
        ev.visit('a9d8c7b6-5e4f-4a3b-8c2d-1e0f9a8b7c6d', '2020-05-10'),
        toHouseholdEvent(STORED_V1_PROBLEM),
      ].reduce(evolve, initialState);
      if (state.status === 'Unregistered') throw new Error('expected a registered household');
      expect(state.facts.problems).toStrictEqual({
        'e1c7a0d2-6b4f-4c3a-9d8e-1f2a3b4c5d6e': {
          category: 'OTHER',
          foundOn: '2020-05-10',
          deadline: '2020-06-30',
        },
      });
    });
  });

  it('writes ProblemRecorded at schemaVersion 2', () => {
    expect(HOUSEHOLD_EVENT_SCHEMA_VERSIONS.ProblemRecorded).toBe(2);
  });

  it.each(HOUSEHOLD_EVENT_TYPES)(
    'passes a %s of the current schemaVersion through unchanged',
    (type) => {
      const event = CURRENT[type];
      expect(toHouseholdEvent(stored(event, HOUSEHOLD_EVENT_SCHEMA_VERSIONS[type]))).toStrictEqual(
        event,
      );
    },
  );

  it('throws on an unknown event type', () => {
    const read = () => toHouseholdEvent({ type: 'HouseholdMerged', schemaVersion: 1, data: {} });
    expect(read).toThrow(UnreadableEventError);
    expect(read).toThrow(/Unknown household event type "HouseholdMerged"/);
  });

  it('throws on a type inherited from Object.prototype, which is no event type', () => {
    expect(() => toHouseholdEvent({ type: 'toString', schemaVersion: 1, data: {} })).toThrow(
      UnreadableEventError,
    );
  });

  it('throws on a schemaVersion newer than this code writes', () => {
    const read = () => toHouseholdEvent(stored(CURRENT.ProblemRecorded, 3));
    expect(read).toThrow(UnreadableEventError);
    expect(read).toThrow(/ProblemRecorded schemaVersion 3 is newer than this code reads \(2\)/);
    expect(() => toHouseholdEvent(stored(CURRENT.VisitLogged, 2))).toThrow(UnreadableEventError);
  });

  it.each([0, -1, 1.5, Number.NaN])('throws on the invalid schemaVersion %p', (schemaVersion) => {
    expect(() => toHouseholdEvent(stored(CURRENT.VisitLogged, schemaVersion))).toThrow(
      UnreadableEventError,
    );
  });
});
