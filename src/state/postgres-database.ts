import { readFileSync } from 'node:fs';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Migration } from './sqlite-migrations';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';

/** What the bridge needs to reach its PostgreSQL store (the `database` part of the config). */
export interface PostgresSettings {
  url: string;
  poolSize: number;
  ssl: 'off' | 'require' | 'verify-full';
  sslCaFile?: string;
}

/** An open PostgreSQL store: the pool every store shares, and how to end it. */
export interface PostgresDatabase {
  readonly pool: Pool;
  close(): Promise<void>;
}

/**
 * Key of the session advisory lock held while migrating: replicas starting together take turns,
 * so the schema is migrated once and the others find it current. (An arbitrary 64-bit key,
 * unlikely to meet another application's lock in a shared database.)
 */
export const MIGRATION_LOCK_KEY = '7661979913047652199';

/** node-postgres' TLS options for DATABASE_SSL. */
export function sslOptions(settings: Pick<PostgresSettings, 'ssl' | 'sslCaFile'>): PoolConfig['ssl'] {
  if (settings.ssl === 'off') return false;
  // require: encrypted like libpq's sslmode=require, which checks no certificate either.
  if (settings.ssl === 'require') return { rejectUnauthorized: false };
  return { rejectUnauthorized: true, ...(settings.sslCaFile ? { ca: readFileSync(settings.sslCaFile, 'utf8') } : {}) };
}

/**
 * Opens a pool on DATABASE_URL and brings the schema up to date (under MIGRATION_LOCK_KEY).
 * Fails with a message naming the setting when the server cannot be reached or refuses.
 */
export async function openPostgresDatabase(settings: PostgresSettings, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<PostgresDatabase> {
  const pool = openPool(settings, settings.poolSize, 'jumpcloud-scim-bridge');
  try {
    await migratePostgres(pool, migrations);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`DATABASE_URL: ${describePostgresError(err)}`);
  }
  return { pool, close: () => pool.end() };
}

/**
 * A pool of at most `max` connections on the store (no migration: openPostgresDatabase runs them).
 * Replicas keep more than one: a pool whose connections all wait on locks must not also hold up
 * the journal, or the lease renewals that keep a leader leading.
 */
export function openPool(settings: PostgresSettings, max: number, applicationName: string): Pool {
  const pool = new Pool({
    connectionString: settings.url,
    max,
    ssl: sslOptions(settings),
    // A replica that cannot reach its database must say so, not hang a request forever.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
  });
  // An idle client's connection dropping (server restart, failover) must not crash the process:
  // the pool drops that client and the next query opens a new connection.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Applies the migrations not yet recorded, each in its own transaction, while holding the
 * migration lock; answers the versions applied (none when another replica already did).
 * A schema newer than this build is refused rather than written with the wrong assumptions.
 */
export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const current = await postgresSchemaVersion(client);
      const known = migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
      if (current > known) throw new Error(`the database schema is version ${current}, newer than this bridge knows (${known}); use a newer bridge or another database`);
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (migration.version <= current) continue;
        await inTransaction(client, async () => {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
        });
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/** The highest applied migration version (0 for an empty database). */
export async function postgresSchemaVersion(client: Pick<PoolClient, 'query'>): Promise<number> {
  const result = await client.query<{ version: number | null }>('SELECT MAX(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

/** Runs `work` between BEGIN and COMMIT on `client`; ROLLBACK when it throws. */
export async function inTransaction<T>(client: Pick<PoolClient, 'query'>, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Runs `work` in a transaction on a client of `pool` (released afterwards, whatever happens). */
export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await inTransaction(client, () => work(client));
  } finally {
    client.release();
  }
}

/**
 * What went wrong reaching or using the database, for an operator: the server's own message and
 * code, never the URL (it holds the password).
 */
export function describePostgresError(err: unknown): string {
  const error = err as { code?: string; message?: string };
  if (error.code === 'ECONNREFUSED') return 'the PostgreSQL server refused the connection (is it running, and is the host and port right?)';
  if (error.code === 'ENOTFOUND') return 'the PostgreSQL host name does not resolve';
  if (error.code === '28P01' || error.code === '28000') return 'PostgreSQL refused the user name or password';
  if (error.code === '3D000') return 'the database named in the URL does not exist on the server';
  const message = (error.message ?? String(err)).replace(/postgres(ql)?:\/\/[^\s"']+/gi, 'postgres://…');
  return error.code ? `${message} (PostgreSQL error ${error.code})` : message;
}
