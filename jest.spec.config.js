/** Fidelity tests against JumpCloud's own OpenAPI documents in ../shared (CI always has them). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/spec'],
  testMatch: ['**/*.spec-test.ts', '**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/support/no-network.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/release-nock.ts'],
  testTimeout: 60000,
};
