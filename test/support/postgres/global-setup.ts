import { startTestPostgres, type TestPostgresServer } from './start-server';

declare global {
  var __testPostgres: TestPostgresServer | undefined;
}

/**
 * Jest global set-up: one PostgreSQL server for the whole run, unless TEST_DATABASE_URL names
 * one already (a developer's or CI's server). Its URL reaches every test worker through
 * TEST_DATABASE_URL; each test file makes its own database on it (test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  const server = await startTestPostgres();
  globalThis.__testPostgres = server;
  process.env.TEST_DATABASE_URL = server.url;
}
