import { Client, Pool } from 'pg';
import type { FeedCursorStore, SeenEvent } from '../../src/state/feed-cursor-store';
import { LeaseLostError } from '../../src/state/lease-lost-error';
import { PostgresFeedCursorStore } from '../../src/state/postgres-feed-cursor-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { SqliteFeedCursorStore } from '../../src/state/sqlite-feed-cursor-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';
import { feedStoreEngines } from './support/feed-store-engines';

const FEED = 'directory_insights';
const NOW = new Date('2025-03-01T12:00:00.000Z');

/** Time `minute` minutes into 2025-03-01T10:00Z, as the feed writes times. */
const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute)).toISOString();
const event = (id: string, minute: number): SeenEvent => ({ id, timestamp: at(minute) });
const sorted = (ids: Set<string>) => [...ids].sort();

describe.each(feedStoreEngines<FeedCursorStore>({ sqlite: (db) => new SqliteFeedCursorStore(db), postgres: (pool) => new PostgresFeedCursorStore(pool) }))(
  'the FeedCursorStore contract on $name',
  (engine) => {
    let store: FeedCursorStore;
    beforeAll(() => engine.start());
    afterAll(() => engine.stop());
    beforeEach(async () => {
      store = await engine.fresh();
    });

    it('has no position before the first commit, then the last one committed, per feed', async () => {
      expect(await store.load(FEED)).toBeUndefined();
      await store.commit(FEED, at(5), [], at(0), NOW);
      expect(await store.load(FEED)).toEqual({ position: at(5), updatedAt: NOW.toISOString() });
      const later = new Date(NOW.getTime() + 60_000);
      // The position is replaced as given (a feed restarting from an earlier time may move it back).
      await store.commit(FEED, at(3), [], at(0), later);
      expect(await store.load(FEED)).toEqual({ position: at(3), updatedAt: later.toISOString() });
      expect(await store.load('another_feed')).toBeUndefined();
    });

    it('answers the ids applied at or after a time (the look-back window), per feed', async () => {
      await store.commit(FEED, at(9), [event('e1', 1), event('e2', 5), event('e3', 9)], at(0), NOW);
      await store.commit('another_feed', at(9), [event('other', 7)], at(0), NOW);
      expect(sorted(await store.seenSince(FEED, at(5)))).toEqual(['e2', 'e3']);
      expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e1', 'e2', 'e3']);
      expect(sorted(await store.seenSince(FEED, at(10)))).toEqual([]);
      expect(sorted(await store.seenSince('another_feed', at(0)))).toEqual(['other']);
      expect(sorted(await store.seenSince('no_such_feed', at(0)))).toEqual([]);
    });

    it('forgets ids older than the look-back window on every commit, even one that applied nothing', async () => {
      await store.commit(FEED, at(9), [event('e1', 1), event('e2', 5), event('e3', 9)], at(0), NOW);
      await store.commit(FEED, at(9), [], at(5), NOW);
      // forgetBefore is exclusive: an event at the window's edge is still inside it.
      expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e2', 'e3']);
      // Events applied in the same commit but already outside the window are not kept either.
      await store.commit(FEED, at(12), [event('old', 2), event('e4', 12)], at(6), NOW);
      expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e3', 'e4']);
    });

    it('forgets only the feed it commits', async () => {
      await store.commit('another_feed', at(1), [event('other', 1)], at(0), NOW);
      await store.commit(FEED, at(30), [event('e1', 30)], at(20), NOW);
      expect(sorted(await store.seenSince('another_feed', at(0)))).toEqual(['other']);
    });

    it('keeps the first time of an event applied twice (re-read in an overlap)', async () => {
      await store.commit(FEED, at(1), [event('e1', 1), event('e1', 8)], at(0), NOW);
      await store.commit(FEED, at(9), [event('e1', 9)], at(0), NOW);
      expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e1']);
      expect(sorted(await store.seenSince(FEED, at(2)))).toEqual([]);
    });

    it('keeps a page of events applied in one commit', async () => {
      const page = Array.from({ length: 1000 }, (_, n) => event(`e${n}`, 10 + (n % 30)));
      await store.commit(FEED, at(40), page, at(0), NOW);
      expect((await store.seenSince(FEED, at(0))).size).toBe(1000);
      expect((await store.seenSince(FEED, at(39))).size).toBe(33);
    });

    it('commits all or nothing: a commit that fails part-way leaves the position, the seen ids and the forgetting as they were', async () => {
      await store.commit(FEED, at(5), [event('e1', 1), event('e2', 5)], at(0), NOW);
      // An id neither engine can store (SQLite binds no object; node-postgres fails serialising
      // it), after a good one: the failure comes inside the transaction, after writes began.
      const unstorable = {
        toJSON() {
          throw new Error('unstorable event id');
        },
      };
      const broken = [event('e3', 6), { id: unstorable, timestamp: at(6) } as unknown as SeenEvent];
      await expect(store.commit(FEED, at(6), broken, at(5), new Date(NOW.getTime() + 1000))).rejects.toThrow();
      expect(await store.load(FEED)).toEqual({ position: at(5), updatedAt: NOW.toISOString() });
      expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e1', 'e2']);
    });

    it('keeps learned values per feed and name, a later learn replacing an earlier one', async () => {
      expect(await store.learned(FEED, 'key_administrator')).toBeUndefined();
      await store.learn(FEED, 'key_administrator', '{"email":"first@example.com"}', NOW);
      await store.learn(FEED, 'other_name', 'other', NOW);
      await store.learn('another_feed', 'key_administrator', 'elsewhere', NOW);
      await store.learn(FEED, 'key_administrator', '{"email":"second@example.com"}', new Date(NOW.getTime() + 1000));
      expect(await store.learned(FEED, 'key_administrator')).toBe('{"email":"second@example.com"}');
      expect(await store.learned(FEED, 'other_name')).toBe('other');
      expect(await store.learned('another_feed', 'key_administrator')).toBe('elsewhere');
    });
  },
);

