import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import {
  dockerIgnores,
  envOf,
  parseDockerfile,
  readComposeFile,
  type Instruction,
} from './deploy.spec-helpers.js';

// No Docker engine runs on the development machines, so the image cannot be built here. These
// checks hold the Dockerfile to what the README and docker-compose.yml rely on; the steps
// themselves (npm ci with npm 11, build, prune, the native-module probe, starting the API and the
// CLI from the runtime file set) were rehearsed outside Docker when it was written.

const INSTRUCTIONS = parseDockerfile(readFileSync('Dockerfile', 'utf8'));
const DOCKERIGNORE = readFileSync('.dockerignore', 'utf8');
const PACKAGE = JSON.parse(readFileSync('package.json', 'utf8'));

function stage(name: string): Instruction[] {
  return INSTRUCTIONS.filter((instruction) => instruction.stage === name);
}

function runs(name: string): string {
  return stage(name)
    .filter((i) => i.keyword === 'RUN')
    .map((i) => i.args)
    .join('\n');
}

/** `COPY [--from=x] [--chown=…] src… dest` as { from, sources, destination }. */
function copies(name: string) {
  return stage(name)
    .filter((i) => i.keyword === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from, sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
    });
}

/** The exec-form JSON array of an instruction such as CMD or HEALTHCHECK … CMD [...]. */
function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['));
  return JSON.parse(json) as string[];
}

