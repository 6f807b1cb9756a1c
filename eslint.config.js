import { dirname, posix, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules the pure domain may never import: frameworks, GraphQL, databases, validation. */
const FORBIDDEN_IN_DOMAIN = [
  '@nestjs/*',
  'graphql',
  'graphql/*',
  '@apollo/*',
  'class-validator',
  'class-transformer',
  'kysely',
  'better-sqlite3',
  'pg',
  '@kurrent/*',
  'express',
  'rxjs',
  'node:*',
];

/** A file's path in the repository, with / separators whatever the platform. */
const repoPath = (file) =>
  relative(import.meta.dirname, file)
    .split(sep)
    .join('/');

/** Calls `check` with every module a file names: imports, re-exports and import('…'). */
function importSources(check) {
  const declaration = (node) => {
    if (typeof node.source?.value === 'string') check(node.source, node.source.value);
  };
  return {
    ImportDeclaration: declaration,
    ExportAllDeclaration: declaration,
    ExportNamedDeclaration: declaration,
    ImportExpression: (node) => {
      if (node.source.type === 'Literal' && typeof node.source.value === 'string')
        check(node.source, node.source.value);
    },
  };
}

/*
 * The dependency rules, checked on where a relative import lands rather than on how it is
 * spelt: `../../api/src/config.js` from apps/cli and `../../../../apps/api/…` from a lib are the
 * same mistake, and no fixed pattern of `../` catches both at every folder depth.
 */
const boundaries = {
  rules: {
    'no-foreign-app': {
      meta: {
        type: 'problem',
        schema: [],
        messages: {
          apps: 'An app imports no other app\'s sources ("{{spec}}" is in apps/{{app}}): move what both need to a lib (#app/runtime for config, storage and boot).',
          libs: 'A lib imports no app ("{{spec}}" is in apps/{{app}}): libs are what apps are built from.',
        },
      },
      create(context) {
        const [top, own] = repoPath(context.filename).split('/');
        if (top !== 'apps' && top !== 'libs') return {};
        return importSources((node, spec) => {
          if (!spec.startsWith('.')) return;
          const [targetTop, app] = repoPath(resolve(dirname(context.filename), spec)).split('/');
          if (targetTop !== 'apps' || (top === 'apps' && app === own)) return;
          context.report({ node, messageId: top, data: { spec, app } });
        });
      },
    },
    'relative-imports-within': {
      meta: {
        type: 'problem',
        schema: [
          {
            type: 'object',
            properties: {
              allow: { type: 'array', items: { type: 'string' } },
              message: { type: 'string' },
            },
            required: ['allow', 'message'],
            additionalProperties: false,
          },
        ],
        messages: { outside: '{{message}} ("{{spec}}" lands on {{target}})' },
      },
      /**
       * `allow`: regular expressions over where a relative import lands, as a path under the
       * file's own libs/<lib>/src/ (e.g. `domain/index.js`); `{here}` stands for the file's folder.
       */
      create(context) {
        const file = repoPath(context.filename);
        const src = file.split('/').slice(0, 3).join('/');
        const here = posix.relative(src, posix.dirname(file));
        const [{ allow, message }] = context.options;
        const allowed = allow.map(
          (pattern) =>
            new RegExp(pattern.replaceAll('{here}', here.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))),
        );
        return importSources((node, spec) => {
          if (!spec.startsWith('.')) return;
          const target = posix.relative(src, posix.join(posix.dirname(file), spec));
          if (allowed.some((pattern) => pattern.test(target))) return;
          context.report({ node, messageId: 'outside', data: { message, spec, target } });
        });
      },
    },
  },
};

/**
 * Domain code: the files of domain/, each command's decide function and the rules several
 * commands share (`commands/*.rules.ts`), if any.
 */
const DOMAIN_CODE = [
  'libs/*/src/domain/**/*.ts',
  'libs/*/src/commands/*/*.decide.ts',
  'libs/*/src/commands/*/*.command.ts',
  'libs/*/src/commands/*.rules.ts',
  'libs/*/src/commands/decide.ts',
  'libs/*/src/commands/household-command.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '*.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Dependencies point inward: apps are built from libs, never from each other.
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    plugins: { boundaries },
    rules: { 'boundaries/no-foreign-app': 'error' },
  },
  {
    // The dependency rule: domain code stays pure (no framework, database, clock or I/O imports).
    files: DOMAIN_CODE,
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FORBIDDEN_IN_DOMAIN,
              message: 'Domain code is pure: pass time, ids and lookups in as arguments.',
            },
            {
              // A regex: in the gitignore syntax of `group`, a leading # starts a comment.
              regex: '^#app/',
              message: 'Domain code imports no lib: the libs are infrastructure around it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Domain code must not read the environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Domain code takes ids from the context.' },
        { object: 'Date', property: 'now', message: 'Domain code takes `today` from the context.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code must not read the clock; take `today` from the context.',
        },
      ],
    },
  },
  {
    // …and it reaches nothing outside domain/ by a relative path either (`../read-models/…`).
    files: ['libs/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/relative-imports-within': [
        'error',
        { allow: ['^domain/'], message: 'domain/ imports nothing outside domain/.' },
      ],
    },
  },
  {
    // A command's decide function (commands/<command>/<command>.decide.ts) is domain code: it
    // may import the domain, the files of its own folder (its command type) and the rules
    // several commands share, kept as pure `*.rules.ts` files directly under commands/.
    files: ['libs/*/src/commands/*/*.decide.ts', 'libs/*/src/commands/*/*.command.ts'],
    ignores: ['**/*.spec.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/relative-imports-within': [
        'error',
        {
          allow: ['^domain/', '^{here}/[^/]+$', '^commands/[^/]+\\.rules\\.js$'],
          message:
            'A decide function imports only domain/, its own folder and commands/*.rules.ts.',
        },
      ],
    },
  },
  {
    // The command union and the dispatcher: pure, built only from the commands' own types and
    // decide functions.
    files: ['libs/*/src/commands/decide.ts', 'libs/*/src/commands/household-command.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/relative-imports-within': [
        'error',
        {
          allow: [
            '^domain/',
            '^commands/[^/]+/[^/]+\\.(decide|command)\\.js$',
            '^commands/household-command\\.js$',
          ],
          message:
            "The dispatcher imports only domain/ and the commands' types and decide functions.",
        },
      ],
    },
  },
  {
    files: ['libs/*/src/commands/*.rules.ts'],
    plugins: { boundaries },
    rules: {
      'boundaries/relative-imports-within': [
        'error',
        {
          allow: ['^domain/', '^commands/[^/]+\\.rules\\.js$'],
          message: 'Shared command rules import only domain/ and other commands/*.rules.ts.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/testing/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Fixture builders count ids up with ++ and leave the last increment unread.
      'no-useless-assignment': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
