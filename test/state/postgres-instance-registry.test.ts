import { Pool } from 'pg';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { liveInstanceIds, registerInstance, settingFingerprint, type RegisterInstanceOptions } from '../../src/state/postgres-instance-registry';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

let database: TestDatabase;
let store: PostgresDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  store = await openPostgresDatabase({ url: database.url, poolSize: 4, ssl: 'off' });
});
afterEach(async () => {
  await store.pool.query('TRUNCATE bridge_instance');
});
afterAll(async () => {
  await store.close();
  await database.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SIGNING_SECRET = 'registry-test-signing-secret-0123456789';
const shared = {
  SCIM_CURSOR_SECRET: settingFingerprint('SCIM_CURSOR_SECRET', SIGNING_SECRET),
  MAPPING_FILE: settingFingerprint('MAPPING_FILE', '{"user":{}}'),
};

function options(id: string, overrides: Partial<RegisterInstanceOptions> = {}): RegisterInstanceOptions {
  return { pool: store.pool, id, host: `host-${id}`, pid: 1000, version: '1.2.3', settings: shared, heartbeatMs: 50, staleAfterMs: 1000, ...overrides };
}

describe('settingFingerprint', () => {
  it('is a SHA-256 hex that never contains the value, differs by value and by name, and is stable', () => {
    const fingerprint = settingFingerprint('SCIM_CURSOR_SECRET', SIGNING_SECRET);
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain(SIGNING_SECRET);
    expect(settingFingerprint('SCIM_CURSOR_SECRET', SIGNING_SECRET)).toBe(fingerprint);
    expect(settingFingerprint('SCIM_CURSOR_SECRET', `${SIGNING_SECRET}x`)).not.toBe(fingerprint);
    expect(settingFingerprint('OAUTH_SIGNING_SECRET', SIGNING_SECRET)).not.toBe(fingerprint);
    // Domain-separated: not the bare hash of the value.
    const { createHash } = jest.requireActual<typeof import('node:crypto')>('node:crypto');
    expect(fingerprint).not.toBe(createHash('sha256').update(SIGNING_SECRET).digest('hex'));
  });
});

describe('registerInstance', () => {
  it('inserts its row, keeps the heartbeat fresh, and deletes the row on close', async () => {
    const instance = await registerInstance(options('r1', { pid: 4242 }));
    const row = await store.pool.query<{ host: string; pid: number; version: string; settings: string; heartbeat_at: Date }>('SELECT host, pid, version, settings, heartbeat_at FROM bridge_instance WHERE id = $1', ['r1']);
    expect(row.rows[0]).toMatchObject({ host: 'host-r1', pid: 4242, version: '1.2.3' });
    expect(JSON.parse(row.rows[0]!.settings)).toEqual(shared);
    expect(row.rows[0]!.settings).not.toContain(SIGNING_SECRET);
    await sleep(200);
    const later = await store.pool.query<{ heartbeat_at: Date }>('SELECT heartbeat_at FROM bridge_instance WHERE id = $1', ['r1']);
    expect(later.rows[0]!.heartbeat_at.getTime()).toBeGreaterThan(row.rows[0]!.heartbeat_at.getTime());
    expect(await liveInstanceIds(store.pool, 1000)).toEqual(['r1']);
    await instance.close();
    expect(await liveInstanceIds(store.pool, 1000)).toEqual([]);
    expect((await store.pool.query('SELECT 1 FROM bridge_instance')).rowCount).toBe(0);
  });

  it('lets replicas with the same shared settings join each other', async () => {
    const first = await registerInstance(options('r1'));
    const second = await registerInstance(options('r2'));
    expect(await liveInstanceIds(store.pool, 1000)).toEqual(['r1', 'r2']);
    await Promise.all([first.close(), second.close()]);
  });

  it('refuses to join a live replica with another value of a shared setting, naming each setting and the replica, never the value', async () => {
    const first = await registerInstance(options('r1'));
    const other = { ...shared, MAPPING_FILE: settingFingerprint('MAPPING_FILE', '{"user":{"x":1}}'), OAUTH_SIGNING_SECRET: settingFingerprint('OAUTH_SIGNING_SECRET', 'another-secret-0123456789') };
    const refused = registerInstance(options('r2', { settings: other }));
    await expect(refused).rejects.toThrow(
      "MAPPING_FILE: this replica's value differs from the one replica r1 on host-r1 (pid 1000) runs; every replica must use the same MAPPING_FILE; " +
        'OAUTH_SIGNING_SECRET: this replica sets it and replica r1 on host-r1 (pid 1000) does not; every replica must use the same OAUTH_SIGNING_SECRET',
    );
    const message = await refused.catch((err: Error) => err.message);
    expect(message).not.toContain('another-secret');
    expect(message).not.toContain(SIGNING_SECRET);
    // Nothing of the refused replica was written.
    expect(await liveInstanceIds(store.pool, 1000)).toEqual(['r1']);
    await first.close();
  });

  it('names a setting the live replica has and the new one lacks', async () => {
    const first = await registerInstance(options('r1'));
    const { MAPPING_FILE: _dropped, ...fewer } = shared;
    await expect(registerInstance(options('r2', { settings: fewer }))).rejects.toThrow(/^MAPPING_FILE: replica r1 on host-r1 \(pid 1000\) sets it and this replica does not; every replica must use the same MAPPING_FILE$/);
    await first.close();
  });

  it('ignores replicas whose heartbeat went stale, and deletes rows older than the purge age', async () => {
    await store.pool.query(
      "INSERT INTO bridge_instance (id, host, pid, version, settings, heartbeat_at) VALUES ('stale', 'h', 1, '0.9', $1, now() - interval '5 seconds'), ('ancient', 'h', 2, '0.1', $1, now() - interval '2 days')",
      [JSON.stringify({ MAPPING_FILE: 'something-else' })],
    );
    const instance = await registerInstance(options('r1'));
    const ids = await store.pool.query<{ id: string }>('SELECT id FROM bridge_instance ORDER BY id');
    expect(ids.rows.map((row) => row.id)).toEqual(['r1', 'stale']);
    expect(await liveInstanceIds(store.pool, 1000)).toEqual(['r1']);
    await instance.close();
  });

  it('a replica that stops heartbeating drops out of the live set, by the database clock', async () => {
    const instance = await registerInstance(options('r1', { heartbeatMs: 60_000 }));
    expect(await liveInstanceIds(store.pool, 300)).toEqual(['r1']);
    await sleep(400);
    expect(await liveInstanceIds(store.pool, 300)).toEqual([]);
    await instance.close();
  });

  it('never admits replicas with different settings started at the same instant (registration takes turns)', async () => {
    const other = { ...shared, SCIM_CURSOR_SECRET: settingFingerprint('SCIM_CURSOR_SECRET', 'a-different-secret-0123456789') };
    // Eight replicas of their own (own pools, connections already open), half with other settings.
    const pools = Array.from({ length: 8 }, () => new Pool({ connectionString: database.url, max: 1 }));
    try {
      await Promise.all(pools.map((pool) => pool.query('SELECT 1')));
      const results = await Promise.allSettled(pools.map((pool, i) => registerInstance(options(`r${i}`, { pool, settings: i % 2 === 0 ? shared : other }))));
      const admitted = results.flatMap((result, i) => (result.status === 'fulfilled' ? [i % 2] : []));
      expect(admitted.length).toBeGreaterThanOrEqual(4);
      expect(new Set(admitted).size).toBe(1);
      await Promise.all(results.map((result) => (result.status === 'fulfilled' ? result.value.close() : undefined)));
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
