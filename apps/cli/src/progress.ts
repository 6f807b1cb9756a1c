import type { Writable } from 'node:stream';

export interface ProgressState {
  done: number;
  /** Unknown (e.g. reading stdin): no bar, only the count. */
  total?: number;
  unit: string;
  elapsedMs: number;
  label?: string;
}

const BAR_WIDTH = 10;

/** `[#####-----] 45% 12,345/27,000 events 3.2 s`, or `12,345 events 3.2 s` without a total. */
export function formatProgress({ done, total, unit, elapsedMs, label }: ProgressState): string {
  const parts: string[] = [];
  if (label) parts.push(label);
  if (total === undefined) {
    parts.push(`${count(done)} ${unit}`);
  } else {
    const fraction = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
    const filled = Math.floor(fraction * BAR_WIDTH);
    parts.push(
      `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`,
      `${Math.floor(fraction * 100)}%`,
      `${count(done)}/${count(total)} ${unit}`,
    );
  }
  parts.push(`${(elapsedMs / 1000).toFixed(1)} s`);
  return parts.join(' ');
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

export interface ProgressOptions {
  stream: Writable;
  /** On a terminal one line is redrawn in place; otherwise a line is printed every ~10 %. */
  isTTY: boolean;
  unit: string;
  total?: number;
  label?: string;
  now?: () => number;
}

/** Redraws on a terminal at most this often. */
const REDRAW_MS = 100;
/** Without a total, a log gets a line this often. */
const LOG_EVERY_MS = 5000;

/**
 * Progress of long work on stderr. On a terminal it redraws one line; in a log (CI, a file, a
 * pipe) it prints one line per tenth of the work, so the log stays readable.
 */
export class Progress {
  private readonly started: number;
  private readonly now: () => number;
  private done = 0;
  private total: number | undefined;
  private lastDrawAt = -Infinity;
  private lastTenth = 0;
  private lastLogged: number | undefined;
  private drawn = false;
  private finished = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
    this.total = options.total;
  }

  update(done: number, total: number | undefined = this.total): void {
    if (this.finished) return;
    this.done = done;
    this.total = total;
    const now = this.now();
    if (this.options.isTTY) {
      if (now - this.lastDrawAt >= REDRAW_MS) this.redraw(now);
      return;
    }
    if (this.total === undefined) {
      if (now - this.lastDrawAt >= LOG_EVERY_MS) this.log(now);
      return;
    }
    const tenth = this.total <= 0 ? 10 : Math.floor((done * 10) / this.total);
    if (tenth > this.lastTenth) {
      this.lastTenth = tenth;
      this.log(now);
    }
  }

  /** Shows the final state and ends the line; later updates are ignored. */
  finish(): void {
    if (this.finished) return;
    const now = this.now();
    if (this.options.isTTY) {
      this.redraw(now);
      this.options.stream.write('\n');
    } else if (this.lastLogged !== this.done || !this.drawn) {
      this.log(now);
    }
    this.finished = true;
  }

  /** Ends a redrawn line without a final state, so an error message starts on its own line. */
  abort(): void {
    if (this.finished) return;
    if (this.options.isTTY && this.drawn) this.options.stream.write('\n');
    this.finished = true;
  }

  private line(now: number): string {
    return formatProgress({
      done: this.done,
      total: this.total,
      unit: this.options.unit,
      label: this.options.label,
      elapsedMs: now - this.started,
    });
  }

  private redraw(now: number): void {
    this.lastDrawAt = now;
    this.drawn = true;
    this.options.stream.write(`\r${this.line(now)}\x1b[K`);
  }

  private log(now: number): void {
    this.lastDrawAt = now;
    this.lastLogged = this.done;
    this.drawn = true;
    this.options.stream.write(`${this.line(now)}\n`);
  }
}
