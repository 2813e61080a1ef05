import { ConcurrencyLimit } from '../../src/jumpcloud';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimit', () => {
  it('runs at most max at once, FIFO, and reports active and queued', async () => {
    const limit = new ConcurrencyLimit(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) => limit.run(async () => { started.push(i); await gate.promise; return i; }));
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([limit.active, limit.queued]).toEqual([2, 2]);
    gates[1]?.resolve();
    await runs[1];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.resolve());
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect([limit.active, limit.queued]).toEqual([0, 0]);
  });

  it('releases the slot when a task throws', async () => {
    const limit = new ConcurrencyLimit(1);
    await expect(limit.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
    expect(limit.active).toBe(0);
  });

  it.each([0, -1, 1.5])('refuses max %p', (max) => {
    expect(() => new ConcurrencyLimit(max)).toThrow(/concurrency/);
  });
});
