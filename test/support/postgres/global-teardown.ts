/** Jest global tear-down: stops the server global-setup.ts started (none when TEST_DATABASE_URL was given). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__testPostgres?.stop();
}
