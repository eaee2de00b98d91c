// Unit tests sit next to the code (src/**/*.spec.ts, web/src/**/*.spec.ts[x]); medium, end-to-end and browser tests in
// test/ run against the real PostgreSQL, Redis and Chromium, in a database created and migrated for this run (test/setup).
const tsx = {
  jsc: {
    parser: { syntax: 'typescript', tsx: true },
    transform: { react: { runtime: 'automatic' } },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
};

module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  transform: { '^.+\\.tsx$': ['@swc/jest', tsx], '^.+\\.(t|j)s$': ['@swc/jest'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/web/src/**/*.spec.{ts,tsx}', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
};
