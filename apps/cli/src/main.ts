import 'reflect-metadata';
import { runCli } from './cli.js';
import { commands } from './commands.js';

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    // A getter: touching process.stdin opens it, which only import-events --in - needs.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
  },
  commands,
);
