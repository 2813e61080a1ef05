import { MemoryStateStore } from '../../src/state/memory-state-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { PostgresStateStore } from '../../src/state/postgres-state-store';
import { IN_MEMORY, openBridgeDatabase } from '../../src/state/sqlite-database';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';
import type { StateStore } from '../../src/state/state-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

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

/** The StateStore contract (changedSince has its own, in changed-since.test.ts), on every implementation. */
describe.each([
  ['MemoryStateStore', async () => ({ store: new MemoryStateStore() as StateStore, close: () => undefined })],
  [
    'SqliteStateStore',
    async () => {
      const db = openBridgeDatabase(IN_MEMORY);
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
])('%s (the StateStore contract)', (_name, open) => {
  let store: StateStore;
  let close: () => void;
  beforeEach(async () => ({ store, close } = await open()));
  afterEach(() => close());

  it('keeps the latest change of each resource, per kind, and forgets a deleted one', async () => {
    await store.recordChange('User', 'u1', new Date('2025-01-02T00:00:00Z'));
    // An older change never moves lastModified back.
    await store.recordChange('User', 'u1', new Date('2025-01-01T00:00:00Z'));
    await store.recordChange('Group', 'u1', new Date('2025-03-01T00:00:00Z'));
    await store.recordChange('User', 'u2', new Date('2025-01-05T00:00:00Z'));
    await store.forget('User', 'u2');
    expect(await store.get('User', 'u1')).toEqual({ lastModified: '2025-01-02T00:00:00.000Z' });
    expect(await store.get('Group', 'u1')).toEqual({ lastModified: '2025-03-01T00:00:00.000Z' });
    expect(await store.get('User', 'u2')).toBeUndefined();
    expect(await store.get('Group', 'u2')).toBeUndefined();
    await store.recordChange('User', 'u1', new Date('2025-02-01T00:00:00Z'));
    expect(await store.get('User', 'u1')).toEqual({ lastModified: '2025-02-01T00:00:00.000Z' });
  });

  it('answers a page of states at once: every id asked for, of that kind only, any characters, none asked for = none', async () => {
    const ids = Array.from({ length: 500 }, (_, i) => `u${i}`);
    for (const [i, id] of ids.entries()) if (i % 2 === 0) await store.recordChange('User', id, new Date(Date.UTC(2025, 0, 1, 0, 0, i)));
    const odd = 'it\'s "odd", ü, [1]';
    await store.recordChange('User', odd, new Date('2025-06-01T00:00:00Z'));
    await store.recordChange('Group', 'u1', new Date('2025-06-01T00:00:00Z'));

    const many = await store.getMany('User', [...ids, odd, 'u0', 'missing']);
    expect(many.size).toBe(251);
    expect(many.get('u498')).toEqual({ lastModified: new Date(Date.UTC(2025, 0, 1, 0, 0, 498)).toISOString() });
    expect(many.has('u1')).toBe(false);
    expect(many.get(odd)).toEqual({ lastModified: '2025-06-01T00:00:00.000Z' });
    expect([...(await store.getMany('User', ['u2']))]).toEqual([['u2', { lastModified: new Date(Date.UTC(2025, 0, 1, 0, 0, 2)).toISOString() }]]);
    expect((await store.getMany('Group', ['u0', 'u1'])).size).toBe(1);
    expect((await store.getMany('User', [])).size).toBe(0);
  });

  it('answers a recorded change with the state after it: the later of the known and the new', async () => {
    expect(await store.recordChange('User', 'u1', new Date('2025-01-02T00:00:00Z'))).toEqual({ lastModified: '2025-01-02T00:00:00.000Z' });
    expect(await store.recordChange('User', 'u1', new Date('2025-01-03T00:00:00Z'))).toEqual({ lastModified: '2025-01-03T00:00:00.000Z' });
    // An older or equal change moves nothing: the answer is the later change already known.
    expect(await store.recordChange('User', 'u1', new Date('2025-01-01T00:00:00Z'))).toEqual({ lastModified: '2025-01-03T00:00:00.000Z' });
    expect(await store.recordChange('User', 'u1', new Date('2025-01-03T00:00:00Z'))).toEqual({ lastModified: '2025-01-03T00:00:00.000Z' });
    expect(await store.get('User', 'u1')).toEqual({ lastModified: '2025-01-03T00:00:00.000Z' });
  });
});
