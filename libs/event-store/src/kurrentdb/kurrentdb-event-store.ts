// Type-only: erased at compile time. The client (and its native bridge) loads in connect().
import type {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  KurrentDBClient,
  ReadPosition,
} from '@kurrent/kurrentdb-client';
import {
  ConcurrencyError,
  NO_STREAM_REVISION,
  START,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type Position,
  type ReadAllOptions,
  type RecordedEvent,
  type StreamRevision,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { checkSubscribeOptions } from '../catch-up-subscription.js';
import {
  assertExpectedRevision,
  assertReadAllOptions,
  decideAppend,
  type ExistingEvent,
  type StreamHead,
} from '../append-rules.js';
import { SubscriptionSet } from '../subscription-set.js';
import {
  assertStreamId,
  isUserEvent,
  recordPosition,
  toLogPosition,
  toProposedEvents,
  toRecordedEvent,
  type KurrentRecord,
  type ProposedEvent,
} from './kurrentdb-mapping.js';
import { readableBatches } from './readable-batches.js';

type KurrentModule = typeof import('@kurrent/kurrentdb-client');

let kurrentModule: Promise<KurrentModule> | undefined;

/**
 * Loads @kurrent/kurrentdb-client on first use. Importing it loads the native @kurrent/bridge,
 * which the embedded product neither needs nor may have, so nothing imports it at module load.
 */
function loadKurrent(): Promise<KurrentModule> {
  kurrentModule ??= import('@kurrent/kurrentdb-client');
  return kurrentModule;
}

export interface KurrentDbEventStoreOptions {
  /**
   * Treat the log as starting at the connection: events already in $all stay invisible to
   * readAll, headPosition and subscriptions (readStream still returns whole streams). Meant for
   * running the contract suite against a shared server, which cannot be wiped between runs.
   */
  hideExistingEvents?: boolean;
  /** Resubscriptions in a row, after transport errors, before a subscription gives up. */
  maxResubscribeAttempts?: number;
  /** Wait before the first resubscription; doubles on each further one, up to 10 s. */
  resubscribeDelayMs?: number;
}

const DEFAULT_MAX_RESUBSCRIBE_ATTEMPTS = 5;
const DEFAULT_RESUBSCRIBE_DELAY_MS = 250;
const MAX_RESUBSCRIBE_DELAY_MS = 10_000;
/**
 * An append re-reads the stream and tries again when another writer got in between its read and
 * its write. With `any` or `stream_exists` this repeats while writers keep winning; past this
 * many rounds the append gives up with a ConcurrencyError rather than spin.
 */
const MAX_APPEND_ROUNDS = 20;
/** Event positions remembered as safe places to start a read (see seekFrom). */
const KNOWN_POSITIONS = 10_000;

const CONNECTION_STRING = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/\S+$/;

/** A failure that must end a subscription instead of triggering a resubscription. */
class FatalSubscriptionError extends Error {
  constructor(readonly failure: unknown) {
    super('The subscription cannot continue');
  }
}

interface StreamState extends StreamHead {
  /** The stream's events by id. */
  ids: Map<string, ExistingEvent>;
}

/**
 * Event store on a KurrentDB server (formerly EventStoreDB), through @kurrent/kurrentdb-client.
 *
 * The mapping, port → KurrentDB:
 * - Streams are KurrentDB streams of the same name (`household-<uuid>`); `$` names are refused.
 * - Revisions are KurrentDB stream revisions (bigint) as numbers.
 * - An event's position is its commit position in $all (see toPosition for the bigint guard).
 *   Every event appended over gRPC is its own committed record, so positions strictly increase
 *   even within one append. Positions are byte offsets, not 1, 2, 3…: consumers compare them,
 *   never count with them.
 * - The global log is $all without system events (`$` types and `$` streams).
 * - Data is stored as JSON; our metadata and the schema version as the event's JSON metadata
 *   (StoredMetadata). Event ids are the KurrentDB event ids, so they must be UUIDs.
 *
 * Idempotency and expected revisions: KurrentDB deduplicates retried appends by event id, but
 * only reliably for an exact expected revision (for `any` it consults a cache), and it has no
 * notion of an id reused elsewhere in the stream. So an append first reads the stream and applies
 * the port's rules itself (decideAppend), then writes with the exact revision it read. If another
 * writer got in between, KurrentDB answers WrongExpectedVersion and the append starts over from a
 * fresh read. That costs a stream read per append — cheap for household streams of tens of events.
 *
 * Known gap: event ids are unique per stream, not across the log. An id reused in another stream
 * is accepted (SQLite and PostgreSQL reject it with a unique index).
 */
export class KurrentDbEventStore implements EventStore {
  private readonly subscriptions = new SubscriptionSet();
  private readonly knownPositions = new Set<Position>();
  private readonly maxResubscribeAttempts: number;
  private readonly resubscribeDelayMs: number;
  private closed = false;

  private constructor(
    private readonly kurrent: KurrentModule,
    private readonly client: KurrentDBClient,
    /** Events at or before this position are hidden (hideExistingEvents); START otherwise. */
    private readonly floor: Position,
    options: KurrentDbEventStoreOptions,
  ) {
    this.maxResubscribeAttempts =
      options.maxResubscribeAttempts ?? DEFAULT_MAX_RESUBSCRIBE_ATTEMPTS;
    this.resubscribeDelayMs = options.resubscribeDelayMs ?? DEFAULT_RESUBSCRIBE_DELAY_MS;
    if (!Number.isInteger(this.maxResubscribeAttempts) || this.maxResubscribeAttempts < 0) {
      throw new RangeError('maxResubscribeAttempts must be a non-negative integer');
    }
    if (!(this.resubscribeDelayMs >= 0)) {
      throw new RangeError('resubscribeDelayMs must be >= 0');
    }
    if (floor > START) this.remember(floor);
  }

  /**
   * Loads the client and creates a connection (`kurrentdb://host:2113?tls=false`, or a cluster
   * string). The client connects lazily: an unreachable server shows up on the first call.
   */
  static async connect(
    connectionString: string,
    options: KurrentDbEventStoreOptions = {},
  ): Promise<KurrentDbEventStore> {
    if (typeof connectionString !== 'string' || !CONNECTION_STRING.test(connectionString)) {
      throw new TypeError(
        'KurrentDB connection string must look like kurrentdb://host:2113?tls=false ' +
          '(or kurrentdb+discover://… for a cluster)',
      );
    }
    const kurrent = await loadKurrent();
    const client = kurrent.KurrentDBClient.connectionString(connectionString);
    try {
      const floor = options.hideExistingEvents ? await lastLogPosition(kurrent, client) : START;
      return new KurrentDbEventStore(kurrent, client, floor, options);
    } catch (error) {
      await client.dispose();
      throw error;
    }
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    assertStreamId(streamId);
    assertExpectedRevision(expected);
    const proposed = toProposedEvents(events, new Date().toISOString());
    const ids = proposed.map((event) => event.eventId);

    for (let round = 1; ; round++) {
      const state = await this.readStreamState(streamId);
      const decision = decideAppend(
        streamId,
        ids,
        expected,
        state,
        ids.flatMap((id) => state.ids.get(id) ?? []),
      );
      if (!decision.write) return decision.result;
      try {
        return await this.write(streamId, proposed, state.revision);
      } catch (error) {
        if (!(error instanceof this.kurrent.WrongExpectedVersionError)) throw error;
        // The stream moved after our read: judge the append again against the stream as it is.
        if (round < MAX_APPEND_ROUNDS) continue;
        const actual = error.actualState;
        throw new ConcurrencyError(
          streamId,
          expected,
          actual === this.kurrent.NO_STREAM ? NO_STREAM_REVISION : Number(actual),
        );
      }
    }
  }

  async readStream(streamId: string): Promise<RecordedEvent[]> {
    this.assertOpen();
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId)) {
        if (resolved.event) events.push(toRecordedEvent(resolved.event as KurrentRecord));
      }
    } catch (error) {
      if (error instanceof this.kurrent.StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async readAll({ after, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    this.assertOpen();
    assertReadAllOptions({ after, limit });
    if (limit === 0) return [];

    const events: RecordedEvent[] = [];
    let lowerBound = Math.max(after, this.floor);
    let from = await this.seekFrom(lowerBound);
    for (;;) {
      // KurrentDB reads from a position inclusively, so the event at `from` costs one slot.
      const wanted = limit - events.length + 1;
      let read = 0;
      let last: Position | undefined;
      for await (const resolved of this.client.readAll({
        fromPosition: from,
        maxCount: wanted,
        filter: this.kurrent.excludeSystemEvents(),
      })) {
        read++;
        const record = resolved.event as KurrentRecord | undefined;
        if (!record) continue;
        const position = recordPosition(record);
        if (last !== undefined && position <= last) {
          throw new Error(`KurrentDB returned position ${position} after ${last} in $all`);
        }
        last = position;
        if (position <= lowerBound || !isUserEvent(record)) continue;
        events.push(toRecordedEvent(record));
        if (events.length === limit) break;
      }
      // Fewer than asked for means the end of the log.
      if (events.length === limit || read < wanted || last === undefined) break;
      lowerBound = Math.max(lowerBound, last);
      from = toLogPosition(last);
    }
    for (const event of events) this.remember(event.position);
    return events;
  }

  async headPosition(): Promise<Position> {
    this.assertOpen();
    for await (const resolved of this.client.readAll({
      fromPosition: this.kurrent.END,
      direction: this.kurrent.BACKWARDS,
      filter: this.kurrent.excludeSystemEvents(),
    })) {
      const record = resolved.event as KurrentRecord | undefined;
      if (!record || !isUserEvent(record)) continue;
      const position = recordPosition(record);
      if (position <= this.floor) return START;
      this.remember(position);
      return position;
    }
    return START;
  }

  /**
   * A KurrentDB catch-up subscription to $all, without system events. It starts after `after`,
   * delivers history then live events in batches of what has arrived (at most `batchSize`), and
   * waits for each batch's handler. On a transport error or a dropped subscription it
   * resubscribes from the last delivered position, backing off, up to maxResubscribeAttempts in a
   * row; then `done` rejects with the error. A handler error ends it at once.
   */
  subscribeToAll(options: SubscribeOptions): Subscription {
    this.assertOpen();
    const batchSize = checkSubscribeOptions(options);
    const abort = new AbortController();
    const run = () => this.followAll(options, batchSize, abort.signal);
    // Start on a later tick so subscribeToAll returns before the first call to the server.
    const done = Promise.resolve().then(run);
    // Marked handled so a caller that only awaits stop() does not crash the process.
    done.catch(() => undefined);
    return this.subscriptions.add({
      done,
      async stop() {
        abort.abort();
        await done.catch(() => undefined);
      },
    });
  }

  /** Stops this store's subscriptions and closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    await this.client.dispose();
  }

  private async followAll(
    options: SubscribeOptions,
    batchSize: number,
    signal: AbortSignal,
  ): Promise<void> {
    let checkpoint = options.after;
    let failures = 0;
    while (!signal.aborted) {
      let subscription: AllStreamSubscription | undefined;
      try {
        const fromPosition = await this.seekFrom(Math.max(checkpoint, this.floor));
        if (signal.aborted) return;
        subscription = this.client.subscribeToAll({
          fromPosition,
          filter: this.kurrent.excludeSystemEvents(),
        });
        // Errors after we let go of it (say, during cancellation) must not go unhandled.
        subscription.on('error', () => undefined);
        subscription.once('confirmation', () => (failures = 0));
        const batches = readableBatches<AllStreamResolvedEvent>(subscription, batchSize, signal);
        for await (const batch of batches) {
          const events = this.newEvents(batch, Math.max(checkpoint, this.floor));
          if (events.length === 0) continue;
          if (signal.aborted) return;
          try {
            await options.onEvents(events);
          } catch (error) {
            throw new FatalSubscriptionError(error);
          }
          checkpoint = events[events.length - 1].position;
          this.remember(checkpoint);
          failures = 0;
        }
        if (signal.aborted) return;
        throw new Error('KurrentDB ended the $all subscription');
      } catch (error) {
        if (error instanceof FatalSubscriptionError) throw error.failure;
        if (signal.aborted) return;
        failures++;
        if (failures > this.maxResubscribeAttempts) throw error;
        const delay = Math.min(
          this.resubscribeDelayMs * 2 ** (failures - 1),
          MAX_RESUBSCRIBE_DELAY_MS,
        );
        await sleep(delay, signal);
      } finally {
        if (subscription) {
          await subscription.unsubscribe().catch(() => undefined);
          subscription.destroy();
        }
      }
    }
  }

  /** The user events of a subscription batch after `after`, checked to be in order. */
  private newEvents(batch: readonly AllStreamResolvedEvent[], after: Position): RecordedEvent[] {
    const events: RecordedEvent[] = [];
    let previous = after;
    for (const resolved of batch) {
      const record = resolved.event as KurrentRecord | undefined;
      if (!record) continue;
      const position = recordPosition(record);
      // The subscription may start with the event at its start position: already delivered.
      if (position <= after) continue;
      if (position <= previous) {
        throw new FatalSubscriptionError(
          new Error(`KurrentDB delivered position ${position} after ${previous} on $all`),
        );
      }
      previous = position;
      if (isUserEvent(record)) events.push(toRecordedEvent(record));
    }
    return events;
  }

  /** Every event of the stream with its revision and position; revision -1 if it is missing. */
  private async readStreamState(streamId: string): Promise<StreamState> {
    const ids = new Map<string, ExistingEvent>();
    let revision: StreamRevision = NO_STREAM_REVISION;
    let position: Position = START;
    try {
      for await (const resolved of this.client.readStream(streamId)) {
        const record = resolved.event as KurrentRecord | undefined;
        if (!record) continue;
        const eventId = record.id.toLowerCase();
        revision = Number(record.revision);
        position = recordPosition(record);
        ids.set(eventId, { eventId, streamId, revision, position });
      }
    } catch (error) {
      if (!(error instanceof this.kurrent.StreamNotFoundError)) throw error;
    }
    return { revision, position, ids };
  }

  /**
   * Appends at exactly the revision that was read. KurrentDB answers success in two cases: it
   * wrote the batch, or a concurrent retry of this same batch wrote it first and the server
   * recognised the ids at those revisions. Either way the batch sits right after `revision`, and
   * its last event's position is read back from the stream, so the result is the same in both.
   */
  private async write(
    streamId: string,
    proposed: readonly ProposedEvent[],
    revision: StreamRevision,
  ): Promise<AppendResult> {
    const { jsonEvent, NO_STREAM } = this.kurrent;
    await this.client.appendToStream(
      streamId,
      proposed.map((event) =>
        jsonEvent({
          id: event.eventId,
          type: event.type,
          // Any JSON value; the client's JSONType leaves out null, numbers and booleans.
          data: event.data as Record<string, unknown>,
          metadata: event.metadata as unknown as Record<string, unknown>,
        }),
      ),
      { streamState: revision === NO_STREAM_REVISION ? NO_STREAM : BigInt(revision) },
    );
    const lastRevision = revision + proposed.length;
    const lastId = proposed[proposed.length - 1].eventId;
    for await (const resolved of this.client.readStream(streamId, {
      fromRevision: BigInt(lastRevision),
      maxCount: 1,
    })) {
      const record = resolved.event as KurrentRecord | undefined;
      if (record?.id.toLowerCase() !== lastId) break;
      const position = recordPosition(record);
      this.remember(position);
      return { nextExpectedRevision: lastRevision, position };
    }
    throw new Error(
      `KurrentDB accepted the append to ${streamId}, but revision ${lastRevision} ` +
        `does not hold its last event ${lastId}`,
    );
  }

  /**
   * Where to start reading $all to see everything after `after`. KurrentDB can only start a read
   * at the first byte of a record, and an arbitrary number is usually inside one (the server
   * answers "invalid position"). So: the start or floor of the log; a position this store has
   * seen on an event; a position that turns out to hold an event; or else the newest event at or
   * before `after`, found by reading backwards from the end (cost: the events after `after`).
   */
  private async seekFrom(after: Position): Promise<ReadPosition> {
    const logStart = this.floor === START ? this.kurrent.START : toLogPosition(this.floor);
    if (after <= this.floor) return logStart;
    if (this.knownPositions.has(after) || (await this.holdsEvent(after))) {
      this.remember(after);
      return toLogPosition(after);
    }
    for await (const resolved of this.client.readAll({
      fromPosition: this.kurrent.END,
      direction: this.kurrent.BACKWARDS,
      filter: this.kurrent.excludeSystemEvents(),
    })) {
      const record = resolved.event as KurrentRecord | undefined;
      if (!record) continue;
      const position = recordPosition(record);
      if (position <= this.floor) break;
      if (position <= after) return toLogPosition(position);
    }
    return logStart;
  }

  /** Whether an event starts exactly at `position` (checked by reading one record there). */
  private async holdsEvent(position: Position): Promise<boolean> {
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: toLogPosition(position),
        maxCount: 1,
      })) {
        const record = resolved.event as KurrentRecord | undefined;
        return record !== undefined && recordPosition(record) === position;
      }
      return false;
    } catch {
      // A position inside a record; a lost connection fails the backward read that follows.
      return false;
    }
  }

  private remember(position: Position): void {
    if (this.knownPositions.has(position)) return;
    if (this.knownPositions.size >= KNOWN_POSITIONS) {
      const oldest = this.knownPositions.values().next().value;
      if (oldest !== undefined) this.knownPositions.delete(oldest);
    }
    this.knownPositions.add(position);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('KurrentDbEventStore is closed');
  }
}

/** The position of the newest record in $all, system events included (START if empty). */
async function lastLogPosition(kurrent: KurrentModule, client: KurrentDBClient): Promise<Position> {
  for await (const resolved of client.readAll({
    fromPosition: kurrent.END,
    direction: kurrent.BACKWARDS,
    maxCount: 1,
  })) {
    if (resolved.event) return recordPosition(resolved.event as KurrentRecord);
  }
  return START;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
