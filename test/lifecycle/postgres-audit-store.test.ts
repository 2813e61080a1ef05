import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { PostgresAuditStore } from '../../src/lifecycle/postgres-audit-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

/**
 * The journal shared by replicas: each `openPostgresDatabase` is one replica's pool (its own
 * connections, as two processes would have), and `bridge_instance` rows stand for their heartbeats.
 */
let database: TestDatabase;
let replicas: PostgresDatabase[];
beforeAll(async () => {
  database = await createTestDatabase();
  replicas = [];
  for (let n = 0; n < 2; n += 1) replicas.push(await openPostgresDatabase({ url: database.url, poolSize: 4, ssl: 'off' }));
});
afterAll(async () => {
  await Promise.all((replicas ?? []).map((replica) => replica.close()));
  await database?.drop();
});
beforeEach(async () => {
  await pool().query('TRUNCATE audit_event, bridge_instance RESTART IDENTITY');
});

const pool = (n = 0) => replicas[n]!.pool;

let seq = 0;
function intent(overrides: Partial<AuditRecord> = {}): AuditRecord {
  seq += 1;
  return {
    id: `i${String(seq).padStart(5, '0')}`,
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, seq % 60)).toISOString(),
    type: 'mover',
    outcome: 'pending',
    resourceType: 'User',
    scimId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    jumpcloudId: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    userName: 'ada@example.com',
    jumpcloudCalls: [],
    requestId: `req-${seq}`,
    ...overrides,
  };
}

