/** End-to-end tests of the operator console in Debian's Chromium (playwright-core; never a browser download). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/support/no-network.ts'],
  testTimeout: 60000,
  // One browser at a time: the machine has two cores and Chromium takes one.
  maxWorkers: 1,
};
