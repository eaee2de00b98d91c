// Unit tests sit next to the code (src/**/*.spec.ts, web/src/**/*.spec.ts[x]) and need nothing running. Medium,
// end-to-end and browser tests in test/ run against the real PostgreSQL, Redis and Chromium, each file in its own
// clone of a database migrated for this run (test/setup).
const tsx = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  transform: { '^.+\\.tsx$': ['@swc/jest', tsx], '^.+\\.(t|j)s$': ['@swc/jest'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.{ts,tsx}'] },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/per-file-database.ts'],
    },
  ],
};
