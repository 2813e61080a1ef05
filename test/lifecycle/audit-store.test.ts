import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import type { AuditStore } from '../../src/lifecycle/audit-store';
import { MemoryAuditStore } from '../../src/lifecycle/memory-audit-store';
import { PostgresAuditStore } from '../../src/lifecycle/postgres-audit-store';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { openBridgeDatabase, type BridgeDatabase } from '../../src/state/sqlite-database';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

let seq = 0;
function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  seq += 1;
  return {
    id: `r${String(seq).padStart(4, '0')}`,
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
    type: 'mover',
    outcome: 'succeeded',
    resourceType: 'User',
    scimId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    jumpcloudId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    userName: 'Ada@Example.com',
    jumpcloudCalls: [{ method: 'PUT', route: '/api/systemusers/{id}', status: 200, attempt: 1 }],
    requestId: 'req-1',
    client: 'bearer#1',
    ...overrides,
  };
}

// One PostgreSQL database for this file (a real server: jest's global set-up); each test of the
// PostgreSQL run starts from an empty journal (TRUNCATE), as each SQLite test from a new file.
// A tenant's schema (issue 15) in the same database: the contract must hold there too, with the
// store unchanged and only its pool pinned to the schema.
let postgresDatabase: TestDatabase;
let postgres: PostgresDatabase;
let tenantPostgres: PostgresDatabase;
beforeAll(async () => {
  postgresDatabase = await createTestDatabase();
  const settings = { url: postgresDatabase.url, poolSize: 4, ssl: 'off' } as const;
  postgres = await openPostgresDatabase(settings);
  tenantPostgres = await openPostgresDatabase(settings, undefined, { schema: 'tenant_contract' });
});
afterAll(async () => {
  await postgres?.close();
  await tenantPostgres?.close();
  await postgresDatabase?.drop();
});

/** One contract, three implementations (PostgreSQL in public and in a tenant's schema): the in-memory twin and both engines must not drift apart. */
const implementations: [string, () => Promise<{ store: AuditStore; close(): void }>][] = [
  ['MemoryAuditStore', async () => ({ store: new MemoryAuditStore(), close: () => undefined })],
  [
    'SqliteAuditStore',
    async () => {
      const db = openBridgeDatabase(':memory:');
      return { store: new SqliteAuditStore(db), close: () => db.close() };
    },
  ],
  [
    'PostgresAuditStore',
    async () => {
      await postgres.pool.query('TRUNCATE audit_event RESTART IDENTITY');
      return { store: new PostgresAuditStore(postgres.pool), close: () => undefined };
    },
  ],
  [
    'PostgresAuditStore in a tenant schema',
    async () => {
      await tenantPostgres.pool.query('TRUNCATE audit_event RESTART IDENTITY');
      return { store: new PostgresAuditStore(tenantPostgres.pool), close: () => undefined };
    },
  ],
];

