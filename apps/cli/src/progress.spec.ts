import { describe, expect, it } from '@jest/globals';
import { Capture } from './cli.spec-helpers.js';
import { formatProgress, Progress } from './progress.js';

describe('formatProgress', () => {
  it('draws a ten-cell bar, the percentage, the counts with separators and the seconds', () => {
    expect(formatProgress({ done: 12_345, total: 27_000, unit: 'events', elapsedMs: 3_210 })).toBe(
      '[####------] 45% 12,345/27,000 events 3.2 s',
    );
  });

  it('rounds the bar and the percentage down, so 100 % means done', () => {
    expect(formatProgress({ done: 999, total: 1000, unit: 'events', elapsedMs: 0 })).toBe(
      '[#########-] 99% 999/1,000 events 0.0 s',
    );
    expect(formatProgress({ done: 1000, total: 1000, unit: 'events', elapsedMs: 61_049 })).toBe(
      '[##########] 100% 1,000/1,000 events 61.0 s',
    );
  });

  it('shows an empty job as complete and clamps overshoot', () => {
    expect(formatProgress({ done: 0, total: 0, unit: 'events', elapsedMs: 50 })).toBe(
      '[##########] 100% 0/0 events 0.1 s',
    );
    expect(formatProgress({ done: 12, total: 10, unit: 'commands', elapsedMs: 0 })).toMatch(
      /^\[#{10}\] 100% 12\/10 commands/,
    );
  });

  it('shows only the count without a total, and a label first', () => {
    expect(
      formatProgress({ done: 1_234_567, unit: 'events', elapsedMs: 1_500, label: '导入 / import' }),
    ).toBe('导入 / import 1,234,567 events 1.5 s');
  });
});

describe('Progress', () => {
  function clock() {
    let now = 0;
    return { now: () => now, advance: (ms: number) => (now += ms) };
  }

  it('prints one line per tenth of the work when not on a terminal, and the final state', () => {
    const out = new Capture();
    const time = clock();
    const progress = new Progress({
      stream: out,
      isTTY: false,
      unit: 'events',
      total: 1000,
      now: time.now,
    });
    for (let done = 1; done <= 995; done++) {
      time.advance(1);
      progress.update(done);
    }
    progress.finish();
    const lines = out.text.trimEnd().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('[#---------] 10% 100/1,000 events 0.1 s');
    expect(lines[8]).toBe('[#########-] 90% 900/1,000 events 0.9 s');
    expect(lines[9]).toBe('[#########-] 99% 995/1,000 events 1.0 s');
    expect(out.text).not.toContain('\r');
  });

  it('does not repeat the last line when the work ended on a tenth', () => {
    const out = new Capture();
    const progress = new Progress({ stream: out, isTTY: false, unit: 'events', total: 10 });
    for (let done = 1; done <= 10; done++) progress.update(done);
    progress.finish();
    expect(out.text.trimEnd().split('\n')).toHaveLength(10);
  });

  it('redraws one line in place on a terminal, at most every 100 ms, and ends it on finish', () => {
    const out = new Capture();
    const time = clock();
    const progress = new Progress({
      stream: out,
      isTTY: true,
      unit: 'events',
      total: 100,
      now: time.now,
    });
    for (let done = 1; done <= 100; done++) {
      time.advance(10);
      progress.update(done);
    }
    progress.finish();
    const draws = out.text.split('\r').filter(Boolean);
    // 1 000 ms of work at one redraw per 100 ms, plus the final one.
    expect(draws).toHaveLength(11);
    expect(draws.at(-1)).toBe('[##########] 100% 100/100 events 1.0 s\x1b[K\n');
    expect(out.text.indexOf('\n')).toBe(out.text.length - 1);
  });

  it('logs every few seconds without a total', () => {
    const out = new Capture();
    const time = clock();
    const progress = new Progress({ stream: out, isTTY: false, unit: 'events', now: time.now });
    for (let done = 1; done <= 120; done++) {
      time.advance(100);
      progress.update(done);
    }
    progress.finish();
    expect(out.text.trimEnd().split('\n')).toEqual([
      '1 events 0.1 s',
      '51 events 5.1 s',
      '101 events 10.1 s',
      '120 events 12.0 s',
    ]);
  });

  it('ends a redrawn line on abort so an error starts on its own line', () => {
    const out = new Capture();
    const progress = new Progress({ stream: out, isTTY: true, unit: 'events', total: 10 });
    progress.update(3);
    progress.abort();
    progress.update(5);
    expect(out.text.startsWith('\r[###-------] 30% 3/10 events ')).toBe(true);
    expect(out.text.endsWith(' s\x1b[K\n')).toBe(true);
    expect(out.text.split('\n')).toHaveLength(2);
  });
});
