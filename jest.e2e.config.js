/** End-to-end tests of the operator console in Debian's Chromium (playwright-core; never a browser download). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/support/no-network.ts'],
  testTimeout: 60000,
  // Two files at once on the 2-core CI machine: the expiry test mostly waits out its idle timeout.
  maxWorkers: 2,
};
