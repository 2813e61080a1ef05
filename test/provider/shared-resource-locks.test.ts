import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { BUSY_RETRY_AFTER_SECONDS, SharedResourceLocks, sharedLockName, type ResourceKey, type SharedLockPort } from '../../src/provider/resource-locks';
import { ScimError } from '../../src/scim/scim-error';
import { LockTimeoutError } from '../../src/state/lock-timeout-error';
import { withAdvisoryLock } from '../../src/state/postgres-advisory-lock';
import { advisoryLocksHeld, startLockHolder, useFileDatabase } from '../support/postgres/file-database';

const A: ResourceKey = { resourceType: 'User', id: 'a'.repeat(24) };
const B: ResourceKey = { resourceType: 'User', id: 'b'.repeat(24) };
const GROUP_A: ResourceKey = { resourceType: 'Group', id: 'a'.repeat(24) };

const database = useFileDatabase();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Replica {
  locks: SharedResourceLocks;
  pool: Pool;
  /** Sets the deadline (epoch ms) the next writes of this replica start with; undefined: none. */
  setDeadline(deadline: number | undefined): void;
}

/** One replica: its own pool, the advisory lock bound to it as the composition root would. */
function replica(max = 4): Replica {
  const pool = database.pool({ max });
  const port: SharedLockPort = { withLock: (name, timeoutMs, work) => withAdvisoryLock(pool, name, timeoutMs, work) };
  let deadline: number | undefined;
  return { locks: new SharedResourceLocks(port, { deadline: () => deadline }), pool, setDeadline: (next) => (deadline = next) };
}

/** A write the test finishes by hand; `started` resolves once it runs. */
function manual(): { work: () => Promise<string>; started: Promise<void>; finish(): void } {
  let finish!: () => void;
  let started!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve('done')));
  const hasStarted = new Promise<void>((resolve) => (started = resolve));
  return {
    work: () => {
      started();
      return done;
    },
    started: hasStarted,
    finish: () => finish(),
  };
}

describe('SharedResourceLocks (replicas on one PostgreSQL database)', () => {
  it('never lets two replicas write one resource at once', async () => {
    const [one, two] = [replica(), replica()];
    const spans: { enter: number; leave: number }[] = [];
    const write = (r: Replica) =>
      r.locks.exclusive(A, async () => {
        const enter = performance.now();
        await sleep(5 + Math.random() * 15);
        spans.push({ enter, leave: performance.now() });
      });
    await Promise.all(Array.from({ length: 6 }, () => [write(one), write(two)]).flat());
    expect(spans).toHaveLength(12);
    spans.sort((x, y) => x.enter - y.enter);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.enter).toBeGreaterThanOrEqual(spans[i - 1]!.leave);
    expect(await advisoryLocksHeld(one.pool)).toBe(0);
  });

  it('lets different resources (a user and a group with the same id too) be written at once, across replicas', async () => {
    const [one, two] = [replica(), replica()];
    const writes = [manual(), manual(), manual()];
    const results = [one.locks.exclusive(A, writes[0]!.work), two.locks.exclusive(B, writes[1]!.work), two.locks.exclusive(GROUP_A, writes[2]!.work)];
    await Promise.all(writes.map((w) => w.started));
    expect(await advisoryLocksHeld(one.pool)).toBe(3);
    writes.forEach((w) => w.finish());
    await Promise.all(results);
  });

  it("answers the in-process 429 (Retry-After) when the deadline passes while another replica writes, never runs the write, and holds nothing", async () => {
    const [one, two] = [replica(), replica()];
    const holder = manual();
    const held = one.locks.exclusive(A, holder.work);
    await holder.started;
    let ran = false;
    two.setDeadline(Date.now() + 300);
    const startedAt = performance.now();
    const late = two.locks.exclusive(A, async () => (ran = true));
    await expect(late).rejects.toBeInstanceOf(ScimError);
    await expect(late).rejects.toMatchObject({ status: 429, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
    const waited = performance.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(250);
    expect(waited).toBeLessThan(1000);
    expect(ran).toBe(false);
    expect(two.pool.totalCount - two.pool.idleCount).toBe(0);
    holder.finish();
    await held;
    expect(await advisoryLocksHeld(one.pool)).toBe(0);
    // The resource is free again for the replica that was refused.
    two.setDeadline(Date.now() + 300);
    await expect(two.locks.exclusive(A, async () => 'written')).resolves.toBe('written');
  });

  it('keeps the writes queued in one replica off the pool: only the head of the queue holds a connection', async () => {
    const [one, two] = [replica(), replica(4)];
    const holder = manual();
    const held = one.locks.exclusive(A, holder.work);
    await holder.started;
    const queued = Array.from({ length: 6 }, (_, i) => two.locks.exclusive(A, async () => i));
    await sleep(200);
    // Six writes waiting for the other replica, one connection of `two` waiting on the database.
    expect(two.pool.totalCount).toBe(1);
    holder.finish();
    await held;
    expect(await Promise.all(queued)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('passes on a LockTimeoutError thrown by the write itself (only the wait for the lock is a 429)', async () => {
    const one = replica();
    const own = new LockTimeoutError('something the write waited for', 10);
    await expect(one.locks.exclusive(A, () => Promise.reject(own))).rejects.toBe(own);
  });

  it('takes over a resource whose writer was SIGKILLed while holding it', async () => {
    const one = replica();
    const { child } = await startLockHolder(database.url(), sharedLockName(A));
    try {
      one.setDeadline(Date.now() + 200);
      await expect(one.locks.exclusive(A, async () => 'too soon')).rejects.toMatchObject({ status: 429 });
      one.setDeadline(Date.now() + 5000);
      const waiting = one.locks.exclusive(A, async () => 'taken over');
      await sleep(100);
      child.kill('SIGKILL');
      await expect(waiting).resolves.toBe('taken over');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
