import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Pool, type PoolConfig } from 'pg';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The calling test file's own database, and pools on it that are ended after each test. */
export interface FileDatabase {
  /** The database's URL (known once the file's beforeAll has run). */
  url(): string;
  /** A pool of its own connections (as another replica would have), ended after the test; its idle-client errors are ignored. */
  pool(config?: Omit<PoolConfig, 'connectionString'> & { connectionString?: string }): Pool;
}

/**
 * Registers the hooks of a test file that needs one PostgreSQL database: created before the
 * file's tests, every pool a test opened ended after it, dropped after the file.
 */
export function useFileDatabase(): FileDatabase {
  let database: TestDatabase | undefined;
  let pools: Pool[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
    pools = [];
  });
  afterAll(() => database?.drop());
  const url = () => {
    if (!database) throw new Error('the file database is created in beforeAll: use it from a test or a later hook');
    return database.url;
  };
  return {
    url,
    pool: (config = {}) => {
      const pool = new Pool({ connectionString: url(), ...config });
      pool.on('error', () => undefined);
      pools.push(pool);
      return pool;
    },
  };
}

/** Advisory locks granted on the pool's database now (by anyone). */
export async function advisoryLocksHeld(pool: Pool): Promise<number> {
  const result = await pool.query<{ count: string }>("SELECT count(*) AS count FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
  return Number(result.rows[0]!.count);
}

/**
 * Starts another process (test/state/advisory-lock-holder.ts) that takes the advisory lock `name`
 * on `url` and holds it until killed; resolves once it holds it. The caller kills it (SIGKILL).
 */
export async function startLockHolder(url: string, name: string): Promise<{ child: ChildProcess; exited: Promise<NodeJS.Signals | null> }> {
  const testRoot = join(__dirname, '..', '..');
  const child = spawn(process.execPath, ['-r', join(testRoot, 'kill', 'ts-register.cjs'), join(testRoot, 'state', 'advisory-lock-holder.ts'), name], {
    env: { ...process.env, LOCK_DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('held')) resolve();
      });
      child.once('exit', () => reject(new Error('the lock holder exited before holding the lock')));
    });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, exited };
}
