import { performance } from 'node:perf_hooks';
import type { Pool, PoolClient } from 'pg';
import { LockTimeoutError } from './lock-timeout-error';

/** PostgreSQL's SQLSTATE for a lock not granted within lock_timeout (lock_not_available). */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Runs `work` while holding the cross-replica lock `name`: a transaction-scoped advisory lock
 * (pg_advisory_xact_lock on a 64-bit key hashed from the name by the server, hashtextextended) on
 * a client of `pool`, held by an otherwise empty transaction that ends when `work` settles. The
 * lock goes with the transaction: COMMIT, ROLLBACK, or the connection dropping when a replica
 * crashes, so a dead replica never leaves a resource locked.
 *
 * `timeoutMs` bounds the whole wait (for a pool client, then for the lock, via SET LOCAL
 * lock_timeout); when it runs out, {@link LockTimeoutError} and `work` never ran. Undefined: wait
 * as long as it takes.
 *
 * The client stays checked out while `work` runs: `work` must not need more connections of the
 * same pool than it has beside the locks held at once, or writes holding locks starve each other
 * of connections (give the locks a pool of their own, sized for the writes in flight).
 *
 * Advisory locks belong to the database, not to a schema: one tenant's lock `name` is every
 * tenant's unless the name carries the tenant's schema (schemaLockName in postgres-schema.ts).
 */
export async function withAdvisoryLock<T>(pool: Pool, name: string, timeoutMs: number | undefined, work: () => Promise<T>): Promise<T> {
  const startedAt = performance.now();
  const left = () => (timeoutMs === undefined ? undefined : timeoutMs - (performance.now() - startedAt));
  const client = await connectWithin(pool, name, timeoutMs);
  /** Set when the connection can no longer be trusted: the pool then closes it instead of reusing it. */
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await takeLock(client, name, left(), timeoutMs ?? 0);
    const result = await work();
    // A failed COMMIT means the connection died (the transaction did nothing else), which released
    // the lock anyway; `work` is done and its outcome stands, so it is answered, not an error.
    await client.query('COMMIT').catch((err: Error) => (broken = err));
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: Error) => (broken = rollbackErr));
    throw err;
  } finally {
    client.release(broken);
  }
}

/** Takes the advisory lock in the open transaction, waiting at most `leftMs` (undefined: no limit). */
async function takeLock(client: PoolClient, name: string, leftMs: number | undefined, timeoutMs: number): Promise<void> {
  if (leftMs === undefined) {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
    return;
  }
  if (leftMs < 1) {
    // No time left to wait (lock_timeout 0 would mean "forever"): take it only if it is free now.
    const tried = await client.query<{ granted: boolean }>('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS granted', [name]);
    if (!tried.rows[0]?.granted) throw new LockTimeoutError(name, timeoutMs);
    return;
  }
  // set_config(..., true) is SET LOCAL with a bind parameter: it ends with the transaction.
  await client.query("SELECT set_config('lock_timeout', $1, true)", [`${Math.ceil(leftMs)}ms`]);
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [name]);
  } catch (err) {
    if ((err as { code?: string }).code === LOCK_NOT_AVAILABLE) throw new LockTimeoutError(name, timeoutMs);
    throw err;
  }
}

/**
 * A client of `pool` within `timeoutMs`: a pool whose clients are all busy must give the caller
 * its timeout, not a wait of the pool's own (connectionTimeoutMillis). A client that arrives after
 * the timeout goes straight back to the pool.
 */
async function connectWithin(pool: Pool, name: string, timeoutMs: number | undefined): Promise<PoolClient> {
  const connecting = pool.connect();
  if (timeoutMs === undefined) return connecting;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LockTimeoutError(name, timeoutMs)), Math.max(0, timeoutMs));
  });
  try {
    return await Promise.race([connecting, timedOut]);
  } catch (err) {
    if (err instanceof LockTimeoutError) connecting.then((late) => late.release(), () => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
