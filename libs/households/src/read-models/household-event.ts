import type { Kysely } from 'kysely';
import {
  rowProjection,
  type PartitionView,
  type Projection,
  type RecordedEvent,
  type TableShape,
} from '#app/event-store';
import {
  HOUSEHOLD_EVENT_TYPES,
  HOUSEHOLD_STREAM_PREFIX,
  toHouseholdEvent,
  type EventOf,
  type HouseholdEventType,
} from '../domain/index.js';

/** A household event as read back from the log: upcast to the current shape, with its place. */
export type RecordedHouseholdEvent<T extends HouseholdEventType = HouseholdEventType> =
  T extends HouseholdEventType
    ? Omit<RecordedEvent, 'type' | 'data' | 'schemaVersion'> & EventOf<T> & { householdId: string }
    : never;

export function householdIdOf(event: Pick<RecordedEvent, 'streamId'>): string {
  return event.streamId.slice(HOUSEHOLD_STREAM_PREFIX.length);
}

/** Each stored event is upcast once, however many projections read it. */
const decoded = new WeakMap<RecordedEvent, RecordedHouseholdEvent>();

/** The one way the read side turns a stored event into a household event (through the upcasters). */
export function decodeHouseholdEvent(recorded: RecordedEvent): RecordedHouseholdEvent {
  let event = decoded.get(recorded);
  if (event === undefined) {
    const { type, data } = toHouseholdEvent(recorded);
    event = {
      eventId: recorded.eventId,
      streamId: recorded.streamId,
      revision: recorded.revision,
      position: recorded.position,
      metadata: recorded.metadata,
      householdId: householdIdOf(recorded),
      type,
      data,
    } as RecordedHouseholdEvent;
    decoded.set(recorded, event);
  }
  return event;
}

/** A read model's table: its shape, and how a batch holds its rows (see RowTable). */
export interface HouseholdTable<Row extends object> {
  readonly shape: TableShape<Row>;
  /** `household_id`: rows are loaded per household. Absent: insert-only, never read back. */
  readonly partition?: keyof Row & string;
  /** The event types whose handlers read or change the table's rows (default: all it handles). */
  readonly loadFor?: readonly HouseholdEventType[];
}

export type HouseholdTables<Tables> = {
  readonly [K in keyof Tables]: HouseholdTable<Tables[K] & object>;
};

/** What a read model does with one event type, on the rows of the event's household. */
export type Handler<T extends HouseholdEventType, Tables> = (
  event: RecordedHouseholdEvent<T>,
  rows: PartitionView<Tables>,
) => void;

/** Marks an event type a read model has looked at and does not need. */
export const IGNORED = 'ignored';

/** A read model that reacts to some event types. */
export type SomeHouseholdEvents<Tables> = {
  readonly [T in HouseholdEventType]?: Handler<T, Tables>;
};

/**
 * A read model that must see every event type (the summary, the histories): a new event type left
 * out of its map fails `tsc`, and the author decides between a handler and IGNORED.
 */
export type EveryHouseholdEvent<Tables> = {
  readonly [T in HouseholdEventType]: Handler<T, Tables> | typeof IGNORED;
};

export interface HouseholdProjectionDefinition<Tables> {
  readonly name: string;
  readonly version?: number;
  /** Each table with its row shape; partitioned by `household_id` unless insert-only. */
  readonly tables: HouseholdTables<Tables>;
  migrate(db: Kysely<unknown>): Promise<void>;
}

/** A read model with a handler per event type it reacts to. */
export interface HandlerMapDefinition<Tables> extends HouseholdProjectionDefinition<Tables> {
  readonly on: SomeHouseholdEvents<Tables> | EveryHouseholdEvent<Tables>;
}

/**
 * A read model that reacts to every event in the same way (the summary: each event moves its row
 * on); its evolve should itself be exhaustive over the event types.
 */
export interface EvolveDefinition<Tables> extends HouseholdProjectionDefinition<Tables> {
  evolve(event: RecordedHouseholdEvent, rows: PartitionView<Tables>): void;
}

/**
 * A household read model from its handler map (or one evolve for every event): the runner's
 * `handles` are the map's keys, and each batch runs the handlers over the rows of the households
 * it touches (see rowProjection).
 */
export function householdProjection<Tables>(
  definition: HandlerMapDefinition<Tables> | EvolveDefinition<Tables>,
): Projection {
  const common = {
    name: definition.name,
    version: definition.version,
    tables: definition.tables,
    migrate: (db: Kysely<unknown>) => definition.migrate(db),
    decode: decodeHouseholdEvent,
    partitionOf: (event: RecordedHouseholdEvent) => event.householdId,
  };
  if ('evolve' in definition) {
    return rowProjection({
      ...common,
      handles: new Set(HOUSEHOLD_EVENT_TYPES),
      evolve: (event, rows) => definition.evolve(event, rows),
    });
  }
  const handlers = new Map<string, Handler<HouseholdEventType, Tables>>();
  for (const [type, handler] of Object.entries(definition.on)) {
    // The map's type pairs each key with a handler of that event type.
    if (typeof handler === 'function')
      handlers.set(type, handler as Handler<HouseholdEventType, Tables>);
  }
  return rowProjection({
    ...common,
    handles: new Set(handlers.keys()),
    // The runner passes only handled types; anything else (a direct call) changes nothing.
    evolve: (event, rows) => handlers.get(event.type)?.(event, rows),
  });
}
