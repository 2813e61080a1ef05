import { PostgresResourceObservationStore } from '../../src/state/postgres-resource-observation-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import type { MappedSnapshot, ResourceObservationStore } from '../../src/state/resource-observation-store';
import { SqliteResourceObservationStore } from '../../src/state/sqlite-resource-observation-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';
import { feedStoreEngines } from './support/feed-store-engines';

/** Time `minute` minutes into 2025-03-01T10:00Z, as the feed writes times. */
const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute)).toISOString();
const snapshot = (hash: string, minute: number, values: Record<string, unknown> = { firstname: hash }): MappedSnapshot => ({ hash, values, observedAt: at(minute) });
const consoleAdmin = { type: 'admin', email: 'console-admin@example.com', auth_method: 'password' };

describe.each(
  feedStoreEngines<ResourceObservationStore>({ sqlite: (db) => new SqliteResourceObservationStore(db), postgres: (pool) => new PostgresResourceObservationStore(pool) }),
)('the ResourceObservationStore contract on $name', (engine) => {
  let store: ResourceObservationStore;
  beforeAll(() => engine.start());
  afterAll(() => engine.stop());
  beforeEach(async () => {
    store = await engine.fresh();
  });

  it('knows nothing of a resource before it is observed', async () => {
    expect(await store.get('User', 'u1')).toBeUndefined();
    expect(await store.getMany('User', ['u1', 'u2'])).toEqual(new Map());
    expect(await store.getMany('User', [])).toEqual(new Map());
    expect(await store.hasSnapshots('User')).toBe(false);
    expect(await store.notObservedSince('User', at(59))).toEqual([]);
  });

  it('saves a page of snapshots (values of any JSON shape) and reads them back one by one or many at once', async () => {
    const values = { firstname: 'Ada', 'attributes.costCenter': { code: 7, tags: ['a', null] }, suspended: false };
    await store.saveSnapshots(
      'User',
      new Map([
        ['u1', snapshot('h1', 1, values)],
        ['u2', snapshot('h2', 1, {})],
      ]),
    );
    expect(await store.get('User', 'u1')).toEqual({ snapshot: snapshot('h1', 1, values) });
    const many = await store.getMany('User', ['u2', 'missing', 'u1']);
    expect([...many.keys()].sort()).toEqual(['u1', 'u2']);
    expect(many.get('u2')).toEqual({ snapshot: snapshot('h2', 1, {}) });
    expect(await store.hasSnapshots('User')).toBe(true);
    expect(await store.hasSnapshots('Group')).toBe(false);
  });

  it('replaces a snapshot on the next scan and keeps the recorded change beside it', async () => {
    await store.recordChange('User', 'u1', { at: at(3), origin: 'external', by: consoleAdmin });
    await store.saveSnapshots('User', new Map([['u1', snapshot('old', 4)]]));
    await store.saveSnapshots('User', new Map([['u1', snapshot('new', 9)]]));
    expect(await store.get('User', 'u1')).toEqual({ snapshot: snapshot('new', 9), lastChange: { at: at(3), origin: 'external', by: consoleAdmin } });
  });

  it('saves nothing for an empty page', async () => {
    await store.saveSnapshots('User', new Map());
    expect(await store.hasSnapshots('User')).toBe(false);
  });

  it('saves and reads a scan page of 1000 resources at once', async () => {
    const page = new Map(Array.from({ length: 1000 }, (_, n) => [`u${n}`, snapshot(`h${n}`, n % 60, { n })] as const));
    await store.saveSnapshots('Group', page);
    const read = await store.getMany('Group', [...page.keys()]);
    expect(read.size).toBe(1000);
    expect(read.get('u999')).toEqual({ snapshot: snapshot('h999', 999 % 60, { n: 999 }) });
  });

  it('records where a change came from, who made it when known, and keeps the later of two changes', async () => {
    await store.recordChange('User', 'u1', { at: at(5), origin: 'bridge' });
    expect(await store.get('User', 'u1')).toEqual({ lastChange: { at: at(5), origin: 'bridge' } });
    // An older change read late (Directory Insights indexes out of order) does not overwrite it.
    await store.recordChange('User', 'u1', { at: at(4), origin: 'external', by: consoleAdmin });
    expect((await store.get('User', 'u1'))?.lastChange).toEqual({ at: at(5), origin: 'bridge' });
    // A change at the same time or later does.
    await store.recordChange('User', 'u1', { at: at(5), origin: 'external', by: consoleAdmin });
    expect((await store.get('User', 'u1'))?.lastChange).toEqual({ at: at(5), origin: 'external', by: consoleAdmin });
    await store.recordChange('User', 'u1', { at: at(6), origin: 'bridge' });
    expect((await store.get('User', 'u1'))?.lastChange).toEqual({ at: at(6), origin: 'bridge' });
  });

  it('keeps the snapshot when a change is recorded, and a resource with only a change is no snapshot', async () => {
    await store.saveSnapshots('User', new Map([['u1', snapshot('h1', 1)]]));
    await store.recordChange('User', 'u1', { at: at(2), origin: 'external' });
    await store.recordChange('User', 'u2', { at: at(2), origin: 'external' });
    expect(await store.get('User', 'u1')).toEqual({ snapshot: snapshot('h1', 1), lastChange: { at: at(2), origin: 'external' } });
    expect(await store.notObservedSince('User', at(59))).toEqual(['u1']);
    await store.forget('User', 'u1');
    expect(await store.hasSnapshots('User')).toBe(false);
  });

  it('answers the resources no scan saw since a time (strictly before it), of one kind', async () => {
    await store.saveSnapshots(
      'User',
      new Map([
        ['u1', snapshot('h', 1)],
        ['u2', snapshot('h', 5)],
        ['u3', snapshot('h', 9)],
      ]),
    );
    await store.saveSnapshots('Group', new Map([['g1', snapshot('h', 1)]]));
    expect((await store.notObservedSince('User', at(5))).sort()).toEqual(['u1']);
    expect((await store.notObservedSince('User', at(6))).sort()).toEqual(['u1', 'u2']);
    expect((await store.notObservedSince('Group', at(6))).sort()).toEqual(['g1']);
    expect(await store.notObservedSince('User', at(0))).toEqual([]);
  });

  it('forgets a deleted resource whole, and only of its own kind', async () => {
    await store.saveSnapshots('User', new Map([['same', snapshot('user', 1)]]));
    await store.saveSnapshots('Group', new Map([['same', snapshot('group', 1)]]));
    await store.recordChange('User', 'same', { at: at(2), origin: 'external' });
    await store.forget('User', 'same');
    expect(await store.get('User', 'same')).toBeUndefined();
    expect(await store.get('Group', 'same')).toEqual({ snapshot: snapshot('group', 1) });
    // Forgetting what is not there is no error.
    await store.forget('User', 'never-seen');
    // A change recorded after forgetting starts afresh, with no snapshot.
    await store.recordChange('User', 'same', { at: at(1), origin: 'bridge' });
    expect(await store.get('User', 'same')).toEqual({ lastChange: { at: at(1), origin: 'bridge' } });
  });
});

