import type { DriftStore, OpenDrift } from '../../src/state/drift-store';
import { PostgresDriftStore } from '../../src/state/postgres-drift-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { SqliteDriftStore } from '../../src/state/sqlite-drift-store';
import type { ResourceKind } from '../../src/state/state-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';
import { feedStoreEngines } from './support/feed-store-engines';

/** An open drift with every field set, opened at second `second` of one minute. */
function drift(resourceType: ResourceKind, resourceId: string, key: string, second: number, extra: Partial<OpenDrift> = {}): OpenDrift {
  const at = `2025-03-01T10:00:${String(second).padStart(2, '0')}.000Z`;
  return {
    resourceType,
    resourceId,
    key,
    attribute: key === 'firstname' ? 'name.givenName' : key,
    jumpcloudField: key,
    userName: `${resourceId}@example.com`,
    from: 'Ada',
    to: { nested: ['value', 1, null] },
    initiatedBy: { type: 'admin', email: 'console-admin@example.com' },
    source: 'directory_insights',
    openedAt: at,
    updatedAt: at,
    auditId: `audit-${resourceId}-${key}`,
    ...extra,
  };
}

/** Every page of a listing, following nextCursor. */
async function listAll(store: DriftStore, query: { limit?: number; resourceId?: string }): Promise<{ pages: number; drift: OpenDrift[] }> {
  const all: OpenDrift[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.list({ ...query, ...(cursor !== undefined ? { cursor } : {}) });
    pages += 1;
    all.push(...page.drift);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { pages, drift: all };
}

const keyOf = (open: OpenDrift) => `${open.resourceType}/${open.resourceId}/${open.key}`;

describe.each(feedStoreEngines<DriftStore>({ sqlite: (db) => new SqliteDriftStore(db), postgres: (pool) => new PostgresDriftStore(pool) }))('the DriftStore contract on $name', (engine) => {
  let store: DriftStore;
  beforeAll(() => engine.start());
  afterAll(() => engine.stop());
  beforeEach(async () => {
    store = await engine.fresh();
  });

  it('keeps an open drift whole (values of any JSON shape, who, source) and answers undefined for one never opened', async () => {
    const open = drift('User', 'u1', 'firstname', 1, { displayName: 'Ada Lovelace', source: 'reconciliation_scan' });
    delete open.from;
    await store.put(open);
    expect(await store.get('User', 'u1', 'firstname')).toEqual(open);
    expect(await store.get('User', 'u1', 'lastname')).toBeUndefined();
    expect(await store.get('Group', 'u1', 'firstname')).toBeUndefined();
    expect(await store.count()).toBe(1);
  });

  it('updates the drift of an attribute in place when it is put again', async () => {
    await store.put(drift('User', 'u1', 'firstname', 1));
    const later = drift('User', 'u1', 'firstname', 1, { to: 'Grace', updatedAt: '2025-03-01T11:00:00.000Z', auditId: 'audit-2' });
    await store.put(later);
    expect(await store.get('User', 'u1', 'firstname')).toEqual(later);
    expect(await store.count()).toBe(1);
  });

  it('tells apart the same id and key under users and groups', async () => {
    await store.put(drift('User', 'same', 'members:x', 1));
    await store.put(drift('Group', 'same', 'members:x', 2));
    expect((await store.get('User', 'same', 'members:x'))?.openedAt).toBe('2025-03-01T10:00:01.000Z');
    expect((await store.get('Group', 'same', 'members:x'))?.openedAt).toBe('2025-03-01T10:00:02.000Z');
    expect(await store.close('Group', 'same')).toBe(1);
    expect(await store.get('User', 'same', 'members:x')).toBeDefined();
  });

  it('closes the named keys of one resource and counts only those that were open', async () => {
    for (const key of ['firstname', 'lastname', 'email']) await store.put(drift('User', 'u1', key, 1));
    await store.put(drift('User', 'u2', 'firstname', 2));
    expect(await store.close('User', 'u1', ['firstname', 'email', 'never-open'])).toBe(2);
    expect(await store.close('User', 'u1', [])).toBe(0);
    expect((await store.list()).drift.map(keyOf)).toEqual(['User/u1/lastname', 'User/u2/firstname']);
    expect(await store.count()).toBe(2);
  });

  it('closes every key of a resource when no keys are named, and nothing of another resource', async () => {
    for (const key of ['firstname', 'lastname']) await store.put(drift('User', 'u1', key, 1));
    await store.put(drift('User', 'u2', 'firstname', 2));
    expect(await store.close('User', 'u1')).toBe(2);
    expect(await store.close('User', 'u1')).toBe(0);
    expect((await store.list()).drift.map(keyOf)).toEqual(['User/u2/firstname']);
  });

  it('lists oldest first, ties in (type, id, key) order, and pages through all of it exactly once', async () => {
    const opened = [
      drift('User', 'u2', 'lastname', 5),
      drift('User', 'u1', 'lastname', 3),
      drift('Group', 'g1', 'members:u9', 3),
      drift('User', 'u1', 'firstname', 3),
      drift('User', 'u3', 'email', 1),
      drift('Group', 'g1', 'name', 7),
      drift('User', 'u1', 'email', 9),
    ];
    for (const open of opened) await store.put(open);
    const expected = ['User/u3/email', 'Group/g1/members:u9', 'User/u1/firstname', 'User/u1/lastname', 'User/u2/lastname', 'Group/g1/name', 'User/u1/email'];
    expect((await store.list()).drift.map(keyOf)).toEqual(expected);
    expect((await store.list()).nextCursor).toBeUndefined();
    for (const limit of [1, 2, 3, 7]) {
      const paged = await listAll(store, { limit });
      expect(paged.drift.map(keyOf)).toEqual(expected);
      // A full last page carries no cursor: no empty page to fetch after it.
      expect(paged.pages).toBe(Math.ceil(expected.length / limit));
    }
  });

  it('pages the drift of one resource only', async () => {
    for (const [second, key] of ['a', 'b', 'c', 'd'].entries()) {
      await store.put(drift('User', 'u1', key, second));
      await store.put(drift('User', 'u2', key, second));
    }
    const paged = await listAll(store, { resourceId: 'u2', limit: 3 });
    expect(paged.pages).toBe(2);
    expect(paged.drift.map(keyOf)).toEqual(['User/u2/a', 'User/u2/b', 'User/u2/c', 'User/u2/d']);
  });

  it('resumes a cursor after the row it names was closed, and moves a drift put with a new opening time', async () => {
    for (const [second, id] of ['u1', 'u2', 'u3', 'u4'].entries()) await store.put(drift('User', id, 'firstname', second));
    const first = await store.list({ limit: 2 });
    expect(first.drift.map((open) => open.resourceId)).toEqual(['u1', 'u2']);
    await store.close('User', 'u2');
    await store.put(drift('User', 'u1', 'firstname', 30));
    const rest = await store.list({ limit: 2, cursor: first.nextCursor! });
    expect(rest.drift.map((open) => open.resourceId)).toEqual(['u3', 'u4']);
    expect(rest.nextCursor).toBeDefined();
    const last = await store.list({ limit: 2, cursor: rest.nextCursor! });
    expect(last).toEqual({ drift: [drift('User', 'u1', 'firstname', 30)] });
  });

  it('holds a page to 1..1000 rows, 100 by default', async () => {
    await Promise.all(Array.from({ length: 1001 }, (_, n) => store.put(drift('User', `u${String(n).padStart(4, '0')}`, 'firstname', n % 60))));
    expect(await store.count()).toBe(1001);
    const byDefault = await store.list();
    expect(byDefault.drift).toHaveLength(100);
    expect(byDefault.nextCursor).toBeDefined();
    const largest = await store.list({ limit: 5000 });
    expect(largest.drift).toHaveLength(1000);
    expect(largest.nextCursor).toBeDefined();
    const tail = await store.list({ limit: 1000, cursor: largest.nextCursor! });
    expect(tail.drift).toHaveLength(1);
    expect(tail.nextCursor).toBeUndefined();
    expect(new Set([...largest.drift, ...tail.drift].map(keyOf)).size).toBe(1001);
    expect((await store.list({ limit: 0 })).drift).toHaveLength(1);
  });

  it('refuses a cursor it did not issue with a RangeError (the admin API answers 400)', async () => {
    await store.put(drift('User', 'u1', 'firstname', 1));
    const foreign = [
      'not a cursor',
      Buffer.from('{"seq":5}').toString('base64url'),
      Buffer.from(JSON.stringify(['2025-03-01T10:00:00.000Z', 'User', 'u1'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2025-03-01T10:00:00.000Z', 'User', 'u1', 7])).toString('base64url'),
      '',
    ];
    for (const cursor of foreign) await expect(store.list({ cursor })).rejects.toThrow(RangeError);
  });
});

describe('the PostgreSQL DriftStore on a database whose text does not sort in bytes', () => {
  let database: TestDatabase;
  let opened: PostgresDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = await openPostgresDatabase({ url: database.url, poolSize: 2, ssl: 'off' });
    // As on a server created with an en_US locale (most managed ones): a language collation,
    // where case and punctuation weigh less than letters. (ICU's, which every PostgreSQL build
    // with ICU has, unlike the libc locales a machine may or may not have installed.)
    for (const column of ['opened_at', 'resource_type', 'resource_id', 'attribute_key']) {
      await opened.pool.query(`ALTER TABLE drift_open ALTER COLUMN ${column} TYPE TEXT COLLATE "en-US-x-icu"`);
    }
  });
  afterAll(async () => {
    await opened.close();
    await database.drop();
  });

  it('lists and pages ties in byte order, as SQLite does', async () => {
    const store = new PostgresDriftStore(opened.pool);
    const ids = ['user-a', 'G1', 'User-b', 'g2'];
    for (const id of ids) await store.put(drift('User', id, 'firstname', 1));
    const byteOrder = [...ids].sort();
    expect(byteOrder).toEqual(['G1', 'User-b', 'g2', 'user-a']);
    expect((await store.list()).drift.map((open) => open.resourceId)).toEqual(byteOrder);
    expect((await listAll(store, { limit: 1 })).drift.map((open) => open.resourceId)).toEqual(byteOrder);
  });
});