/** A replica's bridge_instance row, its last heartbeat `secondsAgo` ago by the database clock. */
async function heartbeat(id: string, secondsAgo: number): Promise<void> {
  await pool().query(
    `INSERT INTO bridge_instance (id, host, pid, version, heartbeat_at, settings) VALUES ($1, 'host', 1, 'test', now() - make_interval(secs => $2), '{}')
     ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
    [id, secondsAgo],
  );
}

async function outcomes(): Promise<Record<string, string>> {
  const result = await pool().query<{ id: string; outcome: string; record: string }>('SELECT id, outcome, record FROM audit_event ORDER BY seq');
  // The column and the JSON record must agree.
  for (const row of result.rows) expect((JSON.parse(row.record) as AuditRecord).outcome).toBe(row.outcome);
  return Object.fromEntries(result.rows.map((row) => [row.id, row.outcome]));
}

describe('PostgresAuditStore shared by replicas', () => {
  it('writes the owner on pending intents only', async () => {
    const store = new PostgresAuditStore(pool(), { owner: 'replica-a' });
    const pending = intent();
    const settled = intent({ outcome: 'succeeded' });
    await store.append([pending, settled]);
    const rows = await pool().query<{ id: string; owner: string | null }>('SELECT id, owner FROM audit_event ORDER BY seq');
    expect(rows.rows).toEqual([
      { id: pending.id, owner: 'replica-a' },
      { id: settled.id, owner: null },
    ]);
  });

  it("marks interrupted the intents of stopped replicas and of none, never a live replica's or its own; later, once a replica stops heart-beating, its intents too", async () => {
    await heartbeat('live', 1);
    await heartbeat('stale', 3600);
    const live = intent();
    const stale = intent();
    const vanished = intent();
    const ownerless = intent();
    const mine = intent();
    await new PostgresAuditStore(pool(1), { owner: 'live' }).append([live]);
    await new PostgresAuditStore(pool(1), { owner: 'stale' }).append([stale]);
    await new PostgresAuditStore(pool(1), { owner: 'never-registered' }).append([vanished]);
    await new PostgresAuditStore(pool(1)).append([ownerless]);
    // This replica has no bridge_instance row (as if its heartbeat were late): still never its own.
    const checker = new PostgresAuditStore(pool(), { owner: 'checker' });
    await checker.append([mine]);

    expect((await checker.markInterrupted()).map((r) => r.id)).toEqual([stale.id, vanished.id, ownerless.id]);
    expect(await outcomes()).toEqual({ [live.id]: 'pending', [stale.id]: 'interrupted', [vanished.id]: 'interrupted', [ownerless.id]: 'interrupted', [mine.id]: 'pending' });
    expect(await checker.markInterrupted()).toEqual([]);

    // 'live' stops: 60 s of silence is stale for the default (30 s), not for a store told 120 s.
    await heartbeat('live', 60);
    expect(await new PostgresAuditStore(pool(), { owner: 'checker', ownerStaleAfterSeconds: 120 }).markInterrupted()).toEqual([]);
    expect(await checker.markInterrupted()).toEqual([{ ...live, outcome: 'interrupted' }]);
    expect((await outcomes())[mine.id]).toBe('pending');
  });

  it('marks each record once when two replicas run markInterrupted at once', async () => {
    const gone = new PostgresAuditStore(pool(), { owner: 'gone' });
    const a = new PostgresAuditStore(pool(0), { owner: 'a' });
    const b = new PostgresAuditStore(pool(1), { owner: 'b' });
    for (let round = 0; round < 5; round += 1) {
      const intents = Array.from({ length: 100 }, () => intent());
      await gone.append(intents);
      const [byA, byB] = await Promise.all([a.markInterrupted(), b.markInterrupted()]);
      const ids = [...byA, ...byB].map((r) => r.id).sort();
      expect(ids).toEqual(intents.map((r) => r.id).sort());
    }
    expect(Object.values(await outcomes()).every((outcome) => outcome === 'interrupted')).toBe(true);
  });

  it('passes over an intent whose row another transaction holds (a settle under way) instead of waiting for it', async () => {
    const held = intent();
    await new PostgresAuditStore(pool(), { owner: 'gone' }).append([held]);
    const client = await pool(1).connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT 1 FROM audit_event WHERE id = $1 FOR UPDATE', [held.id]);
      expect(await new PostgresAuditStore(pool(), { owner: 'a' }).markInterrupted()).toEqual([]);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect((await new PostgresAuditStore(pool(), { owner: 'a' }).markInterrupted()).map((r) => r.id)).toEqual([held.id]);
  });

  it('flags each interrupted record once when two replicas take them at once', async () => {
    const gone = new PostgresAuditStore(pool(), { owner: 'gone' });
    const a = new PostgresAuditStore(pool(0), { owner: 'a' });
    const b = new PostgresAuditStore(pool(1), { owner: 'b' });
    for (let round = 0; round < 5; round += 1) {
      const user = String(round).repeat(24);
      const intents = Array.from({ length: 30 }, (_, n) => (n % 3 === 0 ? intent({ type: 'entitlement_add', resourceType: 'Group', scimId: 'g'.repeat(24), jumpcloudId: 'g'.repeat(24), member: { id: user } }) : intent({ scimId: user, jumpcloudId: user })));
      await gone.append(intents);
      await a.markInterrupted();
      const [byA, byB] = await Promise.all([a.takeInterrupted('User', user, `req-a-${round}`), b.takeInterrupted('User', user, `req-b-${round}`)]);
      expect([...byA, ...byB].map((r) => r.id).sort()).toEqual(intents.map((r) => r.id).sort());
      expect(byA.every((r) => r.flaggedBy === `req-a-${round}`) && byB.every((r) => r.flaggedBy === `req-b-${round}`)).toBe(true);
      // What each took is what the journal says flagged it.
      const stored = (await a.history('User', user, 1000)).filter((r) => r.outcome === 'interrupted');
      expect(Object.fromEntries(stored.map((r) => [r.id, r.flaggedBy]))).toEqual(Object.fromEntries([...byA, ...byB].map((r) => [r.id, r.flaggedBy])));
      expect(await b.takeInterrupted('User', user, 'req-later')).toEqual([]);
    }
  });

  it("settles an intent that another replica meanwhile marked interrupted: the outcome replaces it", async () => {
    // Replica a wrote the intent and then missed heartbeats (a long pause); replica b marked it.
    const a = new PostgresAuditStore(pool(0), { owner: 'a' });
    const b = new PostgresAuditStore(pool(1), { owner: 'b' });
    await heartbeat('a', 3600);
    const written = intent();
    await a.append([written]);
    expect((await b.markInterrupted()).map((r) => r.id)).toEqual([written.id]);
    const outcome = { ...intent({ outcome: 'succeeded' }), requestId: written.requestId };
    await a.settle(written.id, [outcome]);
    expect(await outcomes()).toEqual({ [outcome.id]: 'succeeded' });
    expect(await b.takeInterrupted('User', written.scimId!, 'req-next')).toEqual([]);
  });

  it('asks for unflagged interrupted records through the index that holds only them', async () => {
    const store = new PostgresAuditStore(pool(), { owner: 'a' });
    const history = Array.from({ length: 3000 }, (_, n) => intent({ outcome: n % 2 === 0 ? 'succeeded' : 'interrupted', ...(n % 2 === 1 ? { flaggedBy: 'req-old' } : {}) }));
    await store.append(history);
    await pool().query('ANALYZE audit_event');
    const plan = await pool().query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT record FROM audit_event WHERE outcome = 'interrupted' AND (record::jsonb ->> 'flaggedBy') IS NULL
       AND ((resource_type = 'User' AND (scim_id = 'x' OR jumpcloud_id = 'x')) OR member_id = 'x') ORDER BY seq`,
    );
    expect(plan.rows.map((row) => row['QUERY PLAN']).join('\n')).toMatch(/Index Scan using audit_event_unflagged/);
    expect(await store.takeInterrupted('User', 'a'.repeat(24), 'req-new')).toEqual([]);
  });
});
