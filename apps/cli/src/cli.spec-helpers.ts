import { Readable, Writable } from 'node:stream';
import { runCli } from './cli.js';
import type { CliCommand } from './command.js';
import { commands as allCommands } from './commands.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it. */
export class Capture extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.chunks.push(chunk);
    done();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Runs the CLI in-process, as main.ts would, with captured output. */
export async function cli(
  argv: readonly string[],
  {
    env = {},
    stdin = '',
    commands = allCommands,
  }: { env?: NodeJS.ProcessEnv; stdin?: string; commands?: readonly CliCommand[] } = {},
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(
    argv,
    { stdin: Readable.from([stdin]), stdout, stderr, env, stderrIsTTY: false },
    commands,
  );
  return { code, stdout: stdout.text, stderr: stderr.text };
}
