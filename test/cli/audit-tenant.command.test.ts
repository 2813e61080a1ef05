import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Pool } from 'pg';
import { registerAudit } from '../../src/cli/audit.command';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { PostgresAuditStore } from '../../src/lifecycle/postgres-audit-store';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { tenantSchemaName } from '../../src/state/postgres-schema';
import { openBridgeDatabase } from '../../src/state/sqlite-database';
import { ALICE, storyRecords } from '../support/audit-records';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';
import { writeTwoTenants, type TwoTenants } from '../support/two-tenants-file';

interface Run {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** `jumpcloud-scim-bridge audit ...` in the environment `env`, with its output captured. */
async function audit(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const run: Run = { out: '', err: '', exitCode: undefined };
  const program = new Command('jumpcloud-scim-bridge').exitOverride().configureOutput({ writeErr: (text) => (run.err += text), writeOut: (text) => (run.out += text) });
  registerAudit(program, { out: (text) => (run.out += text), err: (text) => (run.err += text) }, env);
  const before = process.exitCode;
  try {
    await program.parseAsync(['audit', ...args], { from: 'user' });
    run.exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  } finally {
    process.exitCode = before;
  }
  return run;
}

/** The ids of the records a JSON answer holds, sorted. */
function idsIn(run: Run): string[] {
  expect(run.err).toBe('');
  return (JSON.parse(run.out) as { events: AuditRecord[] }).events.map((record) => record.id).sort();
}

const sortedIds = (records: readonly AuditRecord[]): string[] => records.map((record) => record.id).sort();

// Alice's lifecycle is acme's journal, the rest of the story (Bob, the groups) globex's.
const ACME_RECORDS = storyRecords().filter((record) => record.scimId === ALICE);
const GLOBEX_RECORDS = storyRecords().filter((record) => record.scimId !== ALICE);

let dir: string;
let tenants: TwoTenants;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'audit-tenant-'));
  tenants = writeTwoTenants(dir, 'http://127.0.0.1:9');
  // Each tenant's SQLite journal where the bridge keeps it: <dir of AUDIT_DB_PATH>/tenants/<id>.db.
  for (const [path, records] of [
    [tenants.dbPaths.acme, ACME_RECORDS],
    [tenants.dbPaths.globex, GLOBEX_RECORDS],
  ] as const) {
    const database = openBridgeDatabase(path);
    await new SqliteAuditStore(database).append(records);
    database.close();
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `audit --tenant <id>`: the journal of one tenant of TENANTS_FILE, never another's. */
describe('jumpcloud-scim-bridge audit --tenant on SQLite', () => {
  it("events --tenant reads that tenant's journal file and nothing of the other's", async () => {
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'acme'], tenants.env))).toEqual(sortedIds(ACME_RECORDS));
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'globex'], tenants.env))).toEqual(sortedIds(GLOBEX_RECORDS));
  });

  it("history --tenant finds a person in their tenant's journal only", async () => {
    expect(idsIn(await audit(['history', 'alice.nguyen', '--format', 'json', '--tenant', 'acme'], tenants.env))).toEqual(sortedIds(ACME_RECORDS));
    const elsewhere = await audit(['history', 'alice.nguyen', '--format', 'json', '--tenant', 'globex'], tenants.env);
    expect(elsewhere).toEqual({ out: '', err: 'The audit journal holds no record about user "alice.nguyen".\n', exitCode: 1 });
  });

  it('refuses to read without --tenant when TENANTS_FILE is set, naming the tenants', async () => {
    const run = await audit(['events'], tenants.env);
    expect(run).toEqual({ out: '', err: 'Invalid configuration:\n  - TENANTS_FILE is set: give --tenant <id> (one of: acme, globex)\n', exitCode: 1 });
  });

  it('refuses an unknown tenant, naming the known ones', async () => {
    const run = await audit(['events', '--tenant', 'initech'], tenants.env);
    expect(run.exitCode).toBe(1);
    expect(run.err).toContain('--tenant: TENANTS_FILE defines no tenant "initech" (its tenants: acme, globex)');
    expect(run.out).toBe('');
  });

  it('refuses --tenant with a --db file: the tenant has its own', async () => {
    const run = await audit(['events', '--tenant', 'acme', '--db', tenants.dbPaths.globex], tenants.env);
    expect(run.exitCode).toBe(1);
    expect(run.err).toMatch(/^--db .* and --tenant: --tenant reads the tenant's own journal/);
    expect(run.out).toBe('');
  });

  it('still reads a --db file named without --tenant (the operator chose the journal)', async () => {
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--db', tenants.dbPaths.globex], tenants.env))).toEqual(sortedIds(GLOBEX_RECORDS));
  });

  it("says so when the tenant's journal does not exist yet", async () => {
    const { env } = writeTwoTenants(mkdtempSync(join(dir, 'fresh-')), 'http://127.0.0.1:9');
    const run = await audit(['events', '--tenant', 'acme'], env);
    expect(run.exitCode).toBe(1);
    expect(run.err).toMatch(/^No audit journal at .*tenants\/acme\.db: the bridge creates it when it first serves tenant "acme"/);
  });

  it('refuses --tenant without TENANTS_FILE', async () => {
    const { TENANTS_FILE: _file, ...single } = tenants.env;
    const run = await audit(['events', '--tenant', 'acme'], single);
    expect(run.exitCode).toBe(1);
    expect(run.err).toContain('--tenant: needs TENANTS_FILE');
  });
});