describe('the PostgreSQL ResourceObservationStore across replicas', () => {
  let database: TestDatabase;
  let replicaA: PostgresDatabase;
  let replicaB: PostgresDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    replicaA = await openPostgresDatabase({ url: database.url, poolSize: 4, ssl: 'off' });
    replicaB = await openPostgresDatabase({ url: database.url, poolSize: 4, ssl: 'off' });
  });
  afterAll(async () => {
    await replicaA.close();
    await replicaB.close();
    await database.drop();
  });

  it('keeps the latest change of a resource whichever of two replicas records it last', async () => {
    const a = new PostgresResourceObservationStore(replicaA.pool);
    const b = new PostgresResourceObservationStore(replicaB.pool);
    // Interleaved from both pools, in an order where the latest is neither first nor last.
    const minutes = [7, 2, 9, 30, 4, 11, 1, 25, 3, 8];
    await Promise.all(minutes.map((minute, n) => (n % 2 === 0 ? a : b).recordChange('User', 'contended', { at: at(minute), origin: n % 2 === 0 ? 'bridge' : 'external' })));
    expect((await a.get('User', 'contended'))?.lastChange).toEqual({ at: at(30), origin: 'external' });
  });

  it('saves overlapping scan pages from two replicas at once without a deadlock', async () => {
    const a = new PostgresResourceObservationStore(replicaA.pool);
    const b = new PostgresResourceObservationStore(replicaB.pool);
    const ids = Array.from({ length: 300 }, (_, n) => `g${String(n).padStart(3, '0')}`);
    const pageOf = (order: string[], minute: number) => new Map(order.map((id) => [id, snapshot(`h${minute}`, minute)] as const));
    await Promise.all(Array.from({ length: 6 }, (_, round) => [a.saveSnapshots('Group', pageOf(ids, round)), b.saveSnapshots('Group', pageOf([...ids].reverse(), round + 10))]).flat());
    const saved = await a.getMany('Group', ids);
    expect(saved.size).toBe(300);
    // Each page is saved whole: every row holds one page's snapshot, and all rows the same (the page committed last).
    expect(new Set([...saved.values()].map((observation) => observation.snapshot?.hash)).size).toBe(1);
  });
});
