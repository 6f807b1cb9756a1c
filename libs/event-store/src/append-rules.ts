import {
  ConcurrencyError,
  DuplicateEventIdError,
  expectedRevisionMatches,
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type EventMetadata,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamRevision,
} from './event-store.port.js';

/*
 * The adapter-independent parts of an append and an import: input checks, serialisation, the
 * rules of EventStore.append (decideAppend) and of EventLogImport.importEvents (planImport). An
 * adapter supplies the storage; these decide what the stored state means for the call.
 */

/** An event checked and serialised for storage; `data` and `metadata` are JSON texts. */
export interface SerializedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  /** A copy of metadata.recordedAt. */
  recordedAt: string;
}

/** An event already in the log that reuses one of the batch's ids. */
export interface ExistingEvent {
  eventId: string;
  streamId: string;
  revision: StreamRevision;
  position: Position;
}

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId === '') {
    throw new TypeError('streamId must be a non-empty string');
  }
}

/** Checks the arguments of `readAll`, the same in every adapter. */
export function assertReadAllOptions({ after, limit }: ReadAllOptions): void {
  if (!Number.isInteger(after) || after < START) {
    throw new RangeError(`after must be a non-negative integer position, got ${after}`);
  }
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
}

export function assertExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (!Number.isInteger(expected) || expected < NO_STREAM_REVISION) {
    throw new RangeError(`Invalid expected revision ${String(expected)}`);
  }
}

/** An event of an append, checked, with its defaults filled in; not yet serialised. */
export interface CheckedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** The event's data; undefined becomes null, since JSON has no undefined. */
  data: unknown;
  metadata: EventMetadata & { recordedAt: string };
}

export interface CheckNewEventsOptions {
  /** Stamps the events without a metadata.recordedAt; the same instant for the whole batch. */
  now?: string;
  /**
   * An adapter's own rules for one event (the id and type forms its engine accepts). It runs
   * after the id is known to be a non-empty string, before any other check of that event.
   */
  check?: (event: NewEvent) => void;
}

/**
 * The checks every adapter makes on an append's batch, before any I/O: each event has an id and
 * a type, a positive schema version (1 if missing) and a recordedAt (`now` if missing). A batch
 * that repeats an id is a DuplicateEventIdError here, so no storage constraint has to report it.
 */
export function checkNewEvents(
  events: readonly NewEvent[],
  { now = new Date().toISOString(), check }: CheckNewEventsOptions = {},
): CheckedEvent[] {
  const seen = new Set<string>();
  return events.map((event) => {
    if (typeof event.eventId !== 'string' || event.eventId === '') {
      throw new TypeError('eventId must be a non-empty string');
    }
    check?.(event);
    if (typeof event.type !== 'string' || event.type === '') {
      throw new TypeError(`Event ${event.eventId}: type must be a non-empty string`);
    }
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event.eventId);
    const schemaVersion = event.schemaVersion ?? 1;
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new RangeError(`Event ${event.eventId}: schemaVersion must be a positive integer`);
    }
    return {
      eventId: event.eventId,
      type: event.type,
      schemaVersion,
      // JSON has no undefined; null rather than a missing value, which a store may not keep.
      data: event.data ?? null,
      metadata: { ...event.metadata, recordedAt: event.metadata?.recordedAt ?? now },
    };
  });
}

/** Checks a batch (checkNewEvents) and serialises it for a SQL table. */
export function serializeEvents(events: readonly NewEvent[]): SerializedEvent[] {
  return checkNewEvents(events).map((event) => ({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: JSON.stringify(event.data),
    metadata: JSON.stringify(event.metadata),
    recordedAt: event.metadata.recordedAt,
  }));
}

/** The stream as an append finds it; NO_STREAM_REVISION and START for a missing stream. */
export interface StreamHead {
  revision: StreamRevision;
  /** Position of the stream's last event. */
  position: Position;
}

/** What an append does: answer without writing, or write its batch after the stream's head. */
export type AppendDecision = { write: false; result: AppendResult } | { write: true };

/**
 * The rule of EventStore.append, given the stream's head and the events already in the log that
 * reuse one of the batch's ids (`existing`). In this order:
 * - an empty batch writes nothing but still checks `expected`, and answers with the head;
 * - a batch whose ids exist is an idempotent retry or a DuplicateEventIdError (resolveRetry).
 *   This comes before the revision check: a retry of an append that did commit would otherwise
 *   be told it lost a race against itself;
 * - otherwise `expected` must match the head (ConcurrencyError), and the batch is written.
 */
export function decideAppend(
  streamId: string,
  ids: readonly string[],
  expected: ExpectedRevision,
  head: StreamHead,
  existing: readonly ExistingEvent[],
): AppendDecision {
  if (ids.length === 0) {
    requireExpected(streamId, expected, head.revision);
    return {
      write: false,
      result: { nextExpectedRevision: head.revision, position: head.position },
    };
  }
  if (existing.length > 0) {
    return { write: false, result: resolveRetry(streamId, ids, expected, head.revision, existing) };
  }
  requireExpected(streamId, expected, head.revision);
  return { write: true };
}

