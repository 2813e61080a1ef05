import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerAudit } from '../../src/cli/audit.command';
import { buildCli } from '../../src/cli/main';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase, type BridgeDatabase } from '../../src/state/sqlite-database';
import { ALICE, storyRecords } from '../support/audit-records';

interface Run {
  out: string;
  err: string;
  exitCode: number | undefined;
}

/** `jumpcloud-scim-bridge audit ...` against the journal at `db`, with its output captured. */
async function audit(args: string[]): Promise<Run> {
  const run: Run = { out: '', err: '', exitCode: undefined };
  const program = new Command('jumpcloud-scim-bridge').exitOverride().configureOutput({ writeErr: (text) => (run.err += text), writeOut: (text) => (run.out += text) });
  registerAudit(program, { out: (text) => (run.out += text), err: (text) => (run.err += text) });
  const before = process.exitCode;
  try {
    await program.parseAsync(['audit', ...args], { from: 'user' });
    run.exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  } finally {
    process.exitCode = before;
  }
  return run;
}

/** The audit CLI reads the SQLite journal the bridge writes, with no bridge running. */
describe('jumpcloud-scim-bridge audit', () => {
  let dir: string;
  let path: string;
  // Kept open the whole time, as a running bridge would hold it (WAL: readers do not block).
  let writer: BridgeDatabase;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
    path = join(dir, 'bridge.db');
    writer = openBridgeDatabase(path);
    await new SqliteAuditStore(writer).append(storyRecords());
  });
  afterAll(() => {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a subcommand of the one binary', () => {
    const auditCommand = buildCli().commands.find((command) => command.name() === 'audit');
    expect(auditCommand?.commands.map((command) => command.name()).sort()).toEqual(['events', 'history', 'migrate']);
  });

  it('prints a person\'s history as an aligned table, oldest first', async () => {
    const run = await audit(['history', 'alice.nguyen', '--db', path]);
    expect(run.err).toBe('');
    expect(run.exitCode).toBeUndefined();
    expect(run.out).toBe(
      [
        'TIME                      TYPE             OUTCOME    RESOURCE                       NAME          DETAIL             REQUEST  CLIENT',
        '2025-01-10T09:00:00.000Z  joiner           succeeded  User 65a000000000000000000a11  alice.nguyen                     req-1    bearer#1',
        '2025-01-11T10:00:00.000Z  entitlement_add  succeeded  User 65a000000000000000000a11  alice.nguyen  group Engineering  req-2    bearer#1',
        '2025-02-01T08:30:00.000Z  mover            succeeded  User 65a000000000000000000a11  alice.nguyen  title              req-3    bearer#1',
        '2025-03-01T17:00:00.000Z  suspend          succeeded  User 65a000000000000000000a11  alice.nguyen  active             req-7    bearer#1',
        '2025-03-05T11:00:00.000Z  delete           succeeded  User 65a000000000000000000a11  alice.nguyen                     req-9    bearer#1',
        '',
      ].join('\n'),
    );
  });

  it('prints filtered events as a table, newest first, the error in the detail', async () => {
    const run = await audit(['events', '--type', 'mover', '--db', path]);
    expect(run.out).toBe(
      [
        'TIME                      TYPE   OUTCOME    RESOURCE                       NAME          DETAIL                                                                                                                  REQUEST  CLIENT',
        '2025-02-04T15:45:00.000Z  mover  failed     User 65a000000000000000000b0b  bob.martin    emails[type eq "work"].value; error 409: A user with this userName or work e-mail address already exists in JumpCloud.  req-6    bearer#1',
        '2025-02-01T08:30:00.000Z  mover  succeeded  User 65a000000000000000000a11  alice.nguyen  title                                                                                                                   req-3    bearer#1',
        '',
      ].join('\n'),
    );
  });

  it('exports CSV for auditors: a header row, RFC 4180 quoting, CRLF line breaks', async () => {
    const run = await audit(['events', '--type', 'mover', '--format', 'csv', '--db', path]);
    expect(run.out).toBe(
      [
        'time,record_id,type,outcome,resource_type,scim_id,jumpcloud_id,user_name,display_name,group_id,group_name,member_id,member_user_name,changes,jumpcloud_calls,error_status,error_scim_type,error_detail,request_id,client,interrupted_before,flagged_by',
        '2025-02-04T15:45:00.000Z,00000000-0000-4000-8000-000000000006,mover,failed,User,65a000000000000000000b0b,65a000000000000000000b0b,bob.martin,,,,,,"[{""attribute"":""emails[type eq \\""work\\""].value"",""before"":""bob.martin@example.com"",""after"":""=cmd|calc""}]",PUT /api/systemusers/{id} 400,409,uniqueness,A user with this userName or work e-mail address already exists in JumpCloud.,req-6,bearer#1,,',
        '2025-02-01T08:30:00.000Z,00000000-0000-4000-8000-000000000003,mover,succeeded,User,65a000000000000000000a11,65a000000000000000000a11,alice.nguyen,,,,,,"[{""attribute"":""title"",""before"":""Engineer"",""after"":""Lead, \\""Platform\\""""}]",PUT /api/systemusers/{id} 503; PUT /api/systemusers/{id} 200 (attempt 2),,,,req-3,bearer#1,,',
        '',
      ].join('\r\n'),
    );
  });

  it('exports group-side entitlements with their group and member columns', async () => {
    const run = await audit(['events', '--type', 'entitlement_add', '--user', 'bob.martin', '--format', 'csv', '--db', path]);
    expect(run.out.split('\r\n')[1]).toBe(
      '2025-02-03T00:00:00.000Z,00000000-0000-4000-8000-000000000005,entitlement_add,succeeded,Group,65a0000000000000000e0001,65a0000000000000000e0001,,Engineering,,,65a000000000000000000b0b,bob.martin,,POST /api/v2/usergroups/{id}/members 204,,,,req-5,bearer#1,,',
    );
  });

  it('prints the same JSON bodies as the admin endpoints', async () => {
    const events = JSON.parse((await audit(['events', '--user', ALICE, '--limit', '2', '--format', 'json', '--db', path])).out);
    expect(events.events.map((e: AuditRecord) => e.id.slice(-1))).toEqual(['9', '7']);
    expect(events.nextCursor).toEqual(expect.any(String));
    const history = JSON.parse((await audit(['history', ALICE, '--format', 'json', '--db', path])).out);
    expect(history).toMatchObject({ id: ALICE, userName: 'alice.nguyen', truncated: false });
    expect(history.events).toEqual(storyRecords().filter((r) => r.scimId === ALICE));
  });

  it('pages with --limit and --cursor (the hint goes to stderr), or all at once with --all', async () => {
    const first = await audit(['events', '--user', 'bob.martin', '--limit', '2', '--format', 'csv', '--db', path]);
    expect(first.out.split('\r\n').filter(Boolean)).toHaveLength(3);
    const cursor = /--cursor (\S+)/.exec(first.err)?.[1];
    expect(cursor).toBeDefined();
    const rest = await audit(['events', '--user', 'bob.martin', '--limit', '2', '--cursor', cursor as string, '--format', 'csv', '--db', path]);
    expect(rest.out.split('\r\n').filter(Boolean).map((line) => line.split(',')[1])).toEqual(['record_id', '00000000-0000-4000-8000-000000000004']);
    expect(rest.err).toBe('');
    const all = await audit(['events', '--user', 'bob.martin', '--limit', '2', '--all', '--format', 'csv', '--db', path]);
    expect(all.out.split('\r\n').filter(Boolean).slice(1).map((line) => line.split(',')[1]?.slice(-1))).toEqual(['6', '5', '4']);
    expect(all.err).toBe('');
  });

  it('reads AUDIT_DB_PATH when --db is not given', async () => {
    const saved = process.env.AUDIT_DB_PATH;
    process.env.AUDIT_DB_PATH = path;
    try {
      const run = await audit(['events', '--type', 'group_create', '--format', 'csv']);
      expect(run.out.split('\r\n')[1]).toContain(',group_create,dry_run,Group,');
    } finally {
      if (saved === undefined) delete process.env.AUDIT_DB_PATH;
      else process.env.AUDIT_DB_PATH = saved;
    }
  });

  it.each([
    [['events', '--since', 'yesterday'], 'Query parameter "since" must be an ISO-8601 date'],
    [['events', '--type', 'hire'], 'Query parameter "type" must be one of joiner,'],
    [['events', '--limit', '0'], 'Query parameter "limit" must be a whole number from 1 to 1000'],
    [['events', '--cursor', 'bogus'], 'Query parameter "cursor" is not a cursor this service issued'],
  ])('refuses %j with the endpoint\'s message and exit code 2', async (args, message) => {
    const run = await audit([...args, '--db', path]);
    expect(run.out).toBe('');
    expect(run.err).toContain(message);
    expect(run.exitCode).toBe(2);
  });

  it('says so, with exit code 1, when nothing is known of the person', async () => {
    const run = await audit(['history', 'nobody', '--db', path]);
    expect(run).toEqual({ out: '', err: 'The audit journal holds no record about user "nobody".\n', exitCode: 1 });
  });

  it('refuses a journal file that does not exist instead of creating an empty one', async () => {
    const missing = join(dir, 'missing.db');
    const run = await audit(['events', '--db', missing]);
    expect(run).toEqual({ out: '', err: `No audit journal at ${missing}: give --db the file the bridge writes (AUDIT_DB_PATH).\n`, exitCode: 1 });
  });

  it('refuses an unknown format', async () => {
    await expect(audit(['events', '--format', 'xml', '--db', path])).rejects.toThrow(CommanderError);
  });
});