describe.each(implementations)('%s (the AuditStore contract)', (_name, open) => {
  let store: AuditStore;
  let close: () => void;
  beforeEach(async () => ({ store, close } = await open()));
  afterEach(() => close());

  it('returns records newest first, whole, with their JumpCloud calls', async () => {
    const a = record();
    const b = record({ type: 'suspend', changes: [{ attribute: 'active', before: true, after: false }] });
    await store.append([a, b]);
    const page = await store.query();
    expect(page.records).toEqual([b, a]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('filters by type, outcome, user (name case-insensitively, SCIM id, member) and time window', async () => {
    const joiner = record({ type: 'joiner', userName: 'bo@example.com', scimId: 'b'.repeat(24), jumpcloudId: 'b'.repeat(24) });
    const failed = record({ outcome: 'failed', error: { status: 409, scimType: 'uniqueness', detail: 'taken' } });
    const entitlement = record({ type: 'entitlement_add', resourceType: 'Group', scimId: 'g'.repeat(24), userName: undefined, member: { id: 'b'.repeat(24) }, group: { id: 'g'.repeat(24) } });
    const late = record({ type: 'delete' });
    await store.append([joiner, failed, entitlement, late]);
    const ids = async (query: Parameters<AuditStore['query']>[0]) => (await store.query(query)).records.map((r) => r.id);
    expect(await ids({ type: 'joiner' })).toEqual([joiner.id]);
    expect(await ids({ type: ['joiner', 'delete'] })).toEqual([late.id, joiner.id]);
    expect(await ids({ outcome: 'failed' })).toEqual([failed.id]);
    expect(await ids({ user: 'ADA@example.COM' })).toEqual([late.id, failed.id]);
    expect(await ids({ user: 'b'.repeat(24) })).toEqual([entitlement.id, joiner.id]);
    expect(await ids({ since: failed.time, until: late.time })).toEqual([entitlement.id, failed.id]);
    expect(await store.count({ user: 'ada@example.com' })).toBe(2);
    expect(await store.count()).toBe(4);
  });

  it('filters by request id, exactly, and counts by it', async () => {
    const first = record({ requestId: 'req-console-1' });
    const second = record({ requestId: 'req-console-2' });
    const none = record({ requestId: undefined });
    await store.append([first, second, none]);
    const ids = async (query: Parameters<AuditStore['query']>[0]) => (await store.query(query)).records.map((r) => r.id);
    expect(await ids({ requestId: 'req-console-2' })).toEqual([second.id]);
    expect(await ids({ requestId: 'REQ-CONSOLE-2' })).toEqual([]);
    expect(await ids({ requestId: 'req-console-1', type: second.type })).toEqual([first.id]);
    expect(await store.count({ requestId: 'req-console-1' })).toBe(1);
  });

  it('pages by cursor: every record once, newest first, and refuses a forged cursor', async () => {
    const all = Array.from({ length: 7 }, () => record());
    await store.append(all);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ limit: 3, cursor });
      seen.push(...page.records.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.id).reverse());
    await expect(store.query({ cursor: 'not-a-cursor!' })).rejects.toThrow(RangeError);
    await expect(store.query({ cursor: Buffer.from('seq:x').toString('base64url') })).rejects.toThrow(RangeError);
  });

  it('settles an intent into its outcome records atomically, and completes a record', async () => {
    const intent = record({ outcome: 'pending', type: 'joiner', scimId: undefined, jumpcloudId: undefined });
    await store.append([intent]);
    const outcome = [record({ type: 'joiner' }), record({ type: 'password_set' })];
    await store.settle(intent.id, outcome);
    expect((await store.query()).records.map((r) => r.id)).toEqual([outcome[1]?.id, outcome[0]?.id]);
    expect(await store.complete(outcome[0]?.id as string, { outcome: 'failed', error: { status: 500, detail: 'x' } })).toBe(true);
    expect((await store.query({ outcome: 'failed' })).records[0]).toMatchObject({ id: outcome[0]?.id, error: { status: 500 } });
    expect(await store.complete('nope', { outcome: 'succeeded' })).toBe(false);
  });

  it('marks pending intents interrupted, and the next request on the resource flags them once', async () => {
    const pending = record({ outcome: 'pending' });
    const other = record({ outcome: 'pending', scimId: 'c'.repeat(24), jumpcloudId: 'c'.repeat(24) });
    await store.append([pending, other, record()]);
    const marked = await store.markInterrupted();
    expect(marked.map((r) => r.id)).toEqual([pending.id, other.id]);
    expect(await store.count({ outcome: 'pending' })).toBe(0);
    const taken = await store.takeInterrupted('User', 'a'.repeat(24), 'req-next');
    expect(taken).toEqual([{ ...pending, outcome: 'interrupted', flaggedBy: 'req-next' }]);
    expect(await store.takeInterrupted('User', 'a'.repeat(24), 'req-later')).toEqual([]);
    expect(await store.count({ outcome: 'interrupted' })).toBe(2);
  });

  it('finds every resource\'s interrupted records until each is flagged, also after a start that found none', async () => {
    // The SQLite store stops looking once none are left (issue 13): this is what it must not skip.
    expect(await store.markInterrupted()).toEqual([]);
    expect(await store.takeInterrupted('User', 'a'.repeat(24), 'req-0')).toEqual([]);
    const mine = record({ outcome: 'pending' });
    const theirs = record({ outcome: 'pending', scimId: 'c'.repeat(24), jumpcloudId: 'c'.repeat(24) });
    await store.append([mine, theirs]);
    expect((await store.markInterrupted()).map((r) => r.id)).toEqual([mine.id, theirs.id]);
    expect((await store.takeInterrupted('User', 'a'.repeat(24), 'req-1')).map((r) => r.id)).toEqual([mine.id]);
    expect((await store.takeInterrupted('User', 'c'.repeat(24), 'req-2')).map((r) => r.id)).toEqual([theirs.id]);
    expect(await store.takeInterrupted('User', 'c'.repeat(24), 'req-3')).toEqual([]);
    // A record that arrives already interrupted (a copied journal) is found as well.
    const copied = record({ outcome: 'interrupted' });
    await store.append([copied]);
    expect((await store.takeInterrupted('User', 'a'.repeat(24), 'req-4')).map((r) => r.id)).toEqual([copied.id]);
  });

  it('gives one resource its history, including group-side entitlements naming the user', async () => {
    const mine = record();
    const viaGroup = record({ type: 'entitlement_remove', resourceType: 'Group', scimId: 'g'.repeat(24), member: { id: 'a'.repeat(24) } });
    await store.append([mine, record({ scimId: 'd'.repeat(24), jumpcloudId: 'd'.repeat(24) }), viaGroup]);
    expect((await store.history('User', 'a'.repeat(24))).map((r) => r.id)).toEqual([viaGroup.id, mine.id]);
    expect((await store.history('Group', 'g'.repeat(24))).map((r) => r.id)).toEqual([viaGroup.id]);
  });

  it('prunes records older than a date and says how many', async () => {
    const old = record({ time: '2020-01-01T00:00:00.000Z' });
    const recent = record({ time: '2030-01-01T00:00:00.000Z' });
    await store.append([old, recent]);
    expect(await store.prune(new Date('2025-01-01T00:00:00Z'))).toBe(1);
    expect((await store.query()).records.map((r) => r.id)).toEqual([recent.id]);
  });
});

describe('SqliteAuditStore on a file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'audit-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is in WAL mode and keeps every record across a close and reopen', async () => {
    const path = join(dir, 'bridge.db');
    let db: BridgeDatabase = openBridgeDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const written = [record(), record({ outcome: 'pending' })];
    await new SqliteAuditStore(db).append(written);
    db.close();
    db = openBridgeDatabase(path);
    const store = new SqliteAuditStore(db);
    expect((await store.query()).records).toEqual([...written].reverse());
    expect((await store.markInterrupted()).map((r) => r.id)).toEqual([written[1]?.id]);
    db.close();
  });

  it('answers the filtered queries from indexes', () => {
    const db = openBridgeDatabase(join(dir, 'bridge.db'));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    expect(plan("SELECT record FROM audit_event WHERE type IN ('joiner') ORDER BY seq DESC LIMIT 10")).toMatch(/USING INDEX audit_event_type/);
    expect(plan("SELECT record FROM audit_event WHERE resource_type = 'User' AND scim_id = 'x' ORDER BY seq DESC")).toMatch(/USING INDEX audit_event_resource/);
    expect(plan("SELECT record FROM audit_event WHERE time < '2025'")).toMatch(/USING (COVERING )?INDEX audit_event_time/);
    db.close();
  });
});
