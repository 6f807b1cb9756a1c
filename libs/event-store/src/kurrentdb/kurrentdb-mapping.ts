/*
 * The pure half of the KurrentDB adapter: how port values map onto KurrentDB's and back. Nothing
 * here touches the client, so it loads (and is tested) without the native bridge.
 */
import * as appendRules from '../append-rules.js';
import {
  type EventMetadata,
  type NewEvent,
  type Position,
  type RecordedEvent,
} from '../event-store.port.js';

const MAX_POSITION = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A KurrentDB log position is a byte offset into the transaction log, a 64-bit integer. The port
 * uses a JavaScript number, exact up to 2^53 - 1 (9 PiB of log), so the mapping is the identity
 * with a guard: a position past that cannot be represented and is refused, never rounded.
 */
export function toPosition(logPosition: bigint): Position {
  if (logPosition < 0n || logPosition > MAX_POSITION) {
    throw new RangeError(
      `KurrentDB log position ${logPosition} is outside the range this store can represent ` +
        `(0 to Number.MAX_SAFE_INTEGER)`,
    );
  }
  return Number(logPosition);
}

/**
 * The KurrentDB position to start a read of $all at. Events appended over gRPC are committed one
 * record each, so an event's commit and prepare positions are the same offset (the start of its
 * record); that offset is what the port calls the event's position.
 */
export function toLogPosition(position: Position): { commit: bigint; prepare: bigint } {
  const value = BigInt(position);
  return { commit: value, prepare: value };
}

/** The parts of a KurrentDB recorded event this adapter reads (bridge and gRPC shapes alike). */
export interface KurrentRecord {
  streamId: string;
  id: string;
  revision: bigint | number;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: { commit: bigint | number; prepare: bigint | number };
}

/** System streams and events (`$stats-…`, `$metadata`, `$>` links, …) are not ours. */
export function isUserEvent(record: Pick<KurrentRecord, 'streamId' | 'type'>): boolean {
  return !record.streamId.startsWith('$') && !record.type.startsWith('$');
}

export function recordPosition(record: KurrentRecord): Position {
  if (!record.position) {
    throw new Error(
      `KurrentDB returned event ${record.id} without its log position; ` +
        'this adapter needs a server that reports positions on every read (22.6 or later)',
    );
  }
  return toPosition(BigInt(record.position.commit));
}

/**
 * What the adapter stores as an event's KurrentDB metadata. Our metadata sits under `metadata`
 * unchanged, so it reads back exactly as written; `schemaVersion` lives beside it (KurrentDB has
 * no field for it). `$correlationId` and `$causationId` are KurrentDB's own conventions, copied so
 * that the server's `$by_correlation_id` projection and its UI can follow a command's events.
 */
export interface StoredMetadata {
  $correlationId?: string;
  $causationId?: string;
  schemaVersion: number;
  metadata: EventMetadata & { recordedAt: string };
}

export function toStoredMetadata(
  schemaVersion: number,
  metadata: EventMetadata & { recordedAt: string },
): StoredMetadata {
  return {
    ...(metadata.correlationId ? { $correlationId: metadata.correlationId } : {}),
    ...(metadata.causationId ? { $causationId: metadata.causationId } : {}),
    schemaVersion,
    metadata,
  };
}

function isStoredMetadata(value: unknown): value is StoredMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<StoredMetadata>;
  return (
    Number.isInteger(candidate.schemaVersion) &&
    typeof candidate.metadata === 'object' &&
    candidate.metadata !== null &&
    typeof candidate.metadata.recordedAt === 'string'
  );
}

export function toRecordedEvent(record: KurrentRecord): RecordedEvent {
  const stored = isStoredMetadata(record.metadata) ? record.metadata : undefined;
  return {
    eventId: record.id.toLowerCase(),
    streamId: record.streamId,
    revision: Number(record.revision),
    position: recordPosition(record),
    type: record.type,
    // An event another tool wrote into a non-system stream: version 1, recorded when written.
    schemaVersion: stored?.schemaVersion ?? 1,
    data: decodeData(record),
    metadata: stored?.metadata ?? { recordedAt: record.created.toISOString() },
  };
}

function decodeData(record: KurrentRecord): unknown {
  // The client already parsed JSON events; this adapter writes nothing else.
  if (record.isJson) return record.data;
  const text = Buffer.from(record.data as Uint8Array).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(
      `Event ${record.id} in ${record.streamId} is binary, not JSON; ` +
        'only JSON events can be read through the event store port',
    );
  }
}

/** An event as it goes to KurrentDB: validated, with its metadata envelope built. */
export interface ProposedEvent {
  eventId: string;
  type: string;
  data: unknown;
  metadata: StoredMetadata;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertStreamId(streamId: string): void {
  appendRules.assertStreamId(streamId);
  // `$` streams belong to KurrentDB itself, and the global log hides them.
  if (streamId.startsWith('$')) {
    throw new TypeError(`Stream ${streamId}: names starting with $ are reserved by KurrentDB`);
  }
}

/**
 * Validates a batch before any I/O (the shared checks, plus KurrentDB's own rules for ids and
 * types) and builds what is sent; `now` stamps missing recordedAt.
 */
export function toProposedEvents(events: readonly NewEvent[], now: string): ProposedEvent[] {
  return appendRules.checkNewEvents(events, { now, check: checkKurrentEvent }).map((event) => ({
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata: toStoredMetadata(event.schemaVersion, event.metadata),
  }));
}

function checkKurrentEvent(event: NewEvent): void {
  // KurrentDB ids are UUIDs and come back lower-case; asking for that form keeps ids exact.
  if (!UUID.test(event.eventId)) {
    throw new TypeError(
      `Event ${event.eventId}: KurrentDB needs event ids that are UUIDs in lower-case form`,
    );
  }
  if (typeof event.type === 'string' && event.type.startsWith('$')) {
    throw new TypeError(`Event ${event.eventId}: types starting with $ are reserved by KurrentDB`);
  }
}
