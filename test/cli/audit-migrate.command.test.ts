import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { Pool } from 'pg';
import { registerAuditMigrate } from '../../src/cli/audit-migrate.command';
import { buildCli } from '../../src/cli/main';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openPostgresDatabase } from '../../src/state/postgres-database';
import { SqliteDriftStore } from '../../src/state/sqlite-drift-store';
import { SqliteFeedCursorStore } from '../../src/state/sqlite-feed-cursor-store';
import { SqliteResourceObservationStore } from '../../src/state/sqlite-resource-observation-store';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';
import { openBridgeDatabase, type BridgeDatabase } from '../../src/state/sqlite-database';
import { copySqliteToPostgres } from '../../src/state/sqlite-to-postgres';
import { ALICE, BOB, storyRecords } from '../support/audit-records';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

interface Run {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** `jumpcloud-scim-bridge audit migrate ...` with `env` as its environment, output captured. */
async function migrate(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const run: Run = { out: '', err: '', exitCode: undefined };
  const program = new Command('jumpcloud-scim-bridge').exitOverride().configureOutput({ writeErr: (text) => (run.err += text), writeOut: (text) => (run.out += text) });
  const audit = program.command('audit');
  registerAuditMigrate(audit, { out: (text) => (run.out += text), err: (text) => (run.err += text) }, env);
  const before = process.exitCode;
  try {
    await program.parseAsync(['audit', 'migrate', ...args], { from: 'user' });
    run.exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  } finally {
    process.exitCode = before;
  }
  return run;
}

const PENDING: AuditRecord = {
  id: '00000000-0000-4000-8000-0000000000aa',
  time: '2025-03-06T12:00:00.000Z',
  type: 'mover',
  outcome: 'pending',
  resourceType: 'User',
  scimId: BOB,
  jumpcloudId: BOB,
  userName: 'Bob.Martin',
  changes: [{ attribute: 'title', before: 'Engineer', after: 'Manager' }],
  jumpcloudCalls: [],
  requestId: 'req-pending',
  client: 'bearer#1',
};

/** A single bridge's database with something in every table, and a gap in the journal's seq. */
async function fillSource(db: BridgeDatabase): Promise<void> {
  const audit = new SqliteAuditStore(db);
  await audit.append(storyRecords());
  // A settled intent leaves a hole in seq (AUTOINCREMENT never reuses one): a copy that
  // renumbered the journal would move every cursor taken after it.
  db.prepare("DELETE FROM audit_event WHERE id = '00000000-0000-4000-8000-000000000004'").run();
  await audit.append([PENDING]);
  const state = new SqliteStateStore(db);
  await state.recordChange('User', ALICE, new Date('2025-03-05T11:00:00.000Z'));
  await state.recordChange('User', BOB, new Date('2025-02-04T15:45:00.000Z'));
  await state.recordChange('Group', '65a0000000000000000e0001', new Date('2025-02-03T00:00:00.000Z'));
  const feed = new SqliteFeedCursorStore(db);
  await feed.commit('directory_insights', '2025-03-06T11:59:00.000Z', [
    { id: 'ev-1', timestamp: '2025-03-06T11:58:00.000Z' },
    { id: 'ev-2', timestamp: '2025-03-06T11:59:00.000Z' },
  ], '2025-03-06T11:00:00.000Z', new Date('2025-03-06T12:00:00.000Z'));
  await feed.learn('directory_insights', 'keyAdmin', '{"id":"admin-1","email":"ops@example.com"}', new Date('2025-03-06T12:00:00.000Z'));
  const observations = new SqliteResourceObservationStore(db);
  await observations.saveSnapshots('User', new Map([[BOB, { hash: 'h-bob', values: { jobTitle: 'Engineer', 'name.givenName': 'Bob' }, observedAt: '2025-03-06T10:00:00.000Z' }]]));
  await observations.recordChange('User', BOB, { at: '2025-03-06T11:58:00.000Z', origin: 'external', by: { type: 'admin', email: 'ops@example.com' } });
  await new SqliteDriftStore(db).put({
    resourceType: 'User',
    resourceId: BOB,
    key: 'jobTitle',
    attribute: 'title',
    jumpcloudField: 'jobTitle',
    userName: 'bob.martin',
    from: 'Engineer',
    to: 'Chief "Everything"',
    initiatedBy: { email: 'ops@example.com' },
    source: 'directory_insights',
    openedAt: '2025-03-06T11:58:00.000Z',
    updatedAt: '2025-03-06T11:58:00.000Z',
    auditId: '00000000-0000-4000-8000-0000000000bb',
  });
}

/** The bridge's own tables in the SQLite file, read from its catalogue (not from the copier's list). */
function sqliteTables(db: BridgeDatabase): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('schema_migrations', 'sqlite_sequence') ORDER BY name").all() as { name: string }[];
  return rows.map((row) => row.name);
}

