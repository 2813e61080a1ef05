import { BUSY_RETRY_AFTER_SECONDS, InProcessResourceLocks } from '../../src/provider/resource-locks';
import { ScimError } from '../../src/scim/scim-error';

const A = { resourceType: 'User' as const, id: 'a'.repeat(24) };
const B = { resourceType: 'User' as const, id: 'b'.repeat(24) };
/** The same JumpCloud id as A, but a group: another resource. */
const GROUP_A = { resourceType: 'Group' as const, id: 'a'.repeat(24) };

/** A piece of work the test finishes by hand, recording when it started. */
function gate(log: string[], name: string): { work: () => Promise<string>; finish: () => void; fail: (err: Error) => void } {
  let finish!: () => void;
  let fail!: (err: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return {
    work: () => {
      log.push(`start ${name}`);
      return done;
    },
    finish: () => finish(),
    fail: (err) => fail(err),
  };
}

/** Lets every settled promise's continuations run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('InProcessResourceLocks', () => {
  it('runs writes to one resource one at a time, in arrival order', async () => {
    const locks = new InProcessResourceLocks();
    const log: string[] = [];
    const [first, second, third] = [gate(log, '1'), gate(log, '2'), gate(log, '3')];
    const results = [locks.exclusive(A, first.work), locks.exclusive(A, second.work), locks.exclusive(A, third.work)];
    await settle();
    expect(log).toEqual(['start 1']);
    first.finish();
    await settle();
    expect(log).toEqual(['start 1', 'start 2']);
    second.finish();
    await settle();
    third.finish();
    expect(await Promise.all(results)).toEqual(['1', '2', '3']);
    expect(log).toEqual(['start 1', 'start 2', 'start 3']);
  });

  it('never makes writes to different resources wait for each other (users, groups with the same id)', async () => {
    const locks = new InProcessResourceLocks();
    const log: string[] = [];
    const [a, b, group] = [gate(log, 'a'), gate(log, 'b'), gate(log, 'group')];
    const results = [locks.exclusive(A, a.work), locks.exclusive(B, b.work), locks.exclusive(GROUP_A, group.work)];
    await settle();
    expect(log).toEqual(['start a', 'start b', 'start group']);
    expect(locks.size).toBe(3);
    for (const g of [a, b, group]) g.finish();
    await Promise.all(results);
  });

  it('frees the resource when a write fails, for the next one, and passes the error on', async () => {
    const locks = new InProcessResourceLocks();
    const log: string[] = [];
    const [failing, next] = [gate(log, 'failing'), gate(log, 'next')];
    const first = locks.exclusive(A, failing.work);
    const second = locks.exclusive(A, next.work);
    failing.fail(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    await settle();
    expect(log).toEqual(['start failing', 'start next']);
    next.finish();
    await expect(second).resolves.toBe('next');
  });

  it('keeps nothing for a resource once no write holds or waits for it (bounded memory)', async () => {
    const locks = new InProcessResourceLocks();
    await Promise.all(Array.from({ length: 500 }, (_, i) => locks.exclusive({ resourceType: 'User', id: i.toString(16).padStart(24, '0') }, async () => i)));
    await Promise.all([locks.exclusive(A, async () => 1), locks.exclusive(A, async () => 2), locks.exclusive(A, () => Promise.reject(new Error('x'))).catch(() => 3)]);
    expect(locks.size).toBe(0);
  });

  describe('a wait that respects the request deadline', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('answers 429 with Retry-After when the deadline passes while waiting, never runs the write, and lets the queue move on', async () => {
      let deadline: number | undefined = Date.now() + 1000;
      const locks = new InProcessResourceLocks({ deadline: () => deadline });
      const log: string[] = [];
      const [holder, late, patient] = [gate(log, 'holder'), gate(log, 'late'), gate(log, 'patient')];
      const held = locks.exclusive(A, holder.work);
      const timedOut = locks.exclusive(A, late.work);
      deadline = undefined; // the next request waits as long as it takes
      const waits = locks.exclusive(A, patient.work);
      const refused = expect(timedOut).rejects.toMatchObject({ status: 429, retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS });
      await jest.advanceTimersByTimeAsync(1000);
      await refused;
      await expect(timedOut).rejects.toBeInstanceOf(ScimError);
      await expect(timedOut).rejects.toThrow(`Another write to User ${A.id} is still in progress`);
      holder.finish();
      await held;
      await jest.advanceTimersByTimeAsync(0);
      expect(log).toEqual(['start holder', 'start patient']);
      patient.finish();
      await waits;
      expect(locks.size).toBe(0);
    });

    it('does not time out a write that gets the resource before its deadline', async () => {
      const locks = new InProcessResourceLocks({ deadline: () => Date.now() + 1000 });
      const log: string[] = [];
      const [holder, next] = [gate(log, 'holder'), gate(log, 'next')];
      const held = locks.exclusive(A, holder.work);
      const waiting = locks.exclusive(A, next.work);
      await jest.advanceTimersByTimeAsync(999);
      holder.finish();
      await held;
      await jest.advanceTimersByTimeAsync(5000);
      expect(log).toEqual(['start holder', 'start next']);
      next.finish();
      await expect(waiting).resolves.toBe('next');
    });
  });
});
