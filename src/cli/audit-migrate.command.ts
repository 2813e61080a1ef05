import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { loadDatabaseSettings } from '../config/load-config';
import { SETTINGS } from '../config/settings';
import { describePostgresError, openPostgresDatabase, type PostgresDatabase, type PostgresSettings } from '../state/postgres-database';
import { IN_MEMORY, openBridgeDatabase } from '../state/sqlite-database';
import { tenantSchemaName } from '../state/postgres-schema';
import { copySqliteToPostgres, TargetNotEmptyError, type CopyResult } from '../state/sqlite-to-postgres';
import { selectTenant, tenantOption, tenantsFileSet } from './tenant-option';

/** Where `audit migrate` writes (the process's streams, or a test's buffers). */
export interface MigrateOutput {
  out(text: string): void;
  err(text: string): void;
}

interface MigrateOptions {
  from?: string;
  to?: string;
  tenant?: string;
}

const SQLITE_SCHEME = 'sqlite:';
const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * The SQLite file: --from sqlite:<path>, else AUDIT_DB_PATH, else its default. (Not through
 * loadConfig: with DATABASE_URL set it would demand the secrets replicas share, none of which a
 * copy needs.)
 */
function sourcePath(from: string | undefined, env: NodeJS.ProcessEnv, tenantDbPath?: string): string {
  if (from !== undefined && !from.startsWith(SQLITE_SCHEME)) throw new Error('--from: give sqlite:<path>, the SQLite database the bridge writes (AUDIT_DB_PATH)');
  const configured = tenantDbPath ?? (env.AUDIT_DB_PATH || SETTINGS.find((s) => s.env === 'AUDIT_DB_PATH')?.default || '');
  const path = from === undefined ? configured : from.slice(SQLITE_SCHEME.length);
  if (path === IN_MEMORY || path === '') throw new Error('--from: give the SQLite file the bridge writes (AUDIT_DB_PATH); an in-memory database has nothing to copy.');
  if (!existsSync(path)) throw new Error(`--from: no SQLite database at ${path}`);
  return path;
}

/**
 * The target: --to, else DATABASE_URL or DATABASE_URL_FILE; TLS from DATABASE_SSL(_CA_FILE) either
 * way. `named` is how an error refers to it: the URL itself is never repeated (it holds a password).
 */
function targetOf(to: string | undefined, env: NodeJS.ProcessEnv): { settings: PostgresSettings; named: string } {
  if (to !== undefined) {
    if (!POSTGRES_URL.test(to)) throw new Error('--to: must be a PostgreSQL URL, postgres://user:password@host:5432/database');
    // --to stands for DATABASE_URL: a DATABASE_URL_FILE beside it is not a conflict here.
    const { DATABASE_URL: _url, DATABASE_URL_FILE: _file, ...rest } = env;
    const settings = loadDatabaseSettings({ ...rest, DATABASE_URL: to });
    return { settings: { ...(settings as PostgresSettings), poolSize: 2 }, named: '--to' };
  }
  const settings = loadDatabaseSettings(env);
  if (!settings) throw new Error('No target database: give --to postgres://… or set DATABASE_URL (or DATABASE_URL_FILE).');
  return { settings: { ...settings, poolSize: 2 }, named: env.DATABASE_URL_FILE ? 'DATABASE_URL_FILE' : 'DATABASE_URL' };
}

/**
 * With TENANTS_FILE: the tenant whose schema is the target and whose SQLite file is the default
 * source (`<dir of AUDIT_DB_PATH>/tenants/<id>.db`); a tenants bridge reads no other schema, so
 * --tenant is then required. The tenants file is read without the DATABASE_* settings: with them
 * loadConfig would demand the secrets replicas share, which a copy does not need.
 */
function tenantOf(tenant: string | undefined, env: NodeJS.ProcessEnv): { schema: string; dbPath: string } | undefined {
  if (tenant === undefined && !tenantsFileSet(env)) return undefined;
  const { DATABASE_URL: _url, DATABASE_URL_FILE: _file, ...withoutDatabase } = env;
  const { id, config } = selectTenant(withoutDatabase, tenant);
  // selectTenant refuses a missing --tenant when TENANTS_FILE is set, so `id` is one of the file's tenants.
  return { schema: tenantSchemaName(String(id).toLowerCase()), dbPath: config.audit.dbPath };
}

async function openTarget(settings: PostgresSettings, named: string, schema: string | undefined): Promise<PostgresDatabase> {
  try {
    return await openPostgresDatabase(settings, undefined, schema === undefined ? {} : { schema });
  } catch (err) {
    // openPostgresDatabase names DATABASE_URL; here the URL may have come from --to.
    throw new Error(`${named}: ${(err as Error).message.replace(/^DATABASE_URL: /, '')}`);
  }
}

function report(path: string, result: CopyResult, schema: string | undefined): string {
  const width = Math.max(...result.tables.map((t) => t.table.length));
  const lines = result.tables.map(({ table, rows }) => `  ${table.padEnd(width)}  ${String(rows).padStart(9)}`);
  const pending =
    result.pendingIntents > 0
      ? [`${result.pendingIntents} pending intent(s) copied as they are: the first replica to start on PostgreSQL marks them interrupted.`]
      : [];
  const into = schema === undefined ? 'PostgreSQL' : `PostgreSQL schema ${schema}`;
  return [`Copied ${path} into ${into} (one transaction):`, ...lines, ...pending, ''].join('\n');
}

/**
 * `audit migrate`: moves a single bridge's SQLite database (the journal and every other durable
 * table) into PostgreSQL for running replicas (issue 14). The target is migrated to the latest
 * schema and must be empty; the copy is one transaction, so a failure leaves it empty. With
 * TENANTS_FILE, `--tenant <id>` copies into that tenant's schema (from its own SQLite file unless
 * --from names another, such as the database of the single bridge the tenant replaces).
 */
export function registerAuditMigrate(audit: Command, output: MigrateOutput, env: NodeJS.ProcessEnv = process.env): void {
  audit
    .command('migrate')
    .description('copy the SQLite database (journal, state, drift, observations, feed cursors) into an empty PostgreSQL database, in one transaction')
    .option('--from <sqlite:path>', 'the SQLite database, as sqlite:<path> (default: AUDIT_DB_PATH, else ./data/bridge.db)')
    .option('--to <url>', 'the PostgreSQL database, postgres://… (default: DATABASE_URL or DATABASE_URL_FILE; prefer those: a URL on the command line shows in the process list)')
    .addOption(tenantOption('SQLite database is copied into its own schema of the PostgreSQL database'))
    .action(async (options: MigrateOptions) => {
      try {
        const tenant = tenantOf(options.tenant, env);
        const path = sourcePath(options.from, env, tenant?.dbPath);
        const { settings, named } = targetOf(options.to, env);
        // Opening migrates the file to the latest SQLite schema, so every table copied exists.
        const source = openBridgeDatabase(path);
        try {
          const target = await openTarget(settings, named, tenant?.schema);
          try {
            output.out(report(path, await copySqliteToPostgres(source, target.pool), tenant?.schema));
          } catch (err) {
            if (err instanceof TargetNotEmptyError) throw err;
            throw new Error(`The copy failed and was rolled back (the target is unchanged): ${describePostgresError(err)}`);
          } finally {
            await target.close();
          }
        } finally {
          source.close();
        }
      } catch (err) {
        output.err(`${(err as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
