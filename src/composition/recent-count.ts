const MINUTE_MS = 60_000;

/**
 * How many times something happened in the last hour (the console's "JumpCloud throttled us N
 * times in the last hour"), counted in one-minute buckets: memory stays at 60 numbers however
 * busy, and the window is exact to the minute. Feed it from the JumpCloud client's call events
 * (`status === 429`).
 */
export class RecentCount {
  private readonly buckets = new Map<number, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMinutes = 60,
  ) {}

  /** Counts one occurrence now. */
  record(): void {
    const minute = Math.floor(this.now() / MINUTE_MS);
    this.buckets.set(minute, (this.buckets.get(minute) ?? 0) + 1);
    this.forgetBefore(minute - this.windowMinutes + 1);
  }

  /** Occurrences in the window ending now (the current minute and the 59 before it). */
  count(): number {
    const first = Math.floor(this.now() / MINUTE_MS) - this.windowMinutes + 1;
    this.forgetBefore(first);
    let total = 0;
    for (const n of this.buckets.values()) total += n;
    return total;
  }

  private forgetBefore(minute: number): void {
    for (const key of this.buckets.keys()) if (key < minute) this.buckets.delete(key);
  }
}
