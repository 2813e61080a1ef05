import { createServer } from 'node:net';
import type { Pool } from 'pg';
import { postgresStoreCheck, type PostgresQueryable } from '../../src/provider/readiness.provider';
import { useFileDatabase } from '../support/postgres/file-database';

const database = useFileDatabase();

const poolOn = (url: string): Pool => database.pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5000 });

/** A TCP port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('the PostgreSQL readiness check', () => {
  it('passes when the database answers', async () => {
    expect(await postgresStoreCheck(poolOn(database.url()))()).toEqual({ ok: true, detail: 'the PostgreSQL database answers' });
  });

  it('fails on a closed port, saying so in operator words without the URL or its password', async () => {
    const url = new URL(database.url());
    url.port = String(await closedPort());
    url.password = 'readiness-secret-password';
    const result = await postgresStoreCheck(poolOn(url.toString()))();
    expect(result).toEqual({ ok: false, detail: 'the PostgreSQL database cannot be used: the PostgreSQL server refused the connection (is it running, and is the host and port right?)' });
    expect(result.detail).not.toContain('readiness-secret-password');
    expect(result.detail).not.toContain(url.host);
  });

  it('fails with an unknown user and password, naming the credentials, not repeating them', async () => {
    const url = new URL(database.url());
    url.username = 'not_a_user';
    url.password = 'readiness-wrong-password';
    const result = await postgresStoreCheck(poolOn(url.toString()))();
    expect(result.ok).toBe(false);
    expect(result.detail).toBe('the PostgreSQL database cannot be used: PostgreSQL refused the user name or password');
    expect(result.detail).not.toContain('readiness-wrong-password');
  });

  it('fails within its timeout when the database does not answer (a pool whose connections are all busy)', async () => {
    const pool = poolOn(database.url());
    const busy = await pool.connect();
    try {
      const startedAt = Date.now();
      const result = await postgresStoreCheck(pool, { timeoutMs: 200 })();
      expect(Date.now() - startedAt).toBeLessThan(1000);
      expect(result).toEqual({ ok: false, detail: expect.stringMatching(/^the PostgreSQL database did not answer within 200 ms: .*DATABASE_POOL_SIZE/) });
    } finally {
      busy.release();
    }
  });

  it('never rejects, whatever the pool throws', async () => {
    const broken: PostgresQueryable = { query: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED postgres://u:pw@db:5432/x'), {})) };
    const result = await postgresStoreCheck(broken)();
    expect(result.ok).toBe(false);
    expect(result.detail).not.toContain(':pw@');
  });
});