describe('Dockerfile', () => {
  it('builds in stages deps → build → runtime, all on one Debian-based Node 20 image family', () => {
    const froms = INSTRUCTIONS.filter((i) => i.keyword === 'FROM').map((i) => i.args);
    expect(froms).toEqual(['${NODE_IMAGE} AS deps', 'deps AS build', '${NODE_IMAGE} AS runtime']);
    const nodeImage = INSTRUCTIONS.find(
      (i) => i.stage === '' && i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='),
    );
    // glibc in both: better-sqlite3 compiled in one stage and @kurrent/bridge's gnu binary
    // must load in the other.
    expect(nodeImage?.args).toMatch(/^NODE_IMAGE=node:20(\.\d+)*-bookworm(-slim)?$/);
  });

  it('compiles better-sqlite3 in the deps stage with npm 11 honouring allowScripts', () => {
    const deps = runs('deps');
    for (const tool of ['python3', 'make', 'g++']) expect(deps.split(/\s+/)).toContain(tool);
    expect(deps).toMatch(/npm install -g "npm@\$\{NPM_VERSION\}"/);
    const npmVersion = stage('deps').find(
      (i) => i.keyword === 'ARG' && i.args.startsWith('NPM_VERSION='),
    );
    expect(npmVersion?.args).toMatch(/^NPM_VERSION=11\./);
    expect(PACKAGE.allowScripts).toEqual(expect.objectContaining({ 'better-sqlite3': true }));
    expect(envOf(INSTRUCTIONS, 'deps')).toEqual(
      expect.objectContaining({ npm_config_build_from_source: 'true' }),
    );
    // The lockfile is copied before `npm ci`, and nothing else, so the layer caches.
    const [lockCopy] = copies('deps');
    expect(lockCopy.sources).toEqual(['package.json', 'package-lock.json']);
    expect(deps).toMatch(/npm ci\b/);
  });

  it('compiles TypeScript and drops the dev dependencies in the build stage', () => {
    const build = runs('build');
    expect(build).toMatch(/npm run build[\s\S]*npm prune --omit=dev/);
    expect(PACKAGE.scripts.build).toBe('tsc -p tsconfig.build.json');
    const sources = copies('build').flatMap((c) => c.sources);
    expect(sources).toEqual(
      expect.arrayContaining(['tsconfig.json', 'tsconfig.build.json', 'apps', 'libs']),
    );
  });

  it('runs as a non-root user in production mode, with config, compiled code and production modules', () => {
    const runtime = copies('runtime');
    const fromBuild = runtime.filter((c) => c.from === 'build').flatMap((c) => c.sources);
    expect(fromBuild.sort()).toEqual(
      ['/app/dist/apps', '/app/dist/libs', '/app/node_modules', '/app/package.json'].sort(),
    );
    expect(runtime.filter((c) => c.from === undefined).flatMap((c) => c.sources)).toEqual([
      'config',
    ]);
    // package.json travels because `#app/*` imports resolve through its "imports" to dist/libs.
    for (const target of Object.values(PACKAGE.imports) as { default: string }[]) {
      expect(target.default).toMatch(/^\.\/dist\/libs\//);
    }
    const env = envOf(INSTRUCTIONS, 'runtime');
    expect(env.NODE_ENV).toBe('production');
    expect(env.POLICY_FILE).toBe('/app/config/policy.json');
    expect(existsSync(env.POLICY_FILE.replace(/^\/app\//, ''))).toBe(true);
    const user = stage('runtime')
      .filter((i) => i.keyword === 'USER')
      .pop()?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user?.split(':')[0]);
  });

  it('refuses to build an image whose native modules do not load', () => {
    const probe = runs('runtime');
    expect(probe).toMatch(/require\('better-sqlite3'\)/);
    expect(probe).toMatch(/require\('@kurrent\/bridge'\)/);
    // Both native packages are production dependencies, so `npm prune --omit=dev` keeps them.
    expect(Object.keys(PACKAGE.dependencies)).toEqual(
      expect.arrayContaining(['better-sqlite3', '@kurrent/kurrentdb-client']),
    );
  });

  it('serves the API by default, checks /health, and has an entry point for every app compose runs', () => {
    const runtime = stage('runtime');
    const cmd = execForm(runtime.filter((i) => i.keyword === 'CMD').pop()?.args ?? '');
    expect(cmd).toEqual(['node', 'dist/apps/api/src/main.js']);
    const healthcheck = runtime.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(execForm(healthcheck).join(' ')).toMatch(/\/health'/);
    const compose = readComposeFile();
    const entries = new Set([cmd[1]]);
    for (const service of Object.values(compose.services)) {
      if (service.build === undefined) continue;
      for (const arg of [...(service.entrypoint ?? []), ...(service.command ?? [])]) {
        if (arg.startsWith('dist/')) entries.add(arg);
      }
    }
    expect([...entries].sort()).toEqual([
      'dist/apps/api/src/main.js',
      'dist/apps/cli/src/main.js',
      'dist/apps/projector/src/main.js',
    ]);
  });
});

describe('.dockerignore', () => {
  it('lets in everything the Dockerfile copies from the context', () => {
    const fromContext = INSTRUCTIONS.filter(
      (i) => i.keyword === 'COPY' && !i.args.includes('--from='),
    ).flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const path of fromContext) {
      expect({ path, ignored: dockerIgnores(DOCKERIGNORE, path) }).toEqual({
        path,
        ignored: false,
      });
    }
    for (const path of [
      'apps/api/src/main.ts',
      'libs/event-store/src/index.ts',
      'config/policy.json',
    ]) {
      expect({ path, ignored: dockerIgnores(DOCKERIGNORE, path) }).toEqual({
        path,
        ignored: false,
      });
    }
  });

  it('keeps out local builds, dependencies, data, tests and the git history', () => {
    for (const path of [
      'node_modules/kysely/package.json',
      'dist/apps/api/src/main.js',
      'data/poverty-monitor.sqlite',
      'data-demo/poverty-monitor.sqlite',
      '.git/HEAD',
      '.env',
      'libs/event-store/src/event-store.contract.spec.ts',
      'libs/households/src/read-models/testing/fixture.ts',
      'test/households.e2e.spec.ts',
      'bench/append-loop.ts',
    ]) {
      expect({ path, ignored: dockerIgnores(DOCKERIGNORE, path) }).toEqual({ path, ignored: true });
    }
  });
});
