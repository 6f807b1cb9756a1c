/**
 * The event store port. Modelled on KurrentDB so that adapter stays a thin mapping:
 * streams are named `<category>-<id>`, revisions are 0-based per stream and the global log
 * has strictly increasing positions.
 */

/** Position in the global log. 0 means "before the first event". */
export type Position = number;

/** Revision of the last event in a stream; -1 for a stream that does not exist. */
export type StreamRevision = number;

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | StreamRevision;

export const NO_STREAM_REVISION: StreamRevision = -1;
export const START: Position = 0;

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  commandId?: string;
  /** The command's name, so a reused commandId on another command can be told apart. */
  commandType?: string;
  actor?: string;
  /** ISO-8601 instant at which the system learned the fact. */
  recordedAt?: string;
}

export interface NewEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  type: Type;
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  eventId: string;
  streamId: string;
  revision: StreamRevision;
  position: Position;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata & { recordedAt: string };
}

/** A recorded event as it would be appended again: same id, type, version, data and metadata. */
export function toNewEvent(event: RecordedEvent): NewEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  };
}

export interface AppendResult {
  /** Revision of the last event written (or found, for an idempotent retry). */
  nextExpectedRevision: StreamRevision;
  /** Global position of the last event written (or found). */
  position: Position;
}

export interface ReadAllOptions {
  /** Exclusive lower bound. */
  after: Position;
  limit: number;
}

export interface Subscription {
  /** Stops delivery; resolves when the handler is no longer running. */
  stop(): Promise<void>;
  /** Resolves when the subscription ends (after stop() or on a handler failure). */
  readonly done: Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive lower bound; events after it are delivered, first from history, then live. */
  after: Position;
  /** Called with each batch in global order. The next batch waits for the returned promise. */
  onEvents: (events: readonly RecordedEvent[]) => Promise<void> | void;
  batchSize?: number;
}

export interface EventStore {
  /**
   * Appends atomically (all events or none) if `expected` matches, else ConcurrencyError.
   * A retry whose ids are already in this stream as one consecutive run in the same order, with
   * an expected revision that fits where they were written, returns the original result and writes
   * nothing. If it does not fit: ConcurrencyError, or DuplicateEventIdError when `expected` matches
   * the stream as it is now. Any other reuse of an existing id: DuplicateEventIdError.
   * An empty batch writes nothing but still checks `expected`.
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /** All events of a stream in revision order; an empty array for a stream that does not exist. */
  readStream(streamId: string): Promise<RecordedEvent[]>;
  /** Events with position > after, in position order, at most `limit`. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Position of the newest event in the log (0 when empty). */
  headPosition(): Promise<Position>;
  /** Catch-up subscription to the global log: history, then live, with no gap and no duplicate. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  close(): Promise<void>;
}

/**
 * Restoring a backup: writes events exported from a log exactly as they were recorded (same ids,
 * streams, revisions, positions and metadata, recordedAt included). Kept out of EventStore
 * because the application never writes this way; an adapter that can keep positions offers it.
 */
export interface EventLogImport {
  /**
   * Writes the batch atomically (all or none). Positions must increase strictly and lie above the
   * log's head; each revision must be the next one of its stream (ConcurrencyError otherwise).
   * An event already in the log with the same id, stream, revision and position is skipped, so a
   * retried batch writes nothing twice; any other reuse of an id is a DuplicateEventIdError.
   */
  importEvents(events: readonly RecordedEvent[]): Promise<ImportResult>;
}

export interface ImportResult {
  written: number;
  /** Events of the batch that were already in the log (a retry). */
  skipped: number;
  /** The log's head after the batch. */
  position: Position;
}

export class ConcurrencyError extends Error {
  readonly code = 'CONCURRENCY_CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: StreamRevision,
  ) {
    super(
      `Stream ${streamId}: expected revision ${String(expected)}, actual ${actual === NO_STREAM_REVISION ? 'no stream' : actual}`,
    );
    this.name = 'ConcurrencyError';
  }
}

/** An append reused event ids that already exist in a different place in the log. */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly eventId: string) {
    super(`Event id ${eventId} already exists elsewhere in the log`);
    this.name = 'DuplicateEventIdError';
  }
}

/** Checks an expected revision against the actual one; shared by every adapter. */
export function expectedRevisionMatches(
  expected: ExpectedRevision,
  actual: StreamRevision,
): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return actual === NO_STREAM_REVISION;
    case 'stream_exists':
      return actual !== NO_STREAM_REVISION;
    default:
      return expected === actual;
  }
}
