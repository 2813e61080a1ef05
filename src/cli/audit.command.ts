import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { loadConfig, loadDatabaseSettings } from '../config/load-config';
import type { AuditRecord } from '../lifecycle/audit-record';
import type { AuditQuery } from '../lifecycle/audit-store';
import { PostgresAuditStore } from '../lifecycle/postgres-audit-store';
import { SqliteAuditStore } from '../lifecycle/sqlite-audit-store';
import { AdminAuditProvider, type EventsAnswer } from '../provider/admin-audit.provider';
import { parseEventQuery } from '../provider/admin-event-query';
import { ScimError } from '../scim/scim-error';
import { describePostgresError, openPostgresDatabase, type PostgresDatabase } from '../state/postgres-database';
import { IN_MEMORY, openBridgeDatabase } from '../state/sqlite-database';
import { AUDIT_FORMATS, renderCsv, renderTable, type AuditFormat } from './audit-format';
import { registerAuditMigrate } from './audit-migrate.command';

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

/** The journal file: --db, else AUDIT_DB_PATH (validated like the bridge reads it), else its default. */
function journalPath(db: string | undefined): string {
  const path = db ?? loadConfig().audit.dbPath;
  if (path === IN_MEMORY) throw new Error('The audit journal ":memory:" lives inside a running bridge only; give --db the file the bridge writes (AUDIT_DB_PATH).');
  if (!existsSync(path)) throw new Error(`No audit journal at ${path}: give --db the file the bridge writes (AUDIT_DB_PATH).`);
  return path;
}

/** Whether --db names a PostgreSQL store rather than a SQLite file. */
function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * Opens the journal the bridge writes, runs `use`, closes it: --db (a SQLite file or a
 * postgres:// URL), else DATABASE_URL / DATABASE_URL_FILE (replicas), else AUDIT_DB_PATH.
 * Reading while the bridge runs is safe on both (SQLite's WAL, PostgreSQL's MVCC).
 */
async function withJournal<T>(db: string | undefined, use: (audit: AdminAuditProvider) => Promise<T>): Promise<T> {
  const postgres = db !== undefined ? (isPostgresUrl(db) ? loadDatabaseSettings({ DATABASE_URL: db }) : undefined) : loadDatabaseSettings();
  if (postgres) {
    let database: PostgresDatabase;
    try {
      database = await openPostgresDatabase({ ...postgres, poolSize: 2 });
    } catch (err) {
      // Never the URL: it holds the password.
      throw new Error(`${db !== undefined ? '--db' : 'DATABASE_URL'}: ${describePostgresError(err).replace(/^DATABASE_URL: /, '')}`);
    }
    try {
      return await use(new AdminAuditProvider({ audit: new PostgresAuditStore(database.pool) }));
    } finally {
      await database.close();
    }
  }
  const database = openBridgeDatabase(journalPath(db));
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
 * the admin endpoint validates them. `audit migrate` moves the SQLite database into PostgreSQL.
 */
export function registerAudit(program: Command, output: AuditCliOutput = PROCESS_OUTPUT): void {
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
    .action(async (options: EventsOptions) => {
      await reporting(output, async () => {
        const { db, format, all, ...filters } = options;
        const query = parseEventQuery(Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)));
        const answer = await withJournal(db, (journal) => (all ? allPages(journal, query) : journal.page(query)));
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
    .action(async (user: string, options: CommonOptions) => {
      await reporting(output, async () => {
        const answer = await withJournal(options.db, (journal) => journal.history(user));
        output.out(render(options.format, answer.events, answer));
        if (answer.truncated && options.format !== 'json') output.err('Only the newest records are shown: the journal holds more for this user.\n');
      });
    });

  registerAuditMigrate(audit, output);
}
