import { Client } from 'pg';
import { MemoryStateStore } from '../../src/state/memory-state-store';
import { openPostgresDatabase, type PostgresDatabase } from '../../src/state/postgres-database';
import { PostgresStateStore } from '../../src/state/postgres-state-store';
import { createTestDatabase, testServerUrl, type TestDatabase } from '../support/postgres/test-database';

/** What only PostgreSQL can get wrong: several replicas (pools) at once, and the server's collation. */
describe('PostgresStateStore with several replicas', () => {
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

  it('keeps the later time when two replicas record a change of one resource at once, and answers each at least its own', async () => {
    const [a, b] = replicas.map((replica) => new PostgresStateStore(replica.pool)) as [PostgresStateStore, PostgresStateStore];
    for (let round = 0; round < 20; round += 1) {
      const id = `u${round}`;
      // Eight writes per round, interleaved between the pools, in no particular time order.
      const times = Array.from({ length: 8 }, (_, n) => new Date(Date.UTC(2025, 0, 1, 0, 0, (n * 5 + round) % 8)));
      const answers = await Promise.all(times.map((at, n) => (n % 2 === 0 ? a : b).recordChange('User', id, at)));
      const latest = new Date(Math.max(...times.map((at) => at.getTime()))).toISOString();
      expect(await b.get('User', id)).toEqual({ lastModified: latest });
      answers.forEach((answer, n) => expect(answer!.lastModified >= times[n]!.toISOString()).toBe(true));
      expect(answers.some((answer) => answer!.lastModified === latest)).toBe(true);
    }
  });
});

describe('PostgresStateStore on a server whose default collation is a language (ICU "en")', () => {
  let name: string;
  let database: PostgresDatabase;
  beforeAll(async () => {
    // createTestDatabase makes the server's default (C.UTF-8 on the test server: byte order
    // anyway); production servers are often en_US.UTF-8 or ICU, where 'a_b' sorts before 'aB'.
    name = `bridge_test_icu_${process.pid}_${Date.now()}`;
    await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' LOCALE_PROVIDER icu ICU_LOCALE 'en'`));
    const url = new URL(testServerUrl());
    url.pathname = `/${name}`;
    database = await openPostgresDatabase({ url: url.toString(), poolSize: 2, ssl: 'off' });
  });
  afterAll(async () => {
    await database?.close();
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  });

  it('orders and pages ids in byte order, as SQLite and the memory store do (migration 3)', async () => {
    const postgres = new PostgresStateStore(database.pool);
    const memory = new MemoryStateStore();
    const ids = ['a_b', 'aB', 'Ab', 'ab', 'a-c', 'A_b', 'a b'];
    for (const store of [postgres, memory]) for (const id of ids) await store.recordChange('User', id, new Date('2025-01-01T00:00:00Z'));
    const since = new Date('2024-12-31T00:00:00Z');
    const expected = await memory.changedSince('User', since, false);
    expect(expected.map((c) => c.id)).toEqual(['A_b', 'Ab', 'a b', 'a-c', 'aB', 'a_b', 'ab']);
    expect(await postgres.changedSince('User', since, false)).toEqual(expected);
    // Keyset paging from a cursor in the middle agrees as well.
    const after = expected[2];
    expect(await postgres.changedSince('User', since, false, { after, limit: 3 })).toEqual(await memory.changedSince('User', since, false, { after, limit: 3 }));
  });
});

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
