import { openBridgeDatabase, IN_MEMORY, type BridgeDatabase } from '../../src/state/sqlite-database';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';
import { MemoryStateStore } from '../../src/state/memory-state-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { PostgresStateStore } from '../../src/state/postgres-state-store';
import { streamChangedSince } from '../../src/state/changed-since';
import type { ChangedResource, StateStore } from '../../src/state/state-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

const id = (n: number): string => n.toString(16).padStart(24, '0');
const at = (iso: string): Date => new Date(iso);

async function collect(store: StateStore, since: Date, inclusive: boolean, pageSize: number): Promise<ChangedResource[][]> {
  const pages: ChangedResource[][] = [];
  for await (const page of streamChangedSince(store, 'User', since, inclusive, pageSize)) pages.push(page);
  return pages;
}

// One PostgreSQL database for the file; each test of the PostgreSQL run starts from an empty table.
let postgresDatabase: TestDatabase;
let postgres: PostgresDatabase;
beforeAll(async () => {
  postgresDatabase = await createTestDatabase();
  postgres = await openPostgresDatabase({ url: postgresDatabase.url, poolSize: 4, ssl: 'off' });
});
afterAll(async () => {
  await postgres?.close();
  await postgresDatabase?.drop();
});

/** The same contract, run against every implementation of the port. */
describe.each([
  ['MemoryStateStore', async () => ({ store: new MemoryStateStore() as StateStore, close: () => undefined })],
  [
    'SqliteStateStore',
    async () => {
      const db: BridgeDatabase = openBridgeDatabase(IN_MEMORY);
      return { store: new SqliteStateStore(db) as StateStore, close: () => db.close() };
    },
  ],
  [
    'PostgresStateStore',
    async () => {
      await postgres.pool.query('TRUNCATE resource_state');
      return { store: new PostgresStateStore(postgres.pool) as StateStore, close: () => undefined };
    },
  ],
])('%s.changedSince', (_name, open) => {
  let store: StateStore;
  let close: () => void;
  beforeEach(async () => {
    ({ store, close } = await open());
    await store.recordChange('User', id(3), at('2026-11-28T10:00:00.000Z'));
    await store.recordChange('User', id(1), at('2026-11-28T10:00:00.000Z'));
    await store.recordChange('User', id(2), at('2026-11-28T09:59:59.999Z'));
    await store.recordChange('User', id(4), at('2026-11-28T10:00:00.001Z'));
    await store.recordChange('User', id(5), at('2026-11-29T00:00:00.000Z'));
    await store.recordChange('Group', id(6), at('2026-11-29T00:00:00.000Z'));
  });
  afterEach(() => close());

  it('gt leaves out the changes at the bound, ge keeps them; oldest first, ties by id; one kind only', async () => {
    expect(await store.changedSince('User', at('2026-11-28T10:00:00Z'), false)).toEqual([
      { id: id(4), lastModified: '2026-11-28T10:00:00.001Z' },
      { id: id(5), lastModified: '2026-11-29T00:00:00.000Z' },
    ]);
    expect((await store.changedSince('User', at('2026-11-28T10:00:00Z'), true)).map((c) => c.id)).toEqual([id(1), id(3), id(4), id(5)]);
    expect((await store.changedSince('Group', at('2026-11-28T10:00:00Z'), false)).map((c) => c.id)).toEqual([id(6)]);
    expect(await store.changedSince('User', at('2026-11-29T00:00:00Z'), false)).toEqual([]);
  });

  it('a later change moves a resource; an earlier one does not; a forgotten one is gone', async () => {
    await store.recordChange('User', id(2), at('2026-11-28T12:00:00Z'));
    await store.recordChange('User', id(5), at('2026-11-28T08:00:00Z'));
    await store.forget('User', id(4));
    expect((await store.changedSince('User', at('2026-11-28T10:00:00Z'), false)).map((c) => c.id)).toEqual([id(2), id(5)]);
  });

  it('pages by keyset (limit, after) without gaps or repeats, inclusive or not', async () => {
    const since = at('2026-11-28T10:00:00Z');
    for (const inclusive of [true, false]) {
      const all = await store.changedSince('User', since, inclusive);
      for (const size of [1, 2, 3]) {
        const pages = await collect(store, since, inclusive, size);
        expect(pages.flat()).toEqual(all);
        expect(pages.every((page) => page.length <= size && page.length > 0)).toBe(true);
      }
    }
    const first = await store.changedSince('User', since, true, { limit: 2 });
    expect(first.map((c) => c.id)).toEqual([id(1), id(3)]);
    expect((await store.changedSince('User', since, true, { after: first[1], limit: 2 })).map((c) => c.id)).toEqual([id(4), id(5)]);
  });

  it('a resource changed again while pages are read is met again later, never missed', async () => {
    const since = at('2026-11-28T00:00:00Z');
    const seen: string[] = [];
    for await (const page of streamChangedSince(store, 'User', since, false, 2)) {
      seen.push(...page.map((c) => c.id));
      if (seen.length === 2) await store.recordChange('User', id(2), at('2026-11-30T00:00:00Z'));
    }
    expect(seen).toEqual([id(2), id(1), id(3), id(4), id(5), id(2)]);
  });

  it('refuses a page size that cannot make progress', async () => {
    await expect(collect(store, at('2026-11-28T00:00:00Z'), false, 0)).rejects.toThrow('pageSize must be a whole number >= 1; got 0.');
  });
});

describe('SqliteStateStore.changedSince at scale', () => {
  it('reads a range of the (kind, last_modified) index, not the table', () => {
    const db = openBridgeDatabase(IN_MEMORY);
    try {
      const plans = [
        "SELECT id, last_modified FROM resource_state WHERE kind = 'User' AND last_modified > '2026' ORDER BY last_modified, id LIMIT 100",
        "SELECT id, last_modified FROM resource_state WHERE kind = 'User' AND last_modified > '2026' AND (last_modified, id) > ('2026', 'a') ORDER BY last_modified, id LIMIT 100",
      ].map((sql) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | '));
      for (const plan of plans) {
        expect(plan).toContain('USING COVERING INDEX resource_state_changed');
        expect(plan).not.toContain('TEMP B-TREE');
      }
    } finally {
      db.close();
    }
  });

  it('finds 25 changes among 50,000 resources', async () => {
    const db = openBridgeDatabase(IN_MEMORY);
    try {
      const store = new SqliteStateStore(db);
      const insert = db.prepare('INSERT INTO resource_state (kind, id, last_modified) VALUES (?, ?, ?)');
      db.transaction(() => {
        for (let n = 0; n < 50_000; n += 1) insert.run('User', id(n), '2026-01-01T00:00:00.000Z');
      })();
      const changed = Array.from({ length: 25 }, (_, n) => id(n * 1999));
      for (const [n, changedId] of changed.entries()) await store.recordChange('User', changedId, new Date(Date.UTC(2026, 10, 28, 10, 0, n)));
      const pages = await collect(store, at('2026-11-28T09:00:00Z'), false, 10);
      expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
      expect(pages.flat().map((c) => c.id)).toEqual(changed);
    } finally {
      db.close();
    }
  });
});
