import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { transformFile, type Options } from '@swc/core';

/** The repository root (this file is test/support/compile-apps.ts). */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** The same transform as jest.config.js, so the processes run what the tests run. */
const SWC: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
  swcrc: false,
  configFile: false,
};

/** What tsconfig.build.json builds: apps/*\/src and libs/*\/src without specs and testing/. */
function sources(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') walk(path);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.d.ts') &&
        !entry.name.endsWith('.spec.ts') &&
        !entry.name.endsWith('.spec-helpers.ts')
      ) {
        files.push(path);
      }
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const pkg of readdirSync(join(REPO_ROOT, top), { withFileTypes: true })) {
      if (pkg.isDirectory()) walk(join(REPO_ROOT, top, pkg.name, 'src'));
    }
  }
  return files;
}

/**
 * Compiles the apps and libraries from their TypeScript sources into `outDir` (swc, a second or
 * two, no type check: `tsc --noEmit` does that), so a test can start the real processes with plain
 * `node <outDir>/apps/<app>/src/main.js` — from a clean clone, without `npm run build`, and never
 * from a stale `dist/`. `outDir` gets a package.json (ES modules, the `#app/*` imports pointing
 * at the compiled libraries) and a node_modules link to the repository's.
 */
export async function compileApps(outDir: string): Promise<void> {
  const files = sources();
  await Promise.all(
    files.map(async (file) => {
      const out = join(outDir, relative(REPO_ROOT, file)).replace(/\.ts$/, '.js');
      const { code } = await transformFile(file, { ...SWC, filename: file });
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, code);
    }),
  );
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    imports: Record<string, { default: string }>;
  };
  const imports = Object.fromEntries(
    Object.entries(pkg.imports).map(([name, target]) => [
      name,
      target.default.replace(/^\.\/dist\//, './'),
    ]),
  );
  writeFileSync(
    join(outDir, 'package.json'),
    JSON.stringify({ name: 'compiled-for-test', private: true, type: 'module', imports }),
  );
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
}
