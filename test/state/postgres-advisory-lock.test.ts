import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { LockTimeoutError } from '../../src/state/lock-timeout-error';
import { withAdvisoryLock } from '../../src/state/postgres-advisory-lock';
import { advisoryLocksHeld, startLockHolder, useFileDatabase } from '../support/postgres/file-database';

const database = useFileDatabase();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A replica's pool (its own connections, as another process would have). */
const replicaPool = (max = 4): Pool => database.pool({ max });

interface Span {
  who: string;
  enter: number;
  leave: number;
}

describe('withAdvisoryLock (two replicas on one database)', () => {
  it('never lets two holders of one name overlap, across pools', async () => {
    const [a, b] = [replicaPool(), replicaPool()];
    const spans: Span[] = [];
    const run = (pool: Pool, who: string) =>
      withAdvisoryLock(pool, 'User:aaaa', undefined, async () => {
        const enter = performance.now();
        await sleep(5 + Math.random() * 20);
        spans.push({ who, enter, leave: performance.now() });
      });
    await Promise.all(Array.from({ length: 8 }, (_, i) => [run(a, `a${i}`), run(b, `b${i}`)]).flat());
    expect(spans).toHaveLength(16);
    spans.sort((x, y) => x.enter - y.enter);
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.enter).toBeGreaterThanOrEqual(spans[i - 1]!.leave);
    // Both replicas got their turns, and nothing is held afterwards.
    expect(new Set(spans.map((span) => span.who[0]))).toEqual(new Set(['a', 'b']));
    expect(await advisoryLocksHeld(a)).toBe(0);
  });

  it('runs holders of different names at the same time', async () => {
    const [a, b] = [replicaPool(), replicaPool()];
    const spans: Span[] = [];
    const run = (pool: Pool, name: string) =>
      withAdvisoryLock(pool, name, 1000, async () => {
        const enter = performance.now();
        await sleep(150);
        spans.push({ who: name, enter, leave: performance.now() });
      });
    await Promise.all([run(a, 'User:aaaa'), run(b, 'User:bbbb'), run(b, 'Group:aaaa')]);
    const lastEnter = Math.max(...spans.map((span) => span.enter));
    const firstLeave = Math.min(...spans.map((span) => span.leave));
    expect(lastEnter).toBeLessThan(firstLeave);
  });

  it('gives LockTimeoutError when the time runs out while another replica holds the name, never runs the work, and keeps nothing held', async () => {
    const [a, b] = [replicaPool(), replicaPool(2)];
    let release!: () => void;
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const holder = withAdvisoryLock(a, 'User:aaaa', undefined, () => {
      held();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await isHeld;
    let ran = false;
    const startedAt = performance.now();
    const late = withAdvisoryLock(b, 'User:aaaa', 300, async () => {
      ran = true;
    });
    await expect(late).rejects.toBeInstanceOf(LockTimeoutError);
    await expect(late).rejects.toMatchObject({ lockName: 'User:aaaa', waitedMs: 300 });
    const waited = performance.now() - startedAt;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1000);
    // No time left at all: answered at once, without waiting.
    const noTime = performance.now();
    await expect(withAdvisoryLock(b, 'User:aaaa', 0, async () => (ran = true))).rejects.toBeInstanceOf(LockTimeoutError);
    expect(performance.now() - noTime).toBeLessThan(200);
    expect(ran).toBe(false);
    // b's clients went back to its pool, idle, in no transaction, holding nothing.
    expect(b.totalCount - b.idleCount).toBe(0);
    expect(await advisoryLocksHeld(b)).toBe(1);
    release();
    await holder;
    expect(await advisoryLocksHeld(b)).toBe(0);
    // And the name is free for b at once.
    await expect(withAdvisoryLock(b, 'User:aaaa', 100, async () => 'mine')).resolves.toBe('mine');
    // The timeout was SET LOCAL: the pool's connections wait as long as they must again.
    const settings = await Promise.all([b.query<{ lock_timeout: string }>('SHOW lock_timeout'), b.query<{ lock_timeout: string }>('SHOW lock_timeout')]);
    expect(settings.map((result) => result.rows[0]!.lock_timeout)).toEqual(['0', '0']);
  });

  it('counts a wait for a pool client against the timeout', async () => {
    const single = replicaPool(1);
    let release!: () => void;
    let held!: () => void;
    const isHeld = new Promise<void>((resolve) => (held = resolve));
    const holder = withAdvisoryLock(single, 'User:aaaa', undefined, () => {
      held();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await isHeld;
    // Another name, but the pool's only client is busy: the caller's timeout, not the pool's.
    const startedAt = performance.now();
    await expect(withAdvisoryLock(single, 'User:bbbb', 200, async () => 'never')).rejects.toBeInstanceOf(LockTimeoutError);
    expect(performance.now() - startedAt).toBeLessThan(600);
    release();
    await holder;
    await expect(withAdvisoryLock(single, 'User:bbbb', 200, async () => 'now')).resolves.toBe('now');
    expect(single.totalCount).toBe(1);
  });

  it('releases the lock and passes the error on when the work fails', async () => {
    const [a, b] = [replicaPool(), replicaPool()];
    await expect(withAdvisoryLock(a, 'User:aaaa', undefined, () => Promise.reject(new Error('JumpCloud said no')))).rejects.toThrow('JumpCloud said no');
    await expect(withAdvisoryLock(b, 'User:aaaa', 100, async () => 'free')).resolves.toBe('free');
    expect(await advisoryLocksHeld(a)).toBe(0);
  });

  it("frees a killed replica's lock: its connection's end releases it", async () => {
    const other = replicaPool();
    const { child, exited } = await startLockHolder(database.url(), 'User:aaaa');
    try {
      await expect(withAdvisoryLock(other, 'User:aaaa', 200, async () => 'too soon')).rejects.toBeInstanceOf(LockTimeoutError);
      const killedAt = performance.now();
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      await expect(withAdvisoryLock(other, 'User:aaaa', 5000, async () => 'taken over')).resolves.toBe('taken over');
      console.log(`advisory lock of a SIGKILLed replica taken over after ${(performance.now() - killedAt).toFixed(0)} ms`);
      expect(performance.now() - killedAt).toBeLessThan(2000);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
