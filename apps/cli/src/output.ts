import { once } from 'node:events';
import { createWriteStream, openSync, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { CommandError } from './command.js';

/** Where an export goes: stdout, or a file that appears under its name only when complete. */
export interface Output {
  /** Writes a chunk, waiting when the destination is full, so memory stays bounded. */
  write(chunk: string): Promise<void>;
  /** Flushes and, for a file, moves it into place. */
  commit(): Promise<void>;
  /** Drops a file that was not committed. */
  discard(): void;
  describe: string;
}

export function openOutput(target: string, stdout: Writable): Output {
  if (target === '-') {
    return {
      describe: 'stdout',
      write: (chunk) => writeChunk(stdout, chunk, 'stdout'),
      commit: async () => undefined,
      discard: () => undefined,
    };
  }
  // A half-written backup must never sit under the final name.
  const partial = `${target}.partial`;
  let fd: number;
  try {
    // Opened here so that a bad path fails at once, before any reading.
    fd = openSync(partial, 'w');
  } catch (error) {
    throw cannotWrite(target, error as Error);
  }
  const stream = createWriteStream('', { fd });
  let failure: Error | undefined;
  stream.on('error', (error) => (failure = error));
  return {
    describe: target,
    async write(chunk) {
      if (failure) throw cannotWrite(target, failure);
      await writeChunk(stream, chunk, target);
    },
    async commit() {
      stream.end();
      try {
        await finished(stream);
      } catch (error) {
        failure = error as Error;
      }
      if (failure) throw cannotWrite(target, failure);
      renameSync(partial, target);
    },
    discard() {
      stream.destroy();
      rmSync(partial, { force: true });
    },
  };
}

async function writeChunk(stream: Writable, chunk: string, name: string): Promise<void> {
  if (stream.write(chunk)) return;
  // 'error' rejects the wait, so a broken destination does not hang the export.
  try {
    await once(stream, 'drain');
  } catch (error) {
    throw cannotWrite(name, error as Error);
  }
}

function cannotWrite(name: string, error: Error): CommandError {
  return new CommandError(`无法写入 ${name} / cannot write ${name}: ${error.message}`);
}
