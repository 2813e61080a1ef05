// Hand-written rather than p-limit: p-limit >= 4 is ESM-only, and we want one limiter per org with queue insight.

/**
 * A counting semaphore: at most `max` tasks run at once, the rest wait in FIFO order.
 * One instance per JumpCloud org, so a burst for one org cannot starve another.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `max` concurrent tasks (an integer >= 1). */
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error('concurrency must be an integer >= 1');
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `task` when a slot is free; the slot is released however the task ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.max) {
      this.running += 1;
      return Promise.resolve();
    }
    // The releasing task hands its slot straight to the next waiter, so `running` stays put.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }
}