describe('audit CSV and table safety', () => {
  let dir: string;
  let path: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-cli-safety-'));
    path = join(dir, 'bridge.db');
    const db = openBridgeDatabase(path);
    const base = storyRecords()[0] as AuditRecord;
    await new SqliteAuditStore(db).append([
      { ...base, id: 'r-formula', userName: '=HYPERLINK("http://evil.example","x")', requestId: '+1', client: '@sum' },
      { ...base, id: 'r-newline', time: '2025-01-10T09:00:01.000Z', userName: 'line\nbreak', requestId: 'tab\there' },
    ]);
    db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('neutralises cells a spreadsheet would run as formulas, and quotes line breaks', async () => {
    const run = await audit(['events', '--format', 'csv', '--db', path]);
    // Newest first: the record with the line break, whose CSV row spans two text lines inside quotes.
    expect(run.out.split('\r\n')[1]).toMatch(/^2025-01-10T09:00:01\.000Z,r-newline,joiner,succeeded,User,[0-9a-f]{24},[0-9a-f]{24},"line\nbreak",.*,tab\there,/);
    expect(run.out).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(run.out).toContain(",'+1,'@sum,");
  });

  it('keeps the table on one line per record whatever a userName holds', async () => {
    const run = await audit(['events', '--db', path]);
    const lines = run.out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('line break');
    expect(lines[1]).toContain('tab here');
  });
});
