// Unit tests sit next to the code (src/**/*.spec.ts) and need nothing running. Medium and end-to-end tests in
// test/ run against the real PostgreSQL and Redis, each file in its own clone of a database migrated for this
// run (test/setup).
const shared = {
  testEnvironment: 'node',
  rootDir: '.',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

module.exports = {
  testTimeout: 60000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
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
