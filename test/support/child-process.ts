import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

/** One JSON log line of an app (Nest's ConsoleLogger in json mode), with its stream. */
export interface LogLine {
  level: string;
  pid: number;
  timestamp: number;
  message: unknown;
  context?: string;
  /** The `message` field of an object message, else the message itself when it is a string. */
  text: string;
  /** The object message's other fields. */
  fields: Record<string, unknown>;
}

/**
 * A node process of this repository's apps, with its JSON logs collected line by line (stdout and
 * stderr alike) so a test can wait for a message and read what a process said.
 */
export class AppProcess {
  readonly logs: LogLine[] = [];
  /** Lines that were not JSON logs (a crash's stack trace, console.error). */
  readonly otherOutput: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    cwd: string,
  ) {
    this.child = spawn(process.execPath, [script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => this.take(line));
    }
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        resolve({ code, signal });
        this.notify();
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLog(
    match: (line: LogLine) => boolean,
    description: string,
    timeoutMs = 15_000,
  ): Promise<LogLine> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.logs.find(match);
        if (found) {
          finish();
          resolve(found);
        } else if (!this.running) {
          finish();
          reject(new Error(`${this.name} exited before logging ${description}\n${this.tail()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(`${this.name} did not log ${description} in ${timeoutMs} ms\n${this.tail()}`),
        );
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** The last lines of output, for a failure message. */
  tail(lines = 30): string {
    const all = [
      ...this.logs.map((l) => JSON.stringify({ level: l.level, message: l.message })),
      ...this.otherOutput,
    ];
    return all
      .slice(-lines)
      .map((line) => `  [${this.name}] ${line}`)
      .join('\n');
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private take(line: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && typeof parsed === 'object' && 'level' in parsed) {
      const entry = parsed as Omit<LogLine, 'text' | 'fields'>;
      const message = entry.message;
      const object =
        message !== null && typeof message === 'object' ? (message as Record<string, unknown>) : {};
      const { message: text, ...fields } = object;
      this.logs.push({
        ...entry,
        text: typeof message === 'string' ? message : typeof text === 'string' ? text : '',
        fields,
      });
    } else if (line.trim() !== '') {
      this.otherOutput.push(line);
    }
    this.notify();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
