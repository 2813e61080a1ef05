import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { loadConfig, loadDatabaseSettings, type BridgeConfig } from '../config/load-config';
import type { AuditRecord } from '../lifecycle/audit-record';
import type { AuditQuery } from '../lifecycle/audit-store';
import { PostgresAuditStore } from '../lifecycle/postgres-audit-store';
import { SqliteAuditStore } from '../lifecycle/sqlite-audit-store';
import { AdminAuditProvider, type EventsAnswer } from '../provider/admin-audit.provider';
import { parseEventQuery } from '../provider/admin-event-query';
import { ScimError } from '../scim/scim-error';
import { describePostgresError, openPostgresDatabase, type PostgresDatabase } from '../state/postgres-database';
import { tenantSchemaName } from '../state/postgres-schema';
import { IN_MEMORY, openBridgeDatabase } from '../state/sqlite-database';
import { AUDIT_FORMATS, renderCsv, renderTable, type AuditFormat } from './audit-format';
import { registerAuditMigrate } from './audit-migrate.command';
import { selectTenant, tenantOption, tenantsFileSet } from './tenant-option';

/** Where the subcommands write (the process's streams, or a test's buffers). */
export interface AuditCliOutput {
  out(text: string): void;
  err(text: string): void;
}

const PROCESS_OUTPUT: AuditCliOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

interface CommonOptions {
  db?: string;
  tenant?: string;
  format: AuditFormat;
}

interface EventsOptions extends CommonOptions {
  type?: string;
  user?: string;
  since?: string;
  until?: string;
  outcome?: string;
  limit?: string;
  cursor?: string;
  all?: boolean;
}

/** A journal as the subcommands read it: a SQLite file, or a PostgreSQL store (a tenant's schema in it). */
type JournalLocation = { sqlite: string } | { postgres: NonNullable<BridgeConfig['database']>; named: string; schema?: string };

/** The journal file at `path`, refused when it cannot be the one a bridge writes; `hint` says what to give instead. */
function journalPath(path: string, hint: string): string {
  if (path === IN_MEMORY) throw new Error(`The audit journal ":memory:" lives inside a running bridge only; ${hint}`);
  if (!existsSync(path)) throw new Error(`No audit journal at ${path}: ${hint}`);
  return path;
}

/** Whether --db names a PostgreSQL store rather than a SQLite file. */
function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

const GIVE_DB = 'give --db the file the bridge writes (AUDIT_DB_PATH).';

/**
 * Which journal to read: --db (a SQLite file or a postgres:// URL), else DATABASE_URL /
 * DATABASE_URL_FILE (replicas), else AUDIT_DB_PATH. With TENANTS_FILE, a tenant's journal: its
 * SQLite file (`<dir of AUDIT_DB_PATH>/tenants/<id>.db`) or its schema in the PostgreSQL store;
 * the global one holds no tenant's records, so --tenant is then required (a --db file excepted:
 * the operator named the journal).
 */
function locateJournal(db: string | undefined, tenant: string | undefined, env: NodeJS.ProcessEnv): JournalLocation {
  const dbIsPostgres = db !== undefined && isPostgresUrl(db);
  if (tenant === undefined && (!tenantsFileSet(env) || (db !== undefined && !dbIsPostgres))) {
    const postgres = db !== undefined ? (dbIsPostgres ? loadDatabaseSettings({ DATABASE_URL: db }) : undefined) : loadDatabaseSettings(env);
    if (postgres) return { postgres, named: db !== undefined ? '--db' : 'DATABASE_URL' };
    return { sqlite: journalPath(db ?? loadConfig(env).audit.dbPath, GIVE_DB) };
  }
  if (db !== undefined && !dbIsPostgres) {
    throw new Error(`--db ${db} and --tenant: --tenant reads the tenant's own journal (its file beside AUDIT_DB_PATH, tenants/${tenant}.db); leave --db out, or give --db the postgres:// URL of the shared store`);
  }
  const { id, config } = selectTenant(env, tenant);
  // selectTenant refuses a missing --tenant when TENANTS_FILE is set, so `id` is one of the file's tenants.
  const schema = tenantSchemaName(String(id).toLowerCase());
  if (dbIsPostgres) return { postgres: loadDatabaseSettings({ DATABASE_URL: db }) as NonNullable<BridgeConfig['database']>, named: '--db', schema };
  if (config.database) return { postgres: config.database, named: 'DATABASE_URL', schema };
  return { sqlite: journalPath(config.audit.dbPath, `the bridge creates it when it first serves tenant "${id}"; run this where AUDIT_DB_PATH is the bridge's own.`) };
}

/**
 * Opens the journal `locateJournal` finds, runs `use`, closes it. Reading while the bridge runs
 * is safe on both (SQLite's WAL, PostgreSQL's MVCC).
 */
