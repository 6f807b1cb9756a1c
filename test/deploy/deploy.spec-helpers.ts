import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** Variables as Compose sees them (the shell plus env files); unset is `undefined`. */
export type Env = Record<string, string | undefined>;

/** A service of the compose file, as far as the tests look at it. */
export interface Service {
  image?: string;
  build?: { context: string } | string;
  command?: string[];
  entrypoint?: string[];
  profiles?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { disable?: boolean; test?: string[] | string; [key: string]: unknown };
  volumes?: string[];
  ports?: string[];
  [key: string]: unknown;
}

export interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The compose file as parsed YAML (anchors and `<<` merge keys resolved), not interpolated. */
export function readComposeFile(path = 'docker-compose.yml'): ComposeFile {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

const VARIABLE = /\$(?:\$|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?|:\+|\+)(.*))?$/s;

/**
 * Compose's interpolation of one string: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `${VAR:+other}`, `${VAR+other}`.
 * A nested `${…}` inside a default is refused: Compose v1 cannot read it, and the file keeps its
 * defaults flat (passwords go through PGPASSWORD rather than into URLs) so that it need not.
 */
export function interpolate(text: string, env: Env): string {
  return text.replace(VARIABLE, (match, braced: string | undefined, bare: string | undefined) => {
    if (match === '$$') return '$';
    if (bare !== undefined) return env[bare] ?? '';
    const parts = BRACED.exec(braced ?? '');
    if (parts === null) throw new Error(`invalid interpolation "${match}"`);
    const [, name, operator, argument = ''] = parts;
    if (argument.includes('${')) throw new Error(`nested interpolation in "${match}"`);
    const value = env[name];
    const empty = value === undefined || value === '';
    switch (operator) {
      case undefined:
        return value ?? '';
      case ':-':
        return empty ? argument : value;
      case '-':
        return value ?? argument;
      case ':?':
      case '?':
        if (operator === ':?' ? empty : value === undefined) {
          throw new Error(`required variable ${name} is missing: ${argument}`);
        }
        return value ?? '';
      case ':+':
        return empty ? '' : argument;
      default:
        return value === undefined ? '' : argument;
    }
  });
}

/** Interpolates every string value (not the keys) of a parsed document, as Compose does. */
export function interpolateAll<T>(value: T, env: Env): T {
  if (typeof value === 'string') return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => interpolateAll(item, env)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateAll(item, env)]),
    ) as T;
  }
  return value;
}

/** Every string value in a parsed document, with its path (for messages). */
export function stringValues(value: unknown, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringValues(item, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) =>
      stringValues(item, path === '' ? key : `${path}.${key}`),
    );
  }
  return [];
}

/** A Compose env file: KEY=VALUE lines; blank lines and `#` comments skipped. */
export function readEnvFile(path: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new Error(`${path}: not KEY=VALUE: "${line}"`);
    env[trimmed.slice(0, equals)] = trimmed.slice(equals + 1);
  }
  return env;
}

/** The services Compose starts for these profiles: those without profiles, plus matching ones. */
export function activeServices(compose: ComposeFile, profiles: readonly string[]): string[] {
  return Object.entries(compose.services)
    .filter(([, service]) => {
      const own = service.profiles ?? [];
      return own.length === 0 || own.some((profile) => profiles.includes(profile));
    })
    .map(([name]) => name);
}

/** The environment block of a service as strings (Compose passes every value as text). */
export function environmentOf(service: Service): Record<string, string> {
  return Object.fromEntries(
    Object.entries(service.environment ?? {}).map(([key, value]) => [key, String(value ?? '')]),
  );
}

export function dependenciesOf(service: Service): string[] {
  const dependsOn = service.depends_on ?? [];
  return Array.isArray(dependsOn) ? dependsOn : Object.keys(dependsOn);
}

/** One Dockerfile instruction, continuation lines joined. */
export interface Instruction {
  /** The stage it belongs to (the `AS` name of the last FROM), '' before the first FROM. */
  stage: string;
  keyword: string;
  args: string;
}

/** Splits a Dockerfile into instructions: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let stage = '';
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (pending !== '' && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    const full = (pending + line).trim();
    pending = '';
    if (full === '') continue;
    const space = full.search(/\s/);
    const keyword = (space === -1 ? full : full.slice(0, space)).toUpperCase();
    const args = space === -1 ? '' : full.slice(space + 1).trim();
    if (keyword === 'FROM') stage = /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? '';
    instructions.push({ stage, keyword, args });
  }
  if (pending !== '') throw new Error('Dockerfile ends inside a continued line');
  return instructions;
}

/** `ENV A=1 B=2` instructions of a stage, as one record (no quoting used in our Dockerfile). */
export function envOf(instructions: readonly Instruction[], stage: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of instructions) {
    if (instruction.stage !== stage || instruction.keyword !== 'ENV') continue;
    for (const pair of instruction.args.split(/\s+/)) {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new Error(`ENV without KEY=VALUE: "${instruction.args}"`);
      env[pair.slice(0, equals)] = pair.slice(equals + 1);
    }
  }
  return env;
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of directories, including none.
      source += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether Docker leaves `path` out of the build context under these .dockerignore lines: the
 * last pattern that matches the path or one of its parent directories decides, `!` re-includes.
 */
export function dockerIgnores(dockerignore: string, path: string): boolean {
  const rules = dockerignore
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = (negated ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
      return { negated, regex: globToRegExp(pattern) };
    });
  const segments = path.split('/');
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (prefixes.some((prefix) => rule.regex.test(prefix))) ignored = !rule.negated;
  }
  return ignored;
}