function requireExpected(
  streamId: string,
  expected: ExpectedRevision,
  actual: StreamRevision,
): void {
  if (!expectedRevisionMatches(expected, actual)) {
    throw new ConcurrencyError(streamId, expected, actual);
  }
}

/**
 * Decides an append whose batch reuses ids already in the log (`existing`, found by id).
 * When they are this batch, in this stream, as one consecutive run in the same order, and
 * `expected` fits where they were written, the retry returns the original result. If `expected`
 * does not fit: a ConcurrencyError, or a DuplicateEventIdError when `expected` matches the
 * stream as it is now (writing would duplicate the ids). Any other reuse is a
 * DuplicateEventIdError.
 */
function resolveRetry(
  streamId: string,
  ids: readonly string[],
  expected: ExpectedRevision,
  actual: StreamRevision,
  existing: readonly ExistingEvent[],
): AppendResult {
  const byId = new Map(existing.map((row) => [row.eventId, row]));
  const first = byId.get(ids[0]);
  const isSameBatch =
    first !== undefined &&
    ids.every((id, i) => {
      const row = byId.get(id);
      return row !== undefined && row.streamId === streamId && row.revision === first.revision + i;
    });
  if (!isSameBatch) {
    throw new DuplicateEventIdError(ids.find((id) => byId.has(id)) ?? ids[0]);
  }

  const fitsOriginalWrite =
    expected === 'any' ||
    expected === 'stream_exists' ||
    (expected === 'no_stream' ? first.revision === 0 : expected === first.revision - 1);
  if (!fitsOriginalWrite) {
    if (expectedRevisionMatches(expected, actual)) throw new DuplicateEventIdError(ids[0]);
    throw new ConcurrencyError(streamId, expected, actual);
  }
  const lastOfBatch = byId.get(ids[ids.length - 1]) ?? first;
  return { nextExpectedRevision: lastOfBatch.revision, position: lastOfBatch.position };
}

/** An exported event checked and serialised for an import, with its own place in the log. */
export interface SerializedImportEvent extends SerializedEvent {
  streamId: string;
  revision: StreamRevision;
  position: Position;
}

/**
 * Checks a batch for EventLogImport.importEvents: the same checks and serialisation as an
 * append, plus a recordedAt (it is never filled in), a revision, and positions that increase
 * strictly.
 */
export function serializeImportEvents(events: readonly RecordedEvent[]): SerializedImportEvent[] {
  const seen = new Set<string>();
  let previous: Position = START;
  return events.map((event) => {
    assertStreamId(event.streamId);
    const [serialized] = serializeEvents([event]);
    if (typeof event.metadata?.recordedAt !== 'string' || event.metadata.recordedAt === '') {
      throw new TypeError(`Event ${event.eventId}: metadata.recordedAt must be a string`);
    }
    if (seen.has(event.eventId)) throw new DuplicateEventIdError(event.eventId);
    seen.add(event.eventId);
    if (!Number.isInteger(event.revision) || event.revision < 0) {
      throw new RangeError(`Event ${event.eventId}: revision must be a non-negative integer`);
    }
    if (!Number.isInteger(event.position) || event.position <= previous) {
      throw new RangeError(
        `Event ${event.eventId}: positions must be integers increasing strictly from 1, got ${event.position} after ${previous}`,
      );
    }
    previous = event.position;
    return {
      ...serialized,
      streamId: event.streamId,
      revision: event.revision,
      position: event.position,
    };
  });
}

/**
 * Decides an import against the log as it is (`head`, the events reusing the batch's ids, the
 * current revision of each stream the batch touches): events already there in the same place
 * are skipped (a retried batch), the rest must lie above the head and continue their streams.
 */
export function planImport<
  T extends Pick<SerializedImportEvent, 'eventId' | 'streamId' | 'revision' | 'position'>,
>(
  events: readonly T[],
  head: Position,
  existing: readonly ExistingEvent[],
  revisions: ReadonlyMap<string, StreamRevision>,
): { fresh: T[]; skipped: number; position: Position } {
  const existingById = new Map(existing.map((row) => [row.eventId, row]));
  const current = new Map(revisions);
  let position = head;
  const fresh: T[] = [];
  for (const event of events) {
    const found = existingById.get(event.eventId);
    if (found) {
      const sameEvent =
        found.streamId === event.streamId &&
        found.revision === event.revision &&
        found.position === event.position;
      if (!sameEvent) throw new DuplicateEventIdError(event.eventId);
      continue;
    }
    if (event.position <= position) {
      throw new RangeError(
        `Event ${event.eventId}: position ${event.position} is not above the log's head ${position}`,
      );
    }
    const actual = current.get(event.streamId) ?? NO_STREAM_REVISION;
    if (event.revision !== actual + 1) {
      throw new ConcurrencyError(event.streamId, event.revision - 1, actual);
    }
    current.set(event.streamId, event.revision);
    position = event.position;
    fresh.push(event);
  }
  return { fresh, skipped: events.length - fresh.length, position };
}
