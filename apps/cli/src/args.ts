import { UsageError } from './command.js';

export interface FlagSpec {
  name: string;
  /** A string flag takes a value (`--out FILE` or `--out=FILE`); a boolean one takes none. */
  kind: 'string' | 'boolean';
  /** Shown in the help, e.g. FILE. */
  valueName?: string;
  description: string;
}

export type ParsedFlags = Readonly<Record<string, string | boolean | undefined>>;

export const HELP_FLAG: FlagSpec = {
  name: 'help',
  kind: 'boolean',
  description: '显示本命令的用法 / show this help',
};

/**
 * Parses `--flag value`, `--flag=value` and `--switch`. Anything else — an unknown flag, a
 * missing value, a repeated flag, a positional argument — is a UsageError naming it.
 */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map([HELP_FLAG, ...specs].map((spec) => [spec.name, spec]));
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h') {
      flags.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`多余的参数 "${arg}" / unexpected argument "${arg}"`);
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`未知参数 --${name} / unknown flag --${name}`);
    if (name in flags) throw new UsageError(`参数 --${name} 重复 / --${name} given twice`);
    if (spec.kind === 'boolean') {
      if (equals !== -1) {
        throw new UsageError(`参数 --${name} 不带值 / --${name} takes no value`);
      }
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      value = argv[++i];
    }
    if (value === undefined || value === '') {
      const shown = spec.valueName ?? 'VALUE';
      throw new UsageError(`参数 --${name} 需要一个值 / --${name} needs a value (${shown})`);
    }
    flags[name] = value;
  }
  return flags;
}

/** A string flag as a positive integer, or the fallback when absent. */
export function positiveIntFlag(flags: ParsedFlags, name: string, fallback: number): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `参数 --${name} 须为正整数，收到 "${String(raw)}" / --${name} must be a positive integer, got "${String(raw)}"`,
    );
  }
  return value;
}

/** The help text of one command. */
export function formatHelp(
  program: string,
  command: { name: string; summary: string; flags: readonly FlagSpec[]; details?: string },
): string {
  const specs = [...command.flags, HELP_FLAG];
  const left = specs.map((spec) =>
    spec.kind === 'string' ? `--${spec.name} ${spec.valueName ?? 'VALUE'}` : `--${spec.name}`,
  );
  const width = Math.max(...left.map((text) => text.length));
  const lines = [
    `用法 / usage: ${program} ${command.name} [flags]`,
    '',
    command.summary,
    '',
    ...specs.map((spec, i) => `  ${left[i].padEnd(width)}  ${spec.description}`),
  ];
  if (command.details) lines.push('', command.details);
  return lines.join('\n') + '\n';
}
