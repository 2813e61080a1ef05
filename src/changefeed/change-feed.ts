import { JumpCloudError } from '../jumpcloud';
import type { Logger } from '../logging/logger';
import type { InsightsPoller, PollResult } from './insights-poller';
import type { ReconciliationScan, ScanResult } from './reconciliation-scan';

/** CHANGEFEED_MODE: which feed runs (`auto`: Directory Insights, the scan when DI refuses the key). */
export type ChangeFeedMode = 'auto' | 'insights' | 'scan' | 'off';
/** The feed actually running. */
export type ActiveFeed = 'insights' | 'scan' | 'off';

/** What /readyz (and /metrics) report about the change feed. */
export interface ChangeFeedStatus {
  configuredMode: ChangeFeedMode;
  mode: ActiveFeed;
  /** Why `auto` runs the scan (Directory Insights refused the key). */
  fallbackReason?: string;
  /** Seconds between the start of the last successful run and now: how far behind the feed may be. */
  lagSeconds?: number;
  lastSuccessAt?: string;
  lastAttemptAt?: string;
  /** The last run's failure, in operator words (cleared by a success). */
  lastError?: string;
  consecutiveFailures: number;
  /** Events applied (insights) or changes found (scan) since start. */
  applied: number;
  runs: number;
}

export interface ChangeFeedOptions {
  mode: ChangeFeedMode;
  poller?: InsightsPoller;
  scan?: ReconciliationScan;
  /** Between two Directory Insights polls. */
  pollIntervalMs: number;
  /** Between two reconciliation scans. */
  scanIntervalMs: number;
  logger?: Logger;
  now?: () => Date;
}

/** What one run of the active feed did. */
export type RunResult = { feed: 'insights'; poll: PollResult } | { feed: 'scan'; scan: ScanResult } | { feed: 'off' };

/**
 * Runs the change feed on a timer: Directory Insights polls every `pollIntervalMs`, or the
 * reconciliation scan every `scanIntervalMs`. Runs never overlap (the next one is scheduled when
 * the current one ends, and `runOnce` during a run joins it); a failed run is logged and retried
 * at the next interval, never thrown at the process; `stop()` waits for the current run.
 * In `auto`, a 401/403 from Directory Insights (a key without DI access) switches to the scan for
 * the rest of the process's life, so events and scans never both apply the same change.
 */
export class ChangeFeed {
  private active: ActiveFeed;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<RunResult> | undefined;
  private stopped = true;
  private readonly startedAt: Date;
  private readonly now: () => Date;
  private readonly state: Omit<ChangeFeedStatus, 'configuredMode' | 'mode' | 'lagSeconds'> = { consecutiveFailures: 0, applied: 0, runs: 0 };

  constructor(private readonly options: ChangeFeedOptions) {
    this.now = options.now ?? (() => new Date());
    this.startedAt = this.now();
    this.active = options.mode === 'auto' ? 'insights' : options.mode;
    if (this.active === 'insights' && !options.poller) throw new Error('change feed: the insights mode needs a poller');
    if ((this.active === 'scan' || options.mode === 'auto') && !options.scan) throw new Error(`change feed: the ${options.mode} mode needs a reconciliation scan`);
  }

  /** The feed running now. */
  get mode(): ActiveFeed {
    return this.active;
  }

  /** Starts the timer (a first run right away). No-op when the mode is off. */
  start(): void {
    if (this.active === 'off' || !this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for the run in progress, if any. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.current) await this.current.catch(() => undefined);
  }

  /**
   * One run of the active feed now (joins the run in progress instead of overlapping it).
   * Failures are logged and reported in `status()`, and rethrown to the caller (tests, CLI).
   */
  runOnce(): Promise<RunResult> {
    if (this.current) return this.current;
    const run = this.run().finally(() => {
      if (this.current === run) this.current = undefined;
    });
    this.current = run;
    return run;
  }

  /** The status /readyz reports. */
  status(): ChangeFeedStatus {
    const since = this.state.lastSuccessAt ? Date.parse(this.state.lastSuccessAt) : this.startedAt.getTime();
    return {
      configuredMode: this.options.mode,
      mode: this.active,
      ...this.state,
      ...(this.active === 'off' ? {} : { lagSeconds: Math.max(0, Math.round((this.now().getTime() - since) / 1000)) }),
    };
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.runOnce()
        .catch(() => undefined)
        .finally(() => this.schedule(this.active === 'scan' ? this.options.scanIntervalMs : this.options.pollIntervalMs));
    }, delayMs);
    // The feed never keeps the process alive on its own.
    this.timer.unref();
  }

  private async run(): Promise<RunResult> {
    const attemptAt = this.now();
    this.state.lastAttemptAt = attemptAt.toISOString();
    try {
      const result = await this.runActive();
      this.state.runs += 1;
      this.state.lastSuccessAt = attemptAt.toISOString();
      this.state.consecutiveFailures = 0;
      delete this.state.lastError;
      if (result.feed === 'insights') this.state.applied += result.poll.applied;
      if (result.feed === 'scan') this.state.applied += result.scan.changed;
      return result;
    } catch (err) {
      this.state.consecutiveFailures += 1;
      this.state.lastError = describe(err);
      this.options.logger?.warn('change feed run failed; retrying at the next interval', { feed: this.active, error: this.state.lastError, consecutiveFailures: this.state.consecutiveFailures });
      throw err;
    }
  }

  private async runActive(): Promise<RunResult> {
    if (this.active === 'off') return { feed: 'off' };
    if (this.active === 'scan') return { feed: 'scan', scan: await (this.options.scan as ReconciliationScan).scanOnce() };
    try {
      return { feed: 'insights', poll: await (this.options.poller as InsightsPoller).pollOnce() };
    } catch (err) {
      if (this.options.mode === 'auto' && err instanceof JumpCloudError && (err.status === 401 || err.status === 403)) {
        this.active = 'scan';
        this.state.fallbackReason = `Directory Insights refused the API key (HTTP ${err.status}); the reconciliation scan runs instead`;
        this.options.logger?.warn('change feed: Directory Insights is not available to the API key; falling back to the reconciliation scan', { status: err.status });
        return { feed: 'scan', scan: await (this.options.scan as ReconciliationScan).scanOnce() };
      }
      throw err;
    }
  }
}

/** A failure in operator words (JumpCloud's own text never reaches the status). */
function describe(err: unknown): string {
  if (err instanceof JumpCloudError) return err.status !== undefined ? `JumpCloud answered HTTP ${err.status} (${err.kind})` : `JumpCloud is unreachable (${err.kind})`;
  return err instanceof Error ? err.message : String(err);
}
