import { Pool } from 'pg';
import { migratePostgres, openPostgresDatabase, postgresSchemaVersion, sslOptions } from '../../src/state/postgres-database';
import { POSTGRES_MIGRATIONS } from '../../src/state/postgres-migrations';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

const latest = Math.max(...POSTGRES_MIGRATIONS.map((m) => m.version));
let database: TestDatabase;

beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.drop();
});

describe('the PostgreSQL store', () => {
  it('migrates an empty database to the latest schema, and a second open changes nothing', async () => {
    const first = await openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' });
    expect(await postgresSchemaVersion(first.pool)).toBe(latest);
    expect(await migratePostgres(first.pool)).toEqual([]);
    await first.close();
    const again = await openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' });
    const tables = await again.pool.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'audit_event',
      'bridge_instance',
      'changefeed_cursor',
      'changefeed_learned',
      'changefeed_seen_event',
      'drift_open',
      'lease',
      'resource_observation',
      'resource_state',
      'schema_migrations',
    ]);
    await again.close();
  });

  it('migrates once when replicas start together: the others wait for the lock and find it done', async () => {
    const pools = Array.from({ length: 4 }, () => new Pool({ connectionString: database.url, max: 2 }));
    try {
      const applied = await Promise.all(pools.map((pool) => migratePostgres(pool)));
      expect(applied.filter((versions) => versions.length > 0)).toEqual([POSTGRES_MIGRATIONS.map((m) => m.version)]);
      const recorded = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows.map((row: { version: number }) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  it('refuses a schema newer than it knows, naming the setting', async () => {
    const opened = await openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' });
    await opened.pool.query("INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')");
    await opened.close();
    await expect(openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' })).rejects.toThrow(/^DATABASE_URL: the database schema is version 999, newer than this bridge knows/);
  });

  it('says what is wrong with the URL without repeating it (it holds the password)', async () => {
    const wrong = new URL(database.url);
    wrong.password = 'not-the-password';
    const error = (await openPostgresDatabase({ url: wrong.toString(), poolSize: 2, ssl: 'off' }).catch((err: unknown) => err)) as Error;
    expect(error.message).toBe('DATABASE_URL: PostgreSQL refused the user name or password');
    const missing = new URL(database.url);
    missing.pathname = '/no_such_database';
    await expect(openPostgresDatabase({ url: missing.toString(), poolSize: 2, ssl: 'off' })).rejects.toThrow('DATABASE_URL: the database named in the URL does not exist on the server');
  });

  it('maps DATABASE_SSL to node-postgres TLS options', () => {
    expect(sslOptions({ ssl: 'off' })).toBe(false);
    expect(sslOptions({ ssl: 'require' })).toEqual({ rejectUnauthorized: false });
    expect(sslOptions({ ssl: 'verify-full' })).toEqual({ rejectUnauthorized: true });
  });
});
