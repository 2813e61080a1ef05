import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A database of its own on the test server, for one test file (or one test). */
export interface TestDatabase {
  url: string;
  /** Drops the database (closing what still holds connections to it). */
  drop(): Promise<void>;
}

/** The test server's URL (set by jest's global set-up, or given as TEST_DATABASE_URL). */
export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (its global set-up starts a PostgreSQL server) or set it to a server a test may create databases on');
  return url;
}

/** Creates an empty database with a random name, so test files never see each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const server = testServerUrl();
  const name = `bridge_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(server, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
