import type { EventMetadata, RecordedEvent } from '#app/event-store';

/**
 * The export format: JSON Lines, one RecordedEvent per line in position order, with exactly
 * these fields (recordedAt lives in metadata, as in the store).
 */
const FIELDS = [
  'position',
  'eventId',
  'streamId',
  'revision',
  'type',
  'schemaVersion',
  'data',
  'metadata',
] as const;

export function toEventLine(event: RecordedEvent): string {
  return JSON.stringify({
    position: event.position,
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  });
}

/** A line of the file that is not a valid event; the message is Chinese / English. */
export class EventLineError extends Error {
  override readonly name = 'EventLineError';
}

/** Parses and checks one line; every problem is an EventLineError saying what is wrong. */
export function parseEventLine(text: string): RecordedEvent {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EventLineError(`不是合法的 JSON / not valid JSON (${reason})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventLineError('不是 JSON 对象 / not a JSON object');
  }
  const record = value as Record<string, unknown>;
  for (const field of FIELDS) {
    if (!(field in record)) throw new EventLineError(`缺少字段 ${field} / missing field ${field}`);
  }
  const unknown = Object.keys(record).find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) {
    throw new EventLineError(`未知字段 ${unknown} / unknown field ${unknown}`);
  }
  const integer = (field: string, min: number): number => {
    const v = record[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw new EventLineError(
        `字段 ${field} 须为不小于 ${min} 的整数 / ${field} must be an integer ≥ ${min}`,
      );
    }
    return v;
  };
  const nonEmptyString = (field: string): string => {
    const v = record[field];
    if (typeof v !== 'string' || v === '') {
      throw new EventLineError(
        `字段 ${field} 须为非空字符串 / ${field} must be a non-empty string`,
      );
    }
    return v;
  };
  const metadata = record.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new EventLineError('字段 metadata 须为对象 / metadata must be an object');
  }
  const recordedAt = (metadata as EventMetadata).recordedAt;
  if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt))) {
    throw new EventLineError(
      '字段 metadata.recordedAt 须为 ISO 时间 / metadata.recordedAt must be an ISO-8601 instant',
    );
  }
  return {
    position: integer('position', 1),
    eventId: nonEmptyString('eventId'),
    streamId: nonEmptyString('streamId'),
    revision: integer('revision', 0),
    type: nonEmptyString('type'),
    schemaVersion: integer('schemaVersion', 1),
    data: record.data,
    metadata: metadata as RecordedEvent['metadata'],
  };
}
