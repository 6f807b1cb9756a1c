import {
  HOUSEHOLD_EVENT_SCHEMA_VERSIONS,
  isHouseholdEventType,
  type EventOf,
  type HouseholdEvent,
  type HouseholdEventType,
} from './events.js';

/** An event as the log holds it: a type, the schemaVersion it was written with, its payload. */
export interface StoredHouseholdEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** A stored event this code cannot read: a type it does not know, or a newer schemaVersion. */
export class UnreadableEventError extends Error {
  constructor(
    readonly type: string,
    readonly schemaVersion: number,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

/** ProblemRecorded as written before problems had a category. */
export type ProblemRecordedV1 = Omit<EventOf<'ProblemRecorded'>['data'], 'category'>;

type SchemaVersions = typeof HOUSEHOLD_EVENT_SCHEMA_VERSIONS;

/** 1 … N − 1: the versions a type written at version N may still be stored with. */
type OlderVersions<N extends number, Seen extends unknown[] = [unknown]> = Seen['length'] extends N
  ? never
  : Seen['length'] | OlderVersions<N, [...Seen, unknown]>;

/**
 * For each type past version 1, one step per older version, lifting a payload of version n to
 * version n + 1. Raising a type's schemaVersion without adding its step fails `tsc`.
 */
type Upcasts = {
  readonly [T in HouseholdEventType as SchemaVersions[T] extends 1 ? never : T]: {
    readonly [V in OlderVersions<SchemaVersions[T]>]: (data: never) => unknown;
  };
};

const UPCASTS: Upcasts = {
  ProblemRecorded: {
    // Problems recorded before categories existed stay uncategorised.
    1: (data: ProblemRecordedV1): EventOf<'ProblemRecorded'>['data'] => ({
      ...data,
      category: 'OTHER',
    }),
  },
};

/**
 * The one way from a stored event to a domain event: a payload of an older schemaVersion is lifted
 * step by step to the shape this code writes. Throws UnreadableEventError on an unknown type or a
 * schemaVersion newer than this code knows (the log was written by a newer release).
 */
export function toHouseholdEvent(stored: StoredHouseholdEvent): HouseholdEvent {
  const { type, schemaVersion } = stored;
  if (!isHouseholdEventType(type)) {
    throw new UnreadableEventError(
      type,
      schemaVersion,
      `Unknown household event type "${type}" (schemaVersion ${schemaVersion})`,
    );
  }
  const current: number = HOUSEHOLD_EVENT_SCHEMA_VERSIONS[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new UnreadableEventError(
      type,
      schemaVersion,
      `${type} has an invalid schemaVersion ${schemaVersion}`,
    );
  }
  if (schemaVersion > current) {
    throw new UnreadableEventError(
      type,
      schemaVersion,
      `${type} schemaVersion ${schemaVersion} is newer than this code reads (${current}): ` +
        'the log was written by a newer release',
    );
  }
  let data = stored.data;
  for (let version = schemaVersion; version < current; version++) {
    data = stepOf(type, version)(data as never);
  }
  // The payload now has the shape of `type` at the current version.
  return { type, data } as HouseholdEvent;
}

function stepOf(type: HouseholdEventType, version: number): (data: never) => unknown {
  const steps: Partial<Record<HouseholdEventType, Record<number, (data: never) => unknown>>> =
    UPCASTS;
  const step = steps[type]?.[version];
  if (step === undefined) throw new Error(`No upcast of ${type} from schemaVersion ${version}`);
  return step;
}
