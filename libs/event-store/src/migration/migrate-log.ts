import { isDeepStrictEqual } from 'node:util';
import { START, type EventStore, type Position, type RecordedEvent } from '../event-store.port.js';
import type { MigrationTarget } from './migration-target.js';

/*
 * Copying one event log into another, whatever the engines: the target must hold a prefix of
 * the source (checked event by event), and the copy continues after it, in batches. Messages are
 * in Chinese and English, as the CLI that runs this shows them to the county's operators.
 */

export interface MigrateOptions {
  batchSize: number;
  /** Source events at or below this position are migrated (the head when the run started). */
  upTo: Position;
  /** At most this many events are written by this run (migrating in parts). */
  limit?: number;
  /** Events of the source the target holds so far, during the check and the copy. */
  onProgress?: (done: number) => void;
  /** After each batch written; a test uses it to interrupt a run. */
  afterBatch?: (written: number) => Promise<void> | void;
}

export interface MigrateOutcome {
  /** Events of the source the target already held when the run started (a resumed migration). */
  present: number;
  written: number;
  /** Source position of the last event the target holds (0 if none). */
  position: Position;
}

/** The target holds events that are not a prefix of the source log. */
export class ForeignTargetError extends Error {
  override readonly name = 'ForeignTargetError';
}

/** A failure while copying, with how far the copy got (the target keeps that much). */
export class MigrationInterruptedError extends Error {
  override readonly name = 'MigrationInterruptedError';
  constructor(
    failure: unknown,
    readonly held: number,
    readonly position: Position,
    /** Some events of the failed batch may be in the target too. */
    readonly maybeMore: boolean,
  ) {
    super(failure instanceof Error ? failure.message : String(failure), { cause: failure });
  }
}

/**
 * Copies the source log up to `upTo` into the target, after checking that the target holds a
 * prefix of it (nothing, a part from an interrupted run, or all of it) and continuing after that
 * prefix. Reading the next batch of the source overlaps with writing the current one.
 */
export async function migrateLog(
  source: EventStore,
  target: MigrationTarget,
  options: MigrateOptions,
): Promise<MigrateOutcome> {
  const { batchSize, upTo, limit = Infinity, onProgress, afterBatch } = options;
  const { present, position: resumeAt } = await matchPrefix(source, target, options);
  let written = 0;
  let position = resumeAt;

  const read = async (after: Position, wanted: number): Promise<RecordedEvent[]> => {
    if (wanted <= 0 || after >= upTo) return [];
    const events = await source.readAll({ after, limit: Math.min(batchSize, wanted) });
    return events.filter((event) => event.position <= upTo);
  };
  let next = read(position, limit);
  try {
    for (;;) {
      const batch = await next;
      if (batch.length === 0) break;
      const last = batch[batch.length - 1].position;
      next = read(last, limit - written - batch.length);
      await target.write(batch);
      written += batch.length;
      position = last;
      onProgress?.(present + written);
      await afterBatch?.(written);
    }
  } catch (error) {
    // The read under way may fail too; its result is no longer wanted.
    next.catch(() => undefined);
    throw new MigrationInterruptedError(error, present + written, position, !target.atomicBatches);
  }
  return { present, written, position };
}

/**
 * Walks the target's log and the source's side by side. Every event the target holds must be the
 * source's event at the same place, field by field (positions too if the target keeps them).
 */
async function matchPrefix(
  source: EventStore,
  target: MigrationTarget,
  { batchSize, upTo, onProgress }: MigrateOptions,
): Promise<{ present: number; position: Position }> {
  const theirs = new LogCursor(target.store, Infinity, batchSize);
  const ours = new LogCursor(source, upTo, batchSize);
  let present = 0;
  let position = START;
  for (;;) {
    const held = await theirs.next();
    if (held === undefined) return { present, position };
    const expected = await ours.next();
    if (expected === undefined) {
      throw new ForeignTargetError(
        `目标比源日志多出事件（第 ${present + 1} 个，id ${held.eventId}，超出源的末位置 ${upTo}）/ ` +
          `the target holds more events than the source log (event #${present + 1}, ` +
          `id ${held.eventId}, beyond the source's head ${upTo})`,
      );
    }
    const field = firstDifference(expected, held, target.keepsPositions);
    if (field !== undefined) {
      throw new ForeignTargetError(
        `目标的第 ${present + 1} 个事件与源不同（${field}：源 ${shown(expected, field)}，目标 ${shown(held, field)}）/ ` +
          `the target's event #${present + 1} differs from the source's (${field}: ` +
          `source ${shown(expected, field)}, target ${shown(held, field)})`,
      );
    }
    present++;
    position = expected.position;
    onProgress?.(present);
  }
}

const COMPARED = [
  'eventId',
  'position',
  'streamId',
  'revision',
  'type',
  'schemaVersion',
  'data',
  'metadata',
] as const;
type ComparedField = (typeof COMPARED)[number];

/** JSON stored as jsonb comes back with its keys reordered, so data and metadata are compared as values. */
function firstDifference(
  a: RecordedEvent,
  b: RecordedEvent,
  withPositions: boolean,
): ComparedField | undefined {
  return COMPARED.find(
    (field) => (withPositions || field !== 'position') && !isDeepStrictEqual(a[field], b[field]),
  );
}

function shown(event: RecordedEvent, field: ComparedField): string {
  const text = JSON.stringify(event[field]) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A log read forward in batches, up to a position. */
class LogCursor {
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private after = START;
  private ended = false;

  constructor(
    private readonly store: EventStore,
    private readonly upTo: Position,
    private readonly batchSize: number,
  ) {}

  async next(): Promise<RecordedEvent | undefined> {
    if (this.index === this.buffer.length) {
      if (this.ended || this.after >= this.upTo) return undefined;
      const events = await this.store.readAll({ after: this.after, limit: this.batchSize });
      this.buffer = events.filter((event) => event.position <= this.upTo);
      this.index = 0;
      if (this.buffer.length < events.length || events.length < this.batchSize) this.ended = true;
      if (this.buffer.length === 0) return undefined;
      this.after = this.buffer[this.buffer.length - 1].position;
    }
    return this.buffer[this.index++];
  }
}
