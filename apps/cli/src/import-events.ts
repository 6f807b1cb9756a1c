import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { EventLogImport, EventStore, RecordedEvent } from '#app/event-store';
import { positiveIntFlag } from './args.js';
import { CommandError, UsageError, type CliCommand } from './command.js';
import { DATA_DIR_FLAG, openEventLog, resolveDataDir } from './event-log.js';
import { EventLineError, parseEventLine, toEventLine } from './event-lines.js';
import { Progress } from './progress.js';

export const DEFAULT_IMPORT_BATCH = 2000;

/**
 * Restores an export into an empty store, keeping every event's id, stream, revision, position
 * and metadata.
 *
 * Each batch is checked line by line, then written in one transaction, so the store only ever
 * holds whole batches: a bad line stops the import with its line number and nothing of its batch
 * is written. Re-running with the (corrected) same file resumes: a store that holds exactly a
 * prefix of the file is recognised event by event and the import continues after it. Any other
 * non-empty store is refused.
 */
export const importEvents: CliCommand = {
  name: 'import-events',
  summary: '从 JSON Lines 备份恢复到空库 / restore a JSON Lines export into an empty event store',
  flags: [
    DATA_DIR_FLAG,
    {
      name: 'in',
      kind: 'string',
      valueName: 'FILE|-',
      description: '输入文件，- 为标准输入（必填）/ input file, - for stdin (required)',
    },
    {
      name: 'batch-size',
      kind: 'string',
      valueName: 'N',
      description: `每个事务写入的事件数（默认 ${DEFAULT_IMPORT_BATCH}）/ events per transaction (default ${DEFAULT_IMPORT_BATCH})`,
    },
  ],
  details:
    '只导入到空库；中断或某行出错时，已写入的批次完整有效，修正文件后用同一文件重新运行即从断点继续。\n' +
    'Imports into an empty store only. If a line is bad or the run is interrupted, the batches\n' +
    'already written are complete; re-run with the same (corrected) file to continue from there.\n' +
    '例 / example: npm run cli -- import-events --in backup.jsonl --data-dir ./data-restored',
  async run(flags, io) {
    if (typeof flags.in !== 'string') {
      throw new UsageError('缺少参数 --in / --in FILE|- is required');
    }
    const batchSize = positiveIntFlag(flags, 'batch-size', DEFAULT_IMPORT_BATCH);
    const source = flags.in;
    let input: Readable;
    let totalLines: number | undefined;
    if (source === '-') {
      input = io.stdin;
    } else {
      assertReadableFile(source);
      totalLines = await countLines(source);
      input = createReadStream(source);
    }
    const log = await openEventLog(resolveDataDir(flags, io.env), { mustExist: false });
    try {
      const progress = new Progress({
        stream: io.stderr,
        isTTY: io.stderrIsTTY,
        unit: 'events',
        total: totalLines,
        label: '导入 / import',
      });
      const started = performance.now();
      try {
        const outcome = await importLines(log.store, input, {
          batchSize,
          onProgress: (done) => progress.update(done),
        });
        progress.finish();
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        io.stderr.write(
          `已导入 ${outcome.written} 个事件（库中原有本文件的 ${outcome.present} 个），末位置 ${outcome.position}，用时 ${seconds} 秒 / ` +
            `imported ${outcome.written} events (${outcome.present} of the file were already there), ` +
            `last position ${outcome.position}, in ${seconds} s\n` +
            'API 启动时由日志构建读模型 / the API builds its read models from the log when it starts\n',
        );
      } catch (error) {
        progress.abort();
        throw error;
      }
    } finally {
      input.destroy();
      await log.close();
    }
  },
};

export interface ImportOutcome {
  written: number;
  /** Events of the file the store already held (a resumed import). */
  present: number;
  /** Position of the file's last event (the head after the import), 0 for an empty file. */
  position: number;
}