describe('the PostgreSQL FeedCursorStore across replicas', () => {
  const LEASE = 'changefeed';
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
  beforeEach(async () => {
    await replicaA.pool.query('TRUNCATE changefeed_cursor, changefeed_seen_event, changefeed_learned, lease');
  });

  /** Writes the lease row as the lease code would: `holder` holds it for `seconds` more (negative: expired). */
  async function setLease(pool: Pool, holder: string, seconds: number): Promise<void> {
    await pool.query(
      `INSERT INTO lease (name, holder, acquired_at, expires_at) VALUES ($1, $2, now(), now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
      [LEASE, holder, seconds],
    );
  }

  const fenced = (pool: Pool, holder: string) => new PostgresFeedCursorStore(pool, { lease: { name: LEASE, holder } });

  it('lets the holder of an unexpired lease commit and learn', async () => {
    await setLease(replicaA.pool, 'replica-a', 30);
    const store = fenced(replicaA.pool, 'replica-a');
    await store.commit(FEED, at(5), [event('e1', 5)], at(0), NOW);
    await store.learn(FEED, 'key_administrator', 'admin', NOW);
    expect(await store.load(FEED)).toEqual({ position: at(5), updatedAt: NOW.toISOString() });
    expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e1']);
    expect(await store.learned(FEED, 'key_administrator')).toBe('admin');
  });

  it.each([
    ['expired', async () => setLease(replicaA.pool, 'replica-a', -1)],
    ['taken over by another replica', async () => setLease(replicaB.pool, 'replica-b', 30)],
    ['never taken', async () => replicaA.pool.query('DELETE FROM lease')],
  ])('refuses a commit and a learn once the lease is %s, and writes nothing', async (_case, loseLease) => {
    await setLease(replicaA.pool, 'replica-a', 30);
    const store = fenced(replicaA.pool, 'replica-a');
    await store.commit(FEED, at(5), [event('e1', 1), event('e2', 5)], at(0), NOW);
    await store.learn(FEED, 'key_administrator', 'admin', NOW);
    await loseLease();

    const error = (await store.commit(FEED, at(9), [event('e3', 9)], at(3), new Date(NOW.getTime() + 1000)).catch((err: unknown) => err)) as LeaseLostError;
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(error.message).toBe(`the change feed lease ${LEASE} is no longer held by this replica; another replica leads the feed now`);
    await expect(store.learn(FEED, 'key_administrator', 'someone else', NOW)).rejects.toThrow(LeaseLostError);

    expect(await store.load(FEED)).toEqual({ position: at(5), updatedAt: NOW.toISOString() });
    expect(sorted(await store.seenSince(FEED, at(0)))).toEqual(['e1', 'e2']);
    expect(await store.learned(FEED, 'key_administrator')).toBe('admin');
  });

  it('waits for a takeover in progress and then refuses, instead of reading the lease as it was before it', async () => {
    await setLease(replicaA.pool, 'replica-a', 30);
    const store = fenced(replicaA.pool, 'replica-a');
    const takeover = new Client({ connectionString: database.url });
    await takeover.connect();
    try {
      await takeover.query('BEGIN');
      await takeover.query("UPDATE lease SET holder = 'replica-b', acquired_at = now(), expires_at = now() + interval '30 seconds' WHERE name = $1", [LEASE]);
      let settled = false;
      const commit = store.commit(FEED, at(9), [event('e9', 9)], at(0), NOW).finally(() => (settled = true));
      commit.catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // Still waiting on the lease row the takeover holds.
      expect(settled).toBe(false);
      await takeover.query('COMMIT');
      await expect(commit).rejects.toThrow(LeaseLostError);
    } finally {
      await takeover.end();
    }
    expect(await store.load(FEED)).toBeUndefined();
  });

  it('refuses the deposed replica and accepts the new leader when both commit at once', async () => {
    await setLease(replicaB.pool, 'replica-b', 30);
    const deposed = fenced(replicaA.pool, 'replica-a');
    const leader = fenced(replicaB.pool, 'replica-b');
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) => [deposed.commit(FEED, at(50 + n), [event(`a${n}`, 50 + n)], at(0), NOW), leader.commit(FEED, at(n), [event(`b${n}`, n)], at(0), NOW)]).flat(),
    );
    const refused = results.filter((result) => result.status === 'rejected');
    expect(refused).toHaveLength(10);
    for (const result of refused) expect((result as PromiseRejectedResult).reason).toBeInstanceOf(LeaseLostError);
    expect((await leader.load(FEED))?.position).toMatch(/^2025-03-01T10:0\d:00\.000Z$/);
    expect(sorted(await leader.seenSince(FEED, at(0)))).toEqual(Array.from({ length: 10 }, (_, n) => `b${n}`).sort());
  });

  it('takes turns when two pools commit the same feed at once (no deadlock, no lost seen id)', async () => {
    const a = new PostgresFeedCursorStore(replicaA.pool);
    const b = new PostgresFeedCursorStore(replicaB.pool);
    // Each round, both apply the same new events in opposite orders (the case that deadlocks
    // writers locking rows in different orders), plus one of their own.
    const rounds = Array.from({ length: 10 }, (_, round) => {
      const shared = Array.from({ length: 300 }, (_, n) => event(`r${round}-shared${String(n).padStart(3, '0')}`, n % 30));
      return [
        a.commit(FEED, at(round), [...shared, event(`a${round}`, round)], at(0), NOW),
        b.commit(FEED, at(round), [...[...shared].reverse(), event(`b${round}`, round)], at(0), NOW),
      ];
    });
    await Promise.all(rounds.flat());
    const seen = await a.seenSince(FEED, at(0));
    expect(seen.size).toBe(10 * 300 + 20);
    expect((await b.load(FEED))?.position).toMatch(/^2025-03-01T10:0\d:00\.000Z$/);
  });
});
