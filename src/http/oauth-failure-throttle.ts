export interface FailureThrottleOptions {
  /** Failures allowed before any wait is imposed. */
  freeAttempts?: number;
  /** Longest wait, in seconds, however many failures pile up. */
  maxDelaySeconds?: number;
  /** Seconds without a failure after which a key's count is forgotten. */
  forgetAfterSeconds?: number;
  /** Most keys remembered (the oldest is dropped beyond that, so a flood cannot grow memory). */
  maxKeys?: number;
  now?: () => number;
}

interface FailureRecord {
  failures: number;
  lastFailureMs: number;
}

/**
 * Exponential backoff of failed client authentications at the token endpoint: after
 * `freeAttempts` failures under one key, the next attempt must wait 1 s, then 2 s, 4 s, ... up to
 * `maxDelaySeconds` after the last failure. The caller chooses the keys (per address, and per
 * address and client id), so a guesser is slowed without locking the real client out from its
 * own address. In memory, per process: it slows guessing, it is not an account lockout.
 */
export class FailureThrottle {
  private readonly records = new Map<string, FailureRecord>();
  private readonly freeAttempts: number;
  private readonly maxDelaySeconds: number;
  private readonly forgetAfterMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: FailureThrottleOptions = {}) {
    this.freeAttempts = options.freeAttempts ?? 5;
    this.maxDelaySeconds = options.maxDelaySeconds ?? 300;
    this.forgetAfterMs = (options.forgetAfterSeconds ?? 900) * 1000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds (rounded up) the caller must still wait before another attempt under any of `keys`; 0 = go ahead. */
  waitSeconds(keys: readonly string[]): number {
    const now = this.now();
    let waitMs = 0;
    for (const key of keys) {
      const record = this.current(key, now);
      if (!record || record.failures < this.freeAttempts) continue;
      const delayMs = Math.min(2 ** (record.failures - this.freeAttempts), this.maxDelaySeconds) * 1000;
      waitMs = Math.max(waitMs, record.lastFailureMs + delayMs - now);
    }
    return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
  }

  /** Counts one failed attempt under every key. */
  fail(keys: readonly string[]): void {
    const now = this.now();
    for (const key of keys) {
      const failures = (this.current(key, now)?.failures ?? 0) + 1;
      // Re-insert so Map order stays "least recently failed first" for eviction.
      this.records.delete(key);
      this.records.set(key, { failures, lastFailureMs: now });
      if (this.records.size > this.maxKeys) {
        const oldest = this.records.keys().next();
        if (!oldest.done) this.records.delete(oldest.value);
      }
    }
  }

  /** Forgets the failures under `keys` (after a success). */
  succeed(keys: readonly string[]): void {
    for (const key of keys) this.records.delete(key);
  }

  private current(key: string, now: number): FailureRecord | undefined {
    const record = this.records.get(key);
    if (record && now - record.lastFailureMs > this.forgetAfterMs) {
      this.records.delete(key);
      return undefined;
    }
    return record;
  }
}
