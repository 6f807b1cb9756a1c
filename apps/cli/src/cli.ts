import { formatHelp, parseFlags } from './args.js';
import { CommandError, UsageError, type CliCommand, type CliIo } from './command.js';

export const PROGRAM = 'npm run cli --';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Runs one command line against the given commands and returns the exit code. */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CliCommand[],
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const stream = name === undefined ? io.stderr : io.stdout;
    stream.write(overview(commands));
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(
      `错误 / error: 未知命令 "${name}" / unknown command "${name}"\n\n${overview(commands)}`,
    );
    return EXIT_USAGE;
  }
  try {
    const flags = parseFlags(rest, command.flags);
    if (flags.help === true) {
      io.stdout.write(formatHelp(PROGRAM, command));
      return EXIT_OK;
    }
    await command.run(flags, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(
        `错误 / error: ${error.message}\n` +
          `运行 / run \`${PROGRAM} ${command.name} --help\` 查看用法 / for usage\n`,
      );
      return EXIT_USAGE;
    }
    const message =
      error instanceof CommandError
        ? error.message
        : error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error);
    io.stderr.write(`错误 / error: ${message}\n`);
    if (io.env.CLI_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${error.stack}\n`);
    }
    return EXIT_FAILED;
  }
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    `用法 / usage: ${PROGRAM} <command> [flags]`,
    '',
    '命令 / commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    `每个命令都接受 --help / every command takes --help`,
    '',
  ].join('\n');
}
