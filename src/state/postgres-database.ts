import { readFileSync } from 'node:fs';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import type { Migration } from './sqlite-migrations';
import { POSTGRES_MIGRATIONS } from './postgres-migrations';
import { assertSchemaName, assertUrlLeavesOptions, schemaLockKey, searchPathOptions } from './postgres-schema';

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
  /** The schema every connection of the pool uses (a tenant's); undefined: the server's default, `public`. */
  readonly schema?: string;
  close(): Promise<void>;
}

/** How openPostgresDatabase opens the store. */
export interface OpenPostgresOptions {
  /**
   * A tenant's schema (see postgres-schema.ts): created when missing, migrated on its own (its
   * own schema_migrations, its own migration lock), and the only schema the pool's connections
   * see. Undefined: the single-tenant store in `public`, exactly as before tenants.
   */
  schema?: string;
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
 * The key of the migration lock of `schema`: MIGRATION_LOCK_KEY for the single-tenant store (so
 * replicas of an older build still take turns with this one), a key of its own for each tenant's
 * schema, so that tenants starting together migrate side by side instead of one after another.
 */
export function migrationLockKey(schema?: string): string {
  return schema === undefined ? MIGRATION_LOCK_KEY : schemaLockKey('migrations', schema);
}

/**
 * Opens a pool on DATABASE_URL and brings the schema up to date (under its migration lock).
 * Fails with a message naming the setting when the server cannot be reached or refuses.
 */
export async function openPostgresDatabase(settings: PostgresSettings, migrations: readonly Migration[] = POSTGRES_MIGRATIONS, options: OpenPostgresOptions = {}): Promise<PostgresDatabase> {
  const { schema } = options;
  // A wrong name is the caller's, not the URL's: said as it is, before any connection.
  if (schema !== undefined) assertSchemaName(schema);
  let pool: Pool;
  try {
    pool = openPool(settings, settings.poolSize, 'jumpcloud-scim-bridge', schema);
  } catch (err) {
    throw new Error(`DATABASE_URL: ${describePostgresError(err)}`);
  }
  try {
    await migratePostgres(pool, migrations, schema);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new Error(`DATABASE_URL: ${describePostgresError(err)}`);
  }
  return { pool, ...(schema === undefined ? {} : { schema }), close: () => pool.end() };
}

/**
 * A pool of at most `max` connections on the store (no migration: openPostgresDatabase runs them).
 * Replicas keep more than one: a pool whose connections all wait on locks must not also hold up
 * the journal, or the lease renewals that keep a leader leading. With `schema`, every connection
 * sees that schema only (searchPathOptions); a URL that would override it is refused.
 */
export function openPool(settings: PostgresSettings, max: number, applicationName: string, schema?: string): Pool {
  if (schema !== undefined) assertUrlLeavesOptions(settings.url);
  const pool = new Pool({
    connectionString: settings.url,
    max,
    ssl: sslOptions(settings),
    // A replica that cannot reach its database must say so, not hang a request forever.
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
    ...(schema === undefined ? {} : { options: searchPathOptions(schema) }),
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
 *
 * With `schema` (a tenant's): the schema is created when missing, and every step runs in a
 * transaction whose search_path is that schema (SET LOCAL), whatever the pool's own, so the
 * tables and schema_migrations are the tenant's; the lock is the schema's own
 * (migrationLockKey), so the schema is migrated once however many replicas open it together.
 */
export async function migratePostgres(pool: Pool, migrations: readonly Migration[] = POSTGRES_MIGRATIONS, schema?: string): Promise<number[]> {
  if (schema !== undefined) assertSchemaName(schema);
  const lockKey = migrationLockKey(schema);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      // Under the lock: two CREATE SCHEMA IF NOT EXISTS at once can both find it missing, and the second fail.
      if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const current = await inSchema(client, schema, async () => {
        await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
        return postgresSchemaVersion(client);
      });
      const known = migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
      if (current > known) throw new Error(`the database schema is version ${current}, newer than this bridge knows (${known}); use a newer bridge or another database`);
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (migration.version <= current) continue;
        await inTransaction(client, async () => {
          if (schema !== undefined) await setLocalSearchPath(client, schema);
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
        });
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lockKey]);
    }
  } finally {
    client.release();
  }
}

/** Runs `work` as is without a schema (as before tenants), else in a transaction whose search_path is `schema`. */
async function inSchema<T>(client: PoolClient, schema: string | undefined, work: () => Promise<T>): Promise<T> {
  if (schema === undefined) return work();
  return inTransaction(client, async () => {
    await setLocalSearchPath(client, schema);
    return work();
  });
}

/** SET LOCAL search_path: the schema alone, until the transaction ends (the name was checked by assertSchemaName). */
async function setLocalSearchPath(client: PoolClient, schema: string): Promise<void> {
  await client.query(`SET LOCAL search_path TO "${schema}"`);
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
