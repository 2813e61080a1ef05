/** Unit, HTTP and contract tests: hermetic, no ../shared needed. */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/spec/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/support/no-network.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/release-nock.ts'],
  testTimeout: 20000,
};