/** The import itself, on any store offering importEvents. */
export async function importLines(
  store: EventStore & EventLogImport,
  input: Readable,
  { batchSize, onProgress }: { batchSize: number; onProgress?: (done: number) => void },
): Promise<ImportOutcome> {
  const head = await store.headPosition();
  const stored = new StoredEvents(store, head);
  /** Set once every event the store held before this run has been matched by a line. */
  let resumeChecked = head === 0;
  const revisions = new Map<string, number>();
  let lineNumber = 0;
  let previousPosition = 0;
  let present = 0;
  let written = 0;
  let lastWrittenLine = 0;
  let batch: RecordedEvent[] = [];
  let batchLastLine = 0;

  const stopReport = (): string => {
    const kept = present + written;
    if (kept === 0) return '未写入任何事件 / nothing was written.';
    return (
      `库中已有本文件前 ${kept} 个事件（至第 ${lastWrittenLine} 行），均为完整批次；修正后用同一文件重新运行即从此继续 / ` +
      `the store holds the file's first ${kept} events (through line ${lastWrittenLine}), in whole batches; ` +
      're-run with the same file to continue from there.'
    );
  };
  const lineFailure = (line: number, message: string): CommandError =>
    new CommandError(`第 ${line} 行 / line ${line}: ${message}\n${stopReport()}`);
  const notThisFile = (line: number | 'end'): CommandError => {
    const [zh, en] =
      line === 'end' ? ['文件末尾', 'the end of the file'] : [`第 ${line} 行`, `line ${line}`];
    return new CommandError(
      `事件库不是空的（已有事件至位置 ${head}），且不是本文件的部分导入（${zh}不符）：只能导入到空库 / ` +
        `the event store is not empty (events up to position ${head}) and is not a partial import ` +
        `of this file (it differs at ${en}); import only into an empty store`,
    );
  };
  /** A resumed import may only continue once the store's events have all been matched. */
  const checkResumed = async (line: number | 'end'): Promise<void> => {
    if (resumeChecked) return;
    if ((await stored.next()) !== undefined) throw notThisFile(line);
    resumeChecked = true;
  };

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const last = batch[batch.length - 1];
    try {
      await store.importEvents(batch);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CommandError(
        `写入第 ${lastWrittenLine + 1}–${batchLastLine} 行失败，该批未写入 / ` +
          `writing lines ${lastWrittenLine + 1}–${batchLastLine} failed, that batch was not written: ${reason}\n${stopReport()}`,
      );
    }
    // Positions are given explicitly, so the head must now be this batch's last position.
    const nowAt = await store.headPosition();
    if (nowAt !== last.position) {
      throw new CommandError(
        `位置未能保留：预期末位置 ${last.position}，实为 ${nowAt} / positions were not preserved: ` +
          `expected head ${last.position}, got ${nowAt}`,
      );
    }
    written += batch.length;
    lastWrittenLine = batchLastLine;
    batch = [];
  };

  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of lines) {
    lineNumber++;
    const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    let event: RecordedEvent;
    try {
      event = parseEventLine(text);
    } catch (error) {
      if (error instanceof EventLineError) throw lineFailure(lineNumber, error.message);
      throw error;
    }
    if (event.position <= previousPosition) {
      throw lineFailure(
        lineNumber,
        `position ${event.position} 不大于上一行的 ${previousPosition}（顺序错乱）/ ` +
          `position ${event.position} is not above the previous line's ${previousPosition} (out of order)`,
      );
    }
    const expected = (revisions.get(event.streamId) ?? -1) + 1;
    if (event.revision !== expected) {
      throw lineFailure(
        lineNumber,
        `流 ${event.streamId} 的 revision 应为 ${expected}，实为 ${event.revision}（缺失或重复）/ ` +
          `stream ${event.streamId} should continue at revision ${expected}, got ${event.revision} (gap or repeat)`,
      );
    }
    revisions.set(event.streamId, event.revision);
    previousPosition = event.position;

    if (event.position <= head) {
      // Resuming: the store must hold exactly this line here.
      const mine = await stored.next();
      if (mine === undefined || toEventLine(mine) !== toEventLine(event)) {
        throw notThisFile(lineNumber);
      }
      present++;
      lastWrittenLine = lineNumber;
    } else {
      await checkResumed(lineNumber);
      batch.push(event);
      batchLastLine = lineNumber;
      if (batch.length >= batchSize) await flush();
    }
    onProgress?.(present + written + batch.length);
  }
  await checkResumed('end');
  await flush();
  return { written, present, position: previousPosition };
}

/** The store's own events up to a position, read in batches, for comparing with the file. */
class StoredEvents {
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private after = 0;

  constructor(
    private readonly store: EventStore,
    private readonly head: number,
  ) {}

  async next(): Promise<RecordedEvent | undefined> {
    if (this.index === this.buffer.length) {
      if (this.after >= this.head) return undefined;
      this.buffer = (await this.store.readAll({ after: this.after, limit: 1000 })).filter(
        (event) => event.position <= this.head,
      );
      this.index = 0;
      if (this.buffer.length === 0) return undefined;
      this.after = this.buffer[this.buffer.length - 1].position;
    }
    return this.buffer[this.index++];
  }
}

function assertReadableFile(file: string): void {
  let isFile = false;
  try {
    isFile = statSync(file).isFile();
  } catch {
    // reported below
  }
  if (!isFile) throw new CommandError(`找不到文件 ${file} / file not found: ${file}`);
}

/** Lines in a file, for the progress total: one fast pass over its bytes. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1];
  }
  return last === 10 ? lines : lines + 1;
}
