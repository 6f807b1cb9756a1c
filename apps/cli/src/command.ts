import type { Readable, Writable } from 'node:stream';
import type { FlagSpec, ParsedFlags } from './args.js';

/** Where a command reads and writes; main.ts passes the process's, tests pass their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable;
  /** Messages, progress and errors: stdout stays clean for data such as an export. */
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal, so progress can redraw one line. */
  stderrIsTTY: boolean;
}

export interface CliCommand {
  name: string;
  /** One line, Chinese and English. */
  summary: string;
  flags: readonly FlagSpec[];
  /** Extra help text after the flag list (examples, behaviour worth knowing). */
  details?: string;
  run(flags: ParsedFlags, io: CliIo): Promise<void>;
}

/** A mistake in the command line: the usage is printed and the exit code is 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command could not do its work (bad file, non-empty store…): exit code 1. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}