/** On PostgreSQL each tenant's journal is in its own schema of the one database. */
describe('jumpcloud-scim-bridge audit --tenant on PostgreSQL', () => {
  let database: TestDatabase;
  const opened: PostgresDatabase[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (const [id, records] of [
      ['acme', ACME_RECORDS],
      ['globex', GLOBEX_RECORDS],
    ] as const) {
      const store = await openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' }, undefined, { schema: tenantSchemaName(id) });
      opened.push(store);
      await new PostgresAuditStore(store.pool).append(records);
    }
  });
  afterAll(async () => {
    for (const store of opened) await store.close();
    await database.drop();
  });

  it("events --tenant --db postgres://… reads the tenant's schema only", async () => {
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'acme', '--db', database.url], tenants.env))).toEqual(sortedIds(ACME_RECORDS));
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'globex', '--db', database.url], tenants.env))).toEqual(sortedIds(GLOBEX_RECORDS));
  });

  it("history --tenant with DATABASE_URL (a replica's environment) reads the tenant's schema", async () => {
    const env = { ...tenants.env, DATABASE_URL: database.url, DATABASE_SSL: 'off', SCIM_CURSOR_SECRET: 'cursor-secret-of-the-replicas-0123456789' };
    expect(idsIn(await audit(['history', 'bob.martin', '--format', 'json', '--tenant', 'globex'], env)).length).toBeGreaterThan(0);
    const elsewhere = await audit(['history', 'bob.martin', '--format', 'json', '--tenant', 'acme'], env);
    expect(elsewhere).toEqual({ out: '', err: 'The audit journal holds no record about user "bob.martin".\n', exitCode: 1 });
  });

  it('refuses a --db postgres://… without --tenant when TENANTS_FILE is set (the public schema is no tenant\'s)', async () => {
    const run = await audit(['events', '--db', database.url], tenants.env);
    expect(run.exitCode).toBe(1);
    expect(run.err).toContain('TENANTS_FILE is set: give --tenant <id> (one of: acme, globex)');
    expect(run.err).not.toContain(database.url);
  });
});

/** `audit migrate --tenant`: a tenant's SQLite database into its own schema, as replicas of a tenants bridge read it. */
describe('jumpcloud-scim-bridge audit migrate --tenant', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it("copies the tenant's own SQLite file into the tenant's schema, and nothing into another's or public", async () => {
    const run = await audit(['migrate', '--tenant', 'acme', '--to', database.url], tenants.env);
    expect(run.err).toBe('');
    expect(run.exitCode).toBeUndefined();
    expect(run.out).toMatch(new RegExp(`^Copied ${tenants.dbPaths.acme} into PostgreSQL schema tenant_acme \\(one transaction\\):\\n`));
    expect(run.out).toMatch(new RegExp(`audit_event +${ACME_RECORDS.length}\\n`));
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'acme', '--db', database.url], tenants.env))).toEqual(sortedIds(ACME_RECORDS));
    const tables = await pool.query<{ schema: string }>("SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'audit_event'");
    expect(tables.rows.map((row) => row.schema)).toEqual(['tenant_acme']);
  });

  it("takes DATABASE_URL as the target without the replicas' shared secrets", async () => {
    const env = { ...tenants.env, DATABASE_URL: database.url, DATABASE_SSL: 'off' };
    const run = await audit(['migrate', '--tenant', 'globex'], env);
    expect(run.err).toBe('');
    expect(run.out).toContain(`Copied ${tenants.dbPaths.globex} into PostgreSQL schema tenant_globex`);
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'globex', '--db', database.url], tenants.env))).toEqual(sortedIds(GLOBEX_RECORDS));
    // Acme's schema holds acme's records still, and only them.
    expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'acme', '--db', database.url], tenants.env))).toEqual(sortedIds(ACME_RECORDS));
  });

  it('refuses to copy without --tenant when TENANTS_FILE is set; with --tenant and --from, brings a single bridge\'s database into the tenant\'s schema', async () => {
    // The database of the single bridge acme had before the tenants file.
    const single = join(dir, 'single-bridge.db');
    const sqlite = openBridgeDatabase(single);
    await new SqliteAuditStore(sqlite).append(storyRecords());
    sqlite.close();
    const fresh = await createTestDatabase();
    const probe = new Pool({ connectionString: fresh.url, max: 1 });
    try {
      const run = await audit(['migrate', '--from', `sqlite:${single}`, '--to', fresh.url], tenants.env);
      expect(run).toEqual({ out: '', err: 'Invalid configuration:\n  - TENANTS_FILE is set: give --tenant <id> (one of: acme, globex)\n', exitCode: 1 });
      expect((await probe.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'audit_event'")).rowCount).toBe(0);

      const moved = await audit(['migrate', '--tenant', 'acme', '--from', `sqlite:${single}`, '--to', fresh.url], tenants.env);
      expect(moved.out).toContain(`Copied ${single} into PostgreSQL schema tenant_acme`);
      expect(idsIn(await audit(['events', '--all', '--format', 'json', '--tenant', 'acme', '--db', fresh.url], tenants.env))).toEqual(sortedIds(storyRecords()));
    } finally {
      await probe.end();
      await fresh.drop();
    }
  });

  it('refuses an unknown tenant before touching the target', async () => {
    const run = await audit(['migrate', '--tenant', 'initech', '--to', database.url], tenants.env);
    expect(run.exitCode).toBe(1);
    expect(run.err).toContain('--tenant: TENANTS_FILE defines no tenant "initech" (its tenants: acme, globex)');
    expect(run.err).not.toContain(database.url);
  });
});
