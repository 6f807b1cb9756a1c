import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '#app/event-store';
import { writeSampleLog } from '../../../libs/event-store/src/testing/sample-log.js';
import { cli } from './cli.spec-helpers.js';
import { openEventLog } from './event-log.js';

/** Every event of a data directory's log, read through the real adapter. */
async function readLog(dataDir: string): Promise<RecordedEvent[]> {
  const log = await openEventLog(dataDir, { mustExist: true });
  try {
    return await log.store.readAll({ after: 0, limit: 1_000_000 });
  } finally {
    await log.close();
  }
}

/**
 * A few hundred events in interleaved streams (see writeSampleLog): the first three come in
 * through importEvents with a gap in positions (as an export from a server engine may have), so
 * the round trip must keep positions, not renumber.
 */
async function writeSourceLog(dataDir: string): Promise<RecordedEvent[]> {
  const log = await openEventLog(dataDir, { mustExist: false });
  try {
    return await writeSampleLog(log.store, 130);
  } finally {
    await log.close();
  }
}

describe('export-events / import-events', () => {
  let root: string;
  let source: string;
  let target: string;
  let original: RecordedEvent[];

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'cli-events-'));
    source = join(root, 'source');
    target = join(root, 'target');
    original = await writeSourceLog(source);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const exportTo = async (file: string) => {
    const run = await cli(['export-events', '--data-dir', source, '--out', file]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    return readFileSync(file, 'utf8');
  };

  it('round-trips every field of every event, positions included', async () => {
    expect(original.length).toBeGreaterThanOrEqual(300);
    expect(original.slice(0, 4).map((e) => e.position)).toEqual([1, 4, 9, 10]);

    const file = join(root, 'backup.jsonl');
    const exported = await exportTo(file);
    const lines = exported.trimEnd().split('\n');
    expect(lines).toHaveLength(original.length);
    expect(JSON.parse(lines[0])).toEqual(original[0]);
    expect(existsSync(`${file}.partial`)).toBe(false);

    const run = await cli([
      'import-events',
      `--data-dir=${target}`,
      `--in=${file}`,
      '--batch-size',
      '64',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`imported ${original.length} events`);
    expect(await readLog(target)).toEqual(original);

    // And appends after a restore continue above the restored head, like on the original.
    const log = await openEventLog(target, { mustExist: true });
    try {
      const appended = await log.store.append(
        'household-new',
        [{ eventId: 'x', type: 'T', data: 1 }],
        'no_stream',
      );
      expect(appended.position).toBe(original.at(-1)!.position + 1);
    } finally {
      await log.close();
    }
  });

  it('exports to stdout by default (DATA_DIR from the environment) and imports from stdin', async () => {
    const fromFile = await exportTo(join(root, 'a.jsonl'));
    const toStdout = await cli(['export-events'], { env: { DATA_DIR: source } });
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe(fromFile);
    expect(toStdout.stderr).toContain(`exported ${original.length} events`);

    const run = await cli(['import-events', '--in', '-'], {
      env: { DATA_DIR: target },
      stdin: toStdout.stdout,
    });
    expect(run.code).toBe(0);
    expect(await readLog(target)).toEqual(original);
  });

  it('refuses a store that holds other events, and writes nothing', async () => {
    const file = join(root, 'backup.jsonl');
    await exportTo(file);
    const log = await openEventLog(target, { mustExist: false });
    await log.store.append(
      'household-other',
      [{ eventId: 'mine', type: 'T', data: {} }],
      'no_stream',
    );
    await log.close();

    const run = await cli(['import-events', '--data-dir', target, '--in', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not empty');
    expect(run.stderr).toContain('line 1');
    expect((await readLog(target)).map((e) => e.eventId)).toEqual(['mine']);
  });

  it('refuses a store holding more than the file, even if the file is a prefix of it', async () => {
    const file = join(root, 'backup.jsonl');
    const lines = (await exportTo(file)).trimEnd().split('\n');
    writeFileSync(file, lines.slice(0, 100).join('\n') + '\n');
    const run = await cli(['import-events', '--data-dir', source, '--in', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the end of the file');
    expect(await readLog(source)).toEqual(original);
  });

  it('stops at a corrupted line, naming it, with only whole batches before it written; a re-run resumes', async () => {
    const file = join(root, 'backup.jsonl');
    const good = (await exportTo(file)).trimEnd().split('\n');
    const corrupted = [...good];
    corrupted[149] = corrupted[149].slice(0, 40); // line 150: truncated JSON
    writeFileSync(file, corrupted.join('\n') + '\n');

    const run = await cli([
      'import-events',
      '--data-dir',
      target,
      '--in',
      file,
      '--batch-size',
      '50',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 150: ');
    expect(run.stderr).toContain('not valid JSON');
    expect(run.stderr).toContain("the file's first 100 events (through line 100)");
    // Batches of 50: lines 1–100 are in, the batch holding line 150 is not.
    expect(await readLog(target)).toEqual(original.slice(0, 100));

    writeFileSync(file, good.join('\n') + '\n');
    const rerun = await cli([
      'import-events',
      '--data-dir',
      target,
      '--in',
      file,
      '--batch-size',
      '50',
    ]);
    expect(rerun.code).toBe(0);
    expect(rerun.stderr).toContain(
      `imported ${original.length - 100} events (100 of the file were already there)`,
    );
    expect(await readLog(target)).toEqual(original);

    const again = await cli(['import-events', '--data-dir', target, '--in', file]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(
      `imported 0 events (${original.length} of the file were already there)`,
    );
    expect(await readLog(target)).toEqual(original);
  });

  it('names the line of out-of-order positions, revision gaps, missing fields and bad values', async () => {
    const lines = (await exportTo(join(root, 'backup.jsonl'))).trimEnd().split('\n');
    const record = (i: number) => JSON.parse(lines[i]) as Record<string, unknown>;
    const withLine = (i: number, replacement: string) =>
      lines.map((line, j) => (j === i ? replacement : line));
    const streamOf7 = record(7).streamId;
    const laterInStream = lines.findIndex((_, j) => j > 7 && record(j).streamId === streamOf7);

    const cases: { name: string; content: string[]; line: number; message: string }[] = [
      {
        name: 'swapped lines',
        content: withLine(5, lines[6]).map((line, j) => (j === 6 ? lines[5] : line)),
        line: 7,
        message: 'out of order',
      },
      {
        name: 'a missing event in a stream',
        content: lines.filter((_, j) => j !== 7),
        line: laterInStream, // one line earlier once line 8 is gone, so 1-based it is this index
        message: `stream ${String(streamOf7)} should continue at revision`,
      },
      {
        name: 'a missing field',
        content: withLine(3, JSON.stringify({ ...record(3), eventId: undefined })),
        line: 4,
        message: 'missing field eventId',
      },
      {
        name: 'an unknown field',
        content: withLine(3, JSON.stringify({ ...record(3), extra: 1 })),
        line: 4,
        message: 'unknown field extra',
      },
      {
        name: 'a bad recordedAt',
        content: withLine(
          2,
          JSON.stringify({ ...record(2), metadata: { recordedAt: 'yesterday' } }),
        ),
        line: 3,
        message: 'metadata.recordedAt',
      },
      {
        name: 'a negative revision',
        content: withLine(0, JSON.stringify({ ...record(0), revision: -1 })),
        line: 1,
        message: 'revision must be an integer',
      },
      { name: 'an array', content: withLine(0, '[1,2]'), line: 1, message: 'not a JSON object' },
    ];
    for (const [i, c] of cases.entries()) {
      const file = join(root, `case-${i}.jsonl`);
      const dataDir = join(root, `case-${i}`);
      writeFileSync(file, c.content.join('\n') + '\n');
      const run = await cli(['import-events', '--data-dir', dataDir, '--in', file]);
      expect({ name: c.name, code: run.code }).toEqual({ name: c.name, code: 1 });
      expect(run.stderr).toContain(`line ${c.line}: `);
      expect(run.stderr).toContain(c.message);
      expect(run.stderr).toContain('nothing was written');
      expect(await readLog(dataDir)).toEqual([]);
    }
  });
});

describe('CLI arguments', () => {
  it('lists the commands on --help and exits 0; without a command it exits 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['seed-demo', 'export-events', 'import-events']) {
      expect(help.stdout).toContain(name);
    }
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage');
  });

  it('shows each command’s flags on --help without running it', async () => {
    for (const name of ['seed-demo', 'export-events', 'import-events']) {
      const run = await cli([name, '--help', '--data-dir', '/nonexistent/never-created']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`npm run cli -- ${name} [flags]`);
      expect(run.stdout).toContain('--data-dir DIR');
    }
    expect(existsSync('/nonexistent/never-created')).toBe(false);
  });

  it.each([
    [['nope'], 'unknown command "nope"'],
    [['export-events', '--bogus'], 'unknown flag --bogus'],
    [['export-events', '--out'], '--out needs a value'],
    [['export-events', '--out', '--data-dir', 'x'], '--out needs a value'],
    [['export-events', '--out='], '--out needs a value'],
    [['export-events', 'stray'], 'unexpected argument "stray"'],
    [['export-events', '--out', 'a', '--out=b'], '--out given twice'],
    [['seed-demo', '--force=yes'], '--force takes no value'],
    [['seed-demo', '--concurrency', '0'], '--concurrency must be a positive integer'],
    [['import-events'], '--in FILE|- is required'],
    [
      ['import-events', '--in', 'x', '--batch-size', '1.5'],
      '--batch-size must be a positive integer',
    ],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toMatch(/错误 \/ error: .*[\u4e00-\u9fff]/);
  });

  it('reports a missing database or input file as a failure (exit 1) without creating anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cli-args-'));
    try {
      const exported = await cli(['export-events', '--data-dir', join(root, 'none')]);
      expect(exported.code).toBe(1);
      expect(exported.stderr).toContain('no database file');
      expect(existsSync(join(root, 'none'))).toBe(false);

      const imported = await cli([
        'import-events',
        '--data-dir',
        join(root, 'd'),
        '--in',
        join(root, 'missing.jsonl'),
      ]);
      expect(imported.code).toBe(1);
      expect(imported.stderr).toContain('file not found');
      expect(existsSync(join(root, 'd'))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
