import { randomUUID } from 'node:crypto';
import type { EventLogImport, EventStore, NewEvent, RecordedEvent } from '../event-store.port.js';

/** Streams the sample log's appends are spread over (more streams than that once imported). */
export const SAMPLE_LOG_STREAMS = 157;

/** Every event of a log, read in batches. */
export async function readWholeLog(store: Pick<EventStore, 'readAll'>): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: events.at(-1)?.position ?? 0, limit: 1000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
}

/**
 * A log to copy, written into an empty store through the real adapter: three events imported
 * with gaps in their positions (1, 4, 9; as a log restored from a server engine may have), then
 * `appends` appends of 1 to 4 events over many streams, with varied data (nested, Chinese, null)
 * and metadata, recordedAt included. 1,200 appends make about 3,000 events. Returns the log.
 */
export async function writeSampleLog(
  store: EventStore & EventLogImport,
  appends = 1200,
): Promise<RecordedEvent[]> {
  const gapped = (n: number, streamId: string, revision: number, position: number) => ({
    eventId: randomUUID(),
    streamId,
    revision,
    position,
    type: 'HouseholdRegistered',
    schemaVersion: 1,
    data: { n },
    metadata: { recordedAt: `2014-10-0${n + 1}T08:00:00.000Z`, actor: '王主任' },
  });
  await store.importEvents([
    gapped(0, 'household-g0', 0, 1),
    gapped(1, 'household-g1', 0, 4),
    gapped(2, 'household-g0', 1, 9),
  ]);
  const revisions = new Map<string, number>();
  let n = 3;
  for (let i = 0; i < appends; i++) {
    const streamId = `household-${(i * 31) % SAMPLE_LOG_STREAMS}`;
    const batch: NewEvent[] = [];
    for (let k = 0; k <= i % 4; k++, n++) {
      batch.push({
        eventId: randomUUID(),
        type: n % 5 === 0 ? 'AssistanceRecorded' : 'VisitLogged',
        schemaVersion: 1 + (n % 2),
        data:
          n % 13 === 0
            ? null
            : {
                n,
                note: `走访记录 ${n}`,
                amountFen: n * 101,
                nested: { list: [n, 'a"b\n', { deep: n % 7 === 0 }], z: 1, a: 2 },
              },
        metadata: {
          recordedAt: new Date(Date.UTC(2016, 0, 1) + n * 3_600_000).toISOString(),
          correlationId: `corr-${n}`,
          actor: n % 2 ? '李干部' : 'migrate-test',
          ...(n % 4 === 0 ? { commandId: `cmd-${n}`, commandType: 'LogVisit' } : {}),
        },
      });
    }
    const current = revisions.get(streamId) ?? -1;
    const result = await store.append(streamId, batch, current === -1 ? 'no_stream' : current);
    revisions.set(streamId, result.nextExpectedRevision);
  }
  return readWholeLog(store);
}
