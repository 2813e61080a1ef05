import { Command } from 'commander';
import { registerAudit } from '../../src/cli/audit.command';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { PostgresAuditStore } from '../../src/lifecycle/postgres-audit-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { storyRecords } from '../support/audit-records';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

/** `jumpcloud-scim-bridge audit ...` with its output captured (and the environment given). */
async function audit(args: string[], env: Record<string, string | undefined> = {}): Promise<{ out: string; err: string; exitCode: number | undefined }> {
  const run = { out: '', err: '', exitCode: undefined as number | undefined };
  const program = new Command('jumpcloud-scim-bridge').exitOverride().configureOutput({ writeErr: (text) => (run.err += text), writeOut: (text) => (run.out += text) });
  registerAudit(program, { out: (text) => (run.out += text), err: (text) => (run.err += text) });
  const saved = { exitCode: process.exitCode, env: { ...process.env } };
  Object.assign(process.env, env);
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete process.env[name];
  try {
    await program.parseAsync(['audit', ...args], { from: 'user' });
    run.exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  } finally {
    process.exitCode = saved.exitCode;
    process.env = saved.env;
  }
  return run;
}

/** The audit CLI reads the shared PostgreSQL journal of replicas as it reads the SQLite file. */
describe('jumpcloud-scim-bridge audit on PostgreSQL', () => {
  let database: TestDatabase;
  let store: PostgresDatabase;
  let records: AuditRecord[];

  beforeAll(async () => {
    database = await createTestDatabase();
    store = await openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' });
    records = storyRecords();
    await new PostgresAuditStore(store.pool).append(records);
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('reads the journal given as --db postgres://…, with the same answers as the admin API', async () => {
    const run = await audit(['events', '--all', '--format', 'json', '--db', database.url]);
    expect(run.err).toBe('');
    expect(run.exitCode).toBeUndefined();
    const events = (JSON.parse(run.out) as { events: AuditRecord[] }).events;
    expect(events.map((record) => record.id).sort()).toEqual(records.map((record) => record.id).sort());
  });

  it('reads DATABASE_URL when no --db is given (what a replica is configured with)', async () => {
    const run = await audit(['history', 'alice.nguyen', '--format', 'json'], { DATABASE_URL: database.url, AUDIT_DB_PATH: '/nonexistent/never-read.db' });
    expect(run.err).toBe('');
    expect((JSON.parse(run.out) as { events: AuditRecord[] }).events.length).toBeGreaterThan(0);
  });

  it('says what is wrong with an unreachable store without printing its URL (it holds the password)', async () => {
    const wrong = new URL(database.url);
    wrong.password = 'not-the-password';
    const run = await audit(['events', '--db', wrong.toString()]);
    expect(run.exitCode).toBe(1);
    expect(run.err).toBe('--db: PostgreSQL refused the user name or password\n');
  });
});
