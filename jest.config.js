/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^#app/(.*)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testTimeout: 30000,
};

/** The e2e suite runs once per engine; test/support/test-app.ts reads `__E2E_ENGINE__`. */
const e2e = (engine) => ({
  ...common,
  displayName: `e2e-${engine}`,
  testMatch: ['<rootDir>/test/**/*.e2e.spec.ts'],
  globals: { __E2E_ENGINE__: engine },
});

/**
 * The query handlers' specs again with the read models in PostgreSQL (their fixture,
 * libs/households/src/read-models/testing/fixture.ts, reads `__READ_MODELS_ENGINE__`): the same
 * query-builder code must answer the same on both dialects. List here every spec that uses it.
 */
const readModelsOnPostgres = {
  ...common,
  displayName: 'read-models-postgres',
  testMatch: [
    'household-summary/household.spec.ts',
    'read-side.graphql.spec.ts',
    'statistics/statistics.spec.ts',
    'statistics/statistics.known-at.spec.ts',
    'at-risk/at-risk.spec.ts',
    'year-end-report/year-end-report.spec.ts',
  ].map((spec) => `<rootDir>/libs/households/src/read-models/${spec}`),
  globals: { __READ_MODELS_ENGINE__: 'postgres' },
};

export default {
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        '\\.e2e\\.spec\\.ts$',
        // The full-size demo county takes a minute or two: `npm run test:demo`, also in .ci/run.
        '<rootDir>/test/demo/demo-county\\.spec\\.ts$',
      ],
    },
    readModelsOnPostgres,
    e2e('sqlite'),
    e2e('postgres'),
    {
      ...common,
      displayName: 'demo',
      testMatch: ['<rootDir>/test/demo/demo-county.spec.ts'],
      testTimeout: 900000,
    },
  ],
};
