import { performance } from 'node:perf_hooks';
import { releaseLease, tryAcquireLease, type LeaseQueryable } from './postgres-lease';

/** Options of a {@link LeaderElection}. */
export interface LeaderElectionOptions {
  /** The pool the lease statements run on. Best one the request path cannot exhaust: a renewal stuck behind busy writes is a leader stepping down. */
  pool: LeaseQueryable;
  /** The lease's name (one per job that must run once: 'changefeed'). */
  name: string;
  /** This replica's id (bridge_instance.id): who holds the lease. */
  holder: string;
  /** How long a taken or renewed lease lasts (by the database's clock). The takeover after a leader dies takes at most ttlMs + retryMs. */
  ttlMs: number;
  /** How often a follower tries to take the lease, and a leader renews it; well below ttlMs (a third of it: two renewals may fail before the lease runs out). */
  retryMs: number;
  /**
   * How long before its lease could expire a leader that failed to renew steps down (default a
   * fifth of ttlMs): room for a late timer and for the clocks' rates to differ a little.
   */
  marginMs?: number;
  /** Called when this replica becomes the leader: start the job. */
  onElected(): void;
  /**
   * Called when this replica stops being the leader (renewal refused, failed for too long, or
   * stop()): stop the job. stop() waits for a returned promise before it hands the lease over.
   */
  onDeposed(): void | Promise<void>;
  /** A lease statement failed (the database unreachable...): for the log; the election keeps trying. */
  onError?(err: unknown): void;
  /** Monotonic milliseconds (default performance.now): wall-clock jumps must not stretch a tenure. */
  now?: () => number;
}

/**
 * One replica's side of a leader election on a PostgreSQL lease: tries at once on start() and then
 * every retryMs; while it leads, renews every retryMs. It never believes it leads once its lease
 * could have run out: it records the local time each successful renewal was SENT (the server set
 * the expiry later than that, so sent + ttl is a lower bound of the real expiry) and steps down at
 * sent + ttl - margin, from a timer of its own, even when the database does not answer at all.
 */
export class LeaderElection {
  private readonly now: () => number;
  private readonly marginMs: number;
  private running = false;
  private leading = false;
  /** Local time (now()) until which the lease is certainly ours; meaningful while leading. */
  private validUntil = 0;
  private attemptTimer: NodeJS.Timeout | undefined;
  private stepDownTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(private readonly options: LeaderElectionOptions) {
    if (!(options.retryMs > 0 && options.ttlMs > options.retryMs)) throw new Error('LeaderElection: retryMs must be positive and below ttlMs');
    this.now = options.now ?? (() => performance.now());
    this.marginMs = options.marginMs ?? options.ttlMs / 5;
    if (this.marginMs >= options.ttlMs) throw new Error('LeaderElection: marginMs must be below ttlMs');
  }

  /** Whether this replica leads at this instant (false as soon as its tenure could have ended, even before the step-down timer ran). */
  get isLeader(): boolean {
    return this.leading && this.now() < this.validUntil;
  }

  /** Starts trying for the lease: at once, then every retryMs. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt();
  }

  /**
   * Stops trying, steps down (awaiting onDeposed) when leading, and releases the lease if it is
   * still ours, so the next replica takes over at once rather than after the expiry.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.attemptTimer);
    // Bounded waits: a database that no longer answers must not hang a shutdown; the lease then
    // simply runs out (ttlMs) and the next replica takes over after all.
    await within(this.inFlight, this.options.ttlMs);
    const wasLeading = this.leading;
    this.leading = false;
    clearTimeout(this.stepDownTimer);
    if (wasLeading) await this.options.onDeposed();
    // Released even when not leading: a renewal may have succeeded at the server while its answer
    // was lost. A lease no longer ours is left alone (the DELETE matches holder).
    try {
      await within(releaseLease(this.options.pool, this.options.name, this.options.holder), this.options.ttlMs);
    } catch (err) {
      this.options.onError?.(err);
    }
  }

  private attempt(): void {
    if (!this.running) return;
    this.inFlight = this.tryOnce().finally(() => {
      this.inFlight = undefined;
      // Scheduled after the attempt settles, never on an interval: a slow statement never has a second one queued behind it.
      if (this.running) this.attemptTimer = setTimeout(() => this.attempt(), this.options.retryMs).unref();
    });
  }

  private async tryOnce(): Promise<void> {
    const sentAt = this.now();
    let ours: boolean;
    try {
      ours = await tryAcquireLease(this.options.pool, this.options.name, this.options.holder, this.options.ttlMs / 1000);
    } catch (err) {
      this.options.onError?.(err);
      // The step-down timer deposes a leader that cannot renew; nothing else to do here.
      return;
    }
    if (!this.running) return;
    const until = sentAt + this.options.ttlMs - this.marginMs;
    if (ours && this.now() < until) {
      this.validUntil = until;
      this.armStepDown();
      if (!this.leading) {
        this.leading = true;
        this.options.onElected();
      }
    } else if (this.leading) {
      // Refused (another replica holds it: ours ran out), or granted so late that the tenure it
      // grants is already over locally: either way this replica must not go on leading.
      this.stepDown();
    }
  }

  private armStepDown(): void {
    clearTimeout(this.stepDownTimer);
    this.stepDownTimer = setTimeout(() => {
      if (this.leading && this.now() >= this.validUntil) this.stepDown();
      else if (this.leading) this.armStepDown();
    }, Math.max(0, this.validUntil - this.now())).unref();
  }

  private stepDown(): void {
    clearTimeout(this.stepDownTimer);
    this.leading = false;
    // Called at once (the job must stop now, its lease is running out), its promise not awaited.
    try {
      void Promise.resolve(this.options.onDeposed()).catch((err: unknown) => this.options.onError?.(err));
    } catch (err) {
      this.options.onError?.(err);
    }
  }
}

/** Waits for `promise` (its rejection passed on), but no longer than `ms`. */
async function within(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