async function withJournal<T>(location: JournalLocation, use: (audit: AdminAuditProvider) => Promise<T>): Promise<T> {
  if ('postgres' in location) {
    let database: PostgresDatabase;
    try {
      database = await openPostgresDatabase({ ...location.postgres, poolSize: 2 }, undefined, location.schema === undefined ? {} : { schema: location.schema });
    } catch (err) {
      // Never the URL: it holds the password.
      throw new Error(`${location.named}: ${describePostgresError(err).replace(/^DATABASE_URL: /, '')}`);
    }
    try {
      return await use(new AdminAuditProvider({ audit: new PostgresAuditStore(database.pool) }));
    } finally {
      await database.close();
    }
  }
  const database = openBridgeDatabase(location.sqlite);
  try {
    return await use(new AdminAuditProvider({ audit: new SqliteAuditStore(database) }));
  } finally {
    database.close();
  }
}

/** Every page of a query, following cursors (for a complete CSV export). */
async function allPages(audit: AdminAuditProvider, query: AuditQuery): Promise<EventsAnswer> {
  const events: AuditRecord[] = [];
  let cursor = query.cursor;
  do {
    const page = await audit.page({ ...query, cursor });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { events };
}

function render(format: AuditFormat, records: readonly AuditRecord[], asJson: unknown): string {
  if (format === 'csv') return renderCsv(records);
  if (format === 'json') return `${JSON.stringify(asJson, null, 2)}\n`;
  return renderTable(records);
}

/** Runs an action, turning expected failures into a message on stderr and an exit code. */
async function reporting(output: AuditCliOutput, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    if (err instanceof ScimError) {
      output.err(`${err.message}\n`);
      // 2: the command line was wrong; 1: nothing found.
      process.exitCode = err.status === 404 ? 1 : 2;
      return;
    }
    output.err(`${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}

const formatOption = (): Option => new Option('--format <format>', 'output format').choices(AUDIT_FORMATS).default('table');
const dbOption = (): Option => new Option('--db <path>', 'the journal: a SQLite file or a postgres:// URL (default: DATABASE_URL when set, else AUDIT_DB_PATH, else ./data/bridge.db)');

/**
 * `audit events` and `audit history <user>`: the audit journal read straight from the SQLite file
 * or the shared PostgreSQL store (the bridge need not run), as an aligned table, RFC 4180 CSV for auditors, or JSON (the same
 * bodies as GET /admin/events and /admin/users/{id}/history). Filters are validated exactly as
 * the admin endpoint validates them. With TENANTS_FILE, `--tenant <id>` reads that tenant's
 * journal. `audit migrate` moves the SQLite database into PostgreSQL.
 */
export function registerAudit(program: Command, output: AuditCliOutput = PROCESS_OUTPUT, env: NodeJS.ProcessEnv = process.env): void {
  const audit = program.command('audit').description('read the audit journal (what the bridge did to whom, when, for whom, and whether it worked), or move it to PostgreSQL');

  audit
    .command('events')
    .description('journal records, newest first')
    .option('--type <types>', 'event types, comma separated (joiner, rehire, mover, entitlement_add, entitlement_remove, suspend, delete, password_set, group_create, group_update, group_delete, drift, external_delete, activated)')
    .option('--user <user>', 'a user: SCIM id, JumpCloud id or userName')
    .option('--since <time>', 'records at or after this ISO-8601 date or date-time (with a time zone)')
    .option('--until <time>', 'records before this ISO-8601 date or date-time (with a time zone)')
    .option('--outcome <outcomes>', 'outcomes, comma separated (pending, succeeded, failed, dry_run, interrupted)')
    .option('--limit <n>', 'records per page, 1..1000 (default 100)')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--all', 'every matching record, following pages (ignores --limit as a total)')
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(tenantOption('journal is read'))
    .action(async (options: EventsOptions) => {
      await reporting(output, async () => {
        const { db, tenant, format, all, ...filters } = options;
        const query = parseEventQuery(Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)));
        const answer = await withJournal(locateJournal(db, tenant, env), (journal) => (all ? allPages(journal, query) : journal.page(query)));
        output.out(render(format, answer.events, answer));
        if (answer.nextCursor !== undefined && format !== 'json') output.err(`More records match: add --cursor ${answer.nextCursor} (or --all).\n`);
      });
    });

  audit
    .command('history')
    .description("one person's lifecycle, oldest first (joiner ... leaver)")
    .argument('<user>', 'SCIM id (= JumpCloud id) or userName')
    .addOption(formatOption())
    .addOption(dbOption())
    .addOption(tenantOption('journal is read'))
    .action(async (user: string, options: CommonOptions) => {
      await reporting(output, async () => {
        const answer = await withJournal(locateJournal(options.db, options.tenant, env), (journal) => journal.history(user));
        output.out(render(options.format, answer.events, answer));
        if (answer.truncated && options.format !== 'json') output.err('Only the newest records are shown: the journal holds more for this user.\n');
      });
    });

  registerAuditMigrate(audit, output, env);
}
