// Unit tests sit next to the code (src/**/*.spec.ts); medium and end-to-end tests in test/ run against
// the real PostgreSQL and Redis, in a database created and migrated for this run (test/setup).
module.exports = {
  testEnvironment: 'node',
  rootDir: '.',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  testTimeout: 60000,
};