function sqliteColumns(db: BridgeDatabase, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info('${table}') ORDER BY cid`).all() as { name: string }[]).map((row) => row.name);
}

/** Every row as text (or null), ordered by all its columns: the same rows read the same on both engines. */
const asText = (row: unknown[]): (string | null)[] => row.map((value) => (value === null ? null : String(value)));
const byText = (a: (string | null)[], b: (string | null)[]): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

function sqliteRows(db: BridgeDatabase, table: string, columns: string[]): (string | null)[][] {
  return (db.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw(true).all() as unknown[][]).map(asText).sort(byText);
}

async function postgresRows(pool: Pool, table: string, columns: string[]): Promise<(string | null)[][]> {
  const result = await pool.query({ text: `SELECT ${columns.join(', ')} FROM ${table}`, rowMode: 'array' });
  return (result.rows as unknown[][]).map(asText).sort(byText);
}

async function postgresCount(pool: Pool, table: string): Promise<number> {
  return Number((await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]?.n);
}

/** `audit migrate` copies a single bridge's SQLite database into PostgreSQL for replicas (issue 14). */
describe('jumpcloud-scim-bridge audit migrate', () => {
  let dir: string;
  let sourcePath: string;
  let source: BridgeDatabase;
  let target: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-migrate-'));
    sourcePath = join(dir, 'bridge.db');
    // Kept open the whole time, as a bridge not yet stopped would hold it (WAL: reads do not block).
    source = openBridgeDatabase(sourcePath);
    await fillSource(source);
  });
  afterAll(() => {
    source.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // A target of its own per test (about 100 ms): the copy must meet an empty one.
  beforeEach(async () => {
    target = await createTestDatabase();
    pool = new Pool({ connectionString: target.url, max: 2 });
  });
  afterEach(async () => {
    await pool.end();
    await target.drop();
  });

  it('is a subcommand of audit in the one binary', () => {
    const audit = buildCli().commands.find((command) => command.name() === 'audit');
    expect(audit?.commands.map((command) => command.name())).toContain('migrate');
  });

  it('copies every table of the SQLite database, row for row, and prints the counts', async () => {
    const run = await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url]);
    expect(run.err).toBe('');
    expect(run.exitCode).toBeUndefined();

    const tables = sqliteTables(source);
    expect(tables).toEqual(['audit_event', 'changefeed_cursor', 'changefeed_learned', 'changefeed_seen_event', 'drift_open', 'resource_observation', 'resource_state']);
    for (const table of tables) {
      const columns = sqliteColumns(source, table);
      const expected = sqliteRows(source, table, columns);
      expect(expected.length).toBeGreaterThan(0);
      expect({ table, rows: await postgresRows(pool, table, columns) }).toEqual({ table, rows: expected });
    }
    // PostgreSQL's one extra column: which replica wrote a pending intent. None did.
    expect((await pool.query('SELECT COUNT(*) AS n FROM audit_event WHERE owner IS NOT NULL')).rows[0].n).toBe('0');

    expect(run.out).toBe(
      [
        `Copied ${sourcePath} into PostgreSQL (one transaction):`,
        '  resource_state                 3',
        '  audit_event                    9',
        '  changefeed_cursor              1',
        '  changefeed_seen_event          2',
        '  changefeed_learned             1',
        '  resource_observation           1',
        '  drift_open                     1',
        '1 pending intent(s) copied as they are: the first replica to start on PostgreSQL marks them interrupted.',
        '',
      ].join('\n'),
    );
  });

  it('keeps the journal\'s seq (gaps included) and moves the sequence past it', async () => {
    await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url]);
    const sqliteSeqs = (source.prepare('SELECT seq, id FROM audit_event ORDER BY seq').all() as { seq: number; id: string }[]).map((r) => [String(r.seq), r.id]);
    const postgresSeqs = (await pool.query<{ seq: string; id: string }>('SELECT seq, id FROM audit_event ORDER BY seq')).rows.map((r) => [r.seq, r.id]);
    expect(postgresSeqs).toEqual(sqliteSeqs);
    expect(postgresSeqs.map(([seq]) => seq)).not.toContain('4');

    // The next record a replica journals comes after every copied one, newest first as before.
    const inserted = await pool.query<{ seq: string }>(
      "INSERT INTO audit_event (id, time, type, outcome, resource_type, record) VALUES ('after-migration', '2025-03-07T00:00:00.000Z', 'joiner', 'succeeded', 'User', '{}') RETURNING seq",
    );
    const last = Number(sqliteSeqs[sqliteSeqs.length - 1]?.[0]);
    expect(Number(inserted.rows[0]?.seq)).toBe(last + 1);
  });

  it('copies the pending intent as it is, with no owner, for the first replica to mark interrupted', async () => {
    await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url]);
    const rows = (await pool.query("SELECT id, outcome, owner, record FROM audit_event WHERE outcome = 'pending'")).rows;
    expect(rows).toEqual([{ id: PENDING.id, outcome: 'pending', owner: null, record: expect.any(String) }]);
    expect(JSON.parse(rows[0].record)).toEqual(PENDING);
  });

  it('copies in batches without losing or reordering a row', async () => {
    const database = await openPostgresDatabase({ url: target.url, poolSize: 2, ssl: 'off' });
    try {
      const result = await copySqliteToPostgres(source, database.pool, 2);
      expect(result.tables.find((t) => t.table === 'audit_event')?.rows).toBe(9);
      expect(result.pendingIntents).toBe(1);
    } finally {
      await database.close();
    }
    const columns = sqliteColumns(source, 'audit_event');
    expect(await postgresRows(pool, 'audit_event', columns)).toEqual(sqliteRows(source, 'audit_event', columns));
  });

  it('refuses a second migration into the same database: two journals would interleave', async () => {
    expect((await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url])).exitCode).toBeUndefined();
    const again = await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url]);
    expect(again.exitCode).toBe(1);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/^The target PostgreSQL database already holds rows \(resource_state: 3, audit_event: 9, .*\); nothing was copied\. Merging two audit journals would interleave two histories/);
    expect(await postgresCount(pool, 'audit_event')).toBe(9);
  });

  it('refuses a target where a bridge already wrote state, even with no journal yet', async () => {
    const database = await openPostgresDatabase({ url: target.url, poolSize: 2, ssl: 'off' });
    await database.pool.query("INSERT INTO changefeed_cursor (feed, position, updated_at) VALUES ('directory_insights', '2025-04-01T00:00:00.000Z', '2025-04-01T00:00:00.000Z')");
    await database.close();
    const run = await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url]);
    expect(run.exitCode).toBe(1);
    expect(run.err).toMatch(/already holds rows \(changefeed_cursor: 1\); nothing was copied\. A bridge has already written state there/);
    expect(await postgresCount(pool, 'audit_event')).toBe(0);
  });

  it('leaves the target unchanged when a row fails half-way (one transaction)', async () => {
    // A copy of the source with a row PostgreSQL refuses (text cannot hold NUL) in a table copied
    // after the journal: the journal rows already sent must be rolled back with it.
    const brokenPath = join(dir, 'broken.db');
    source.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(sourcePath, brokenPath);
    const broken = openBridgeDatabase(brokenPath);
    broken.prepare("INSERT INTO resource_observation (kind, id, last_change_by) VALUES ('User', 'nul', ?)").run('a\u0000b');
    broken.close();
    const run = await migrate(['--from', `sqlite:${brokenPath}`, '--to', target.url]);
    expect(run.exitCode).toBe(1);
    expect(run.err).toMatch(/^The copy failed and was rolled back \(the target is unchanged\): .+/);
    for (const table of sqliteTables(source)) expect({ table, rows: await postgresCount(pool, table) }).toEqual({ table, rows: 0 });
    // The target was migrated and stays usable: the same copy from the sound file succeeds.
    expect((await migrate(['--from', `sqlite:${sourcePath}`, '--to', target.url])).exitCode).toBeUndefined();
  });

  it('takes the target from DATABASE_URL, or DATABASE_URL_FILE, when --to is not given', async () => {
    const fromEnv = await migrate(['--from', `sqlite:${sourcePath}`], { DATABASE_URL: target.url });
    expect(fromEnv.err).toBe('');
    expect(await postgresCount(pool, 'audit_event')).toBe(9);

    const other = await createTestDatabase();
    try {
      const file = join(dir, 'database-url');
      writeFileSync(file, `${other.url}\n`);
      const fromFile = await migrate(['--from', `sqlite:${sourcePath}`], { DATABASE_URL_FILE: file });
      expect(fromFile.err).toBe('');
      const otherPool = new Pool({ connectionString: other.url, max: 1 });
      expect(await postgresCount(otherPool, 'audit_event')).toBe(9);
      await otherPool.end();
    } finally {
      await other.drop();
    }
  });

  it('says what is wrong with the target without printing its URL (it holds the password)', async () => {
    const wrongPassword = new URL(target.url);
    wrongPassword.password = 'sw0rdfish-not-the-password';
    const refused = await migrate(['--from', `sqlite:${sourcePath}`, '--to', wrongPassword.toString()]);
    expect(refused).toEqual({ out: '', err: '--to: PostgreSQL refused the user name or password\n', exitCode: 1 });

    const file = join(dir, 'wrong-url');
    writeFileSync(file, wrongPassword.toString());
    const fromFile = await migrate(['--from', `sqlite:${sourcePath}`], { DATABASE_URL_FILE: file });
    expect(fromFile.err).toBe('DATABASE_URL_FILE: PostgreSQL refused the user name or password\n');

    const notPostgres = await migrate(['--from', `sqlite:${sourcePath}`, '--to', 'mysql://admin:sw0rdfish@db/bridge']);
    expect(notPostgres.err).toBe('--to: must be a PostgreSQL URL, postgres://user:password@host:5432/database\n');
    const badEnv = await migrate(['--from', `sqlite:${sourcePath}`], { DATABASE_URL: 'mysql://admin:sw0rdfish@db/bridge' });
    expect(badEnv.exitCode).toBe(1);
    expect(badEnv.err).toMatch(/^Invalid configuration:\n {2}- DATABASE_URL: must match pattern/);
    for (const run of [refused, fromFile, notPostgres, badEnv]) expect(run.err).not.toContain('sw0rdfish');
  });

  it('names what is missing: the source file, the sqlite: prefix, a target', async () => {
    expect((await migrate(['--from', `sqlite:${join(dir, 'absent.db')}`, '--to', target.url])).err).toBe(`--from: no SQLite database at ${join(dir, 'absent.db')}\n`);
    expect((await migrate(['--from', sourcePath, '--to', target.url])).err).toBe('--from: give sqlite:<path>, the SQLite database the bridge writes (AUDIT_DB_PATH)\n');
    expect((await migrate(['--from', `sqlite:${sourcePath}`])).err).toBe('No target database: give --to postgres://… or set DATABASE_URL (or DATABASE_URL_FILE).\n');
    // AUDIT_DB_PATH is the default source, as for the other audit commands.
    expect((await migrate([], { AUDIT_DB_PATH: sourcePath, DATABASE_URL: target.url })).exitCode).toBeUndefined();
    expect(await postgresCount(pool, 'audit_event')).toBe(9);
  });
});
