import type { RecordedEvent } from '#app/event-store';
import {
  HOUSEHOLD_EVENT_TYPES,
  HOUSEHOLD_STREAM_PREFIX,
  type HouseholdEvent,
  type HouseholdEventType,
} from '../domain/index.js';

/** A household event as read back from the log. */
export type RecordedHouseholdEvent = RecordedEvent<HouseholdEventType> & HouseholdEvent;

export function householdIdOf(event: RecordedEvent): string {
  return event.streamId.slice(HOUSEHOLD_STREAM_PREFIX.length);
}

export function asHouseholdEvent(event: RecordedEvent): RecordedHouseholdEvent {
  return event as RecordedHouseholdEvent;
}

export function handlesOf(...types: HouseholdEventType[]): ReadonlySet<string> {
  return new Set(types.length > 0 ? types : HOUSEHOLD_EVENT_TYPES);
}
