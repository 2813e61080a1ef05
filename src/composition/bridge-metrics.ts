import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallEvent, ConcurrencyLimit, RetryWaitEvent } from '../jumpcloud';
import type { AuditRecord } from '../lifecycle/audit-record';
import { createScimRequestMetrics, type ScimRequestMetrics } from '../http/metrics.middleware';
import type { ThrottleGate } from '../http/throttle-gate';

/** JumpCloud call latency buckets in seconds (one attempt; the per-attempt timeout is 15 s by default). */
const CALL_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30];

/**
 * Every metric of one bridge, on its OWN registry (never prom-client's global one: two bridges in
 * one process, as in tests, must not share or clash). Labels are route templates, methods,
 * statuses, event types and outcomes: never ids, userNames, filters or credentials.
 */
export class BridgeMetrics {
  readonly registry = new Registry();
  readonly scim: ScimRequestMetrics;
  private readonly calls: Counter<'method' | 'endpoint' | 'status'>;
  private readonly callDuration: Histogram<'method' | 'endpoint'>;
  private readonly retries: Counter<'method' | 'endpoint'>;
  private readonly rateLimited: Counter<'method' | 'endpoint'>;
  private readonly waitSeconds: Counter<'reason'>;
  private readonly waits: Counter<'reason'>;
  private readonly queueWait: Histogram;
  private readonly lifecycle: Counter<'type' | 'resource_type' | 'outcome'>;

  /**
   * @param options.processMetrics also export prom-client's process metrics (CPU, memory, event loop lag).
   * @param options.tenant the tenant (TENANTS_FILE) whose bridge this is: a `tenant` label on every series,
   * bounded by the tenants file, so the per-tenant registries merge into one /metrics.
   */
  constructor(options: { processMetrics?: boolean; tenant?: string } = {}) {
    const registers = [this.registry];
    if (options.tenant !== undefined) this.registry.setDefaultLabels({ tenant: options.tenant });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'scim_bridge_' });
    this.scim = createScimRequestMetrics(this.registry);
    this.calls = new Counter({
      name: 'scim_bridge_jumpcloud_calls_total',
      help: 'JumpCloud HTTP attempts (each retry counts), by method, endpoint (route template) and status (no_answer: timeout or connection failure).',
      labelNames: ['method', 'endpoint', 'status'] as const,
      registers,
    });
    this.callDuration = new Histogram({
      name: 'scim_bridge_jumpcloud_call_duration_seconds',
      help: 'Duration of one JumpCloud HTTP attempt, by method and endpoint (route template).',
      labelNames: ['method', 'endpoint'] as const,
      buckets: CALL_BUCKETS,
      registers,
    });
    this.retries = new Counter({
      name: 'scim_bridge_jumpcloud_retries_total',
      help: 'JumpCloud attempts that were retries of a failed attempt, by method and endpoint.',
      labelNames: ['method', 'endpoint'] as const,
      registers,
    });
    this.rateLimited = new Counter({
      name: 'scim_bridge_jumpcloud_rate_limited_total',
      help: 'JumpCloud answers 429 Too Many Requests, by method and endpoint.',
      labelNames: ['method', 'endpoint'] as const,
      registers,
    });
    this.waitSeconds = new Counter({
      name: 'scim_bridge_jumpcloud_retry_wait_seconds_total',
      help: 'Time spent waiting before JumpCloud retries: retry_after (JumpCloud said how long, e.g. rate limiting) or backoff (the bridge\'s exponential backoff).',
      labelNames: ['reason'] as const,
      registers,
    });
    this.waits = new Counter({
      name: 'scim_bridge_jumpcloud_retry_waits_total',
      help: 'Waits before JumpCloud retries, by reason (retry_after or backoff).',
      labelNames: ['reason'] as const,
      registers,
    });
    this.queueWait = new Histogram({
      name: 'scim_bridge_jumpcloud_queue_wait_seconds',
      help: 'Time a JumpCloud attempt waited for a slot under JUMPCLOUD_CONCURRENCY.',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30],
      registers,
    });
    this.lifecycle = new Counter({
      name: 'scim_bridge_lifecycle_events_total',
      help: 'Lifecycle events journaled (joiner, mover, leaver, entitlement ...), by event type, resource type and outcome (succeeded, failed, dry_run, interrupted).',
      labelNames: ['type', 'resource_type', 'outcome'] as const,
      registers,
    });
  }

  /** The JumpCloud client's `onCall` hook: one attempt. */
  readonly observeCall = (event: CallEvent): void => {
    const labels = { method: event.method, endpoint: event.route };
    this.calls.inc({ ...labels, status: event.status === undefined ? 'no_answer' : String(event.status) });
    this.callDuration.observe(labels, event.durationMs / 1000);
    this.queueWait.observe(event.waitedMs / 1000);
    if (event.attempt > 1) this.retries.inc(labels);
    if (event.status === 429) this.rateLimited.inc(labels);
  };

  /** The JumpCloud client's `onRetryWait` hook: one wait before a retry. */
  readonly observeRetryWait = (event: RetryWaitEvent): void => {
    const reason = event.reason === 'retry-after' ? 'retry_after' : 'backoff';
    this.waits.inc({ reason });
    this.waitSeconds.inc({ reason }, event.delayMs / 1000);
  };

  /** The audit journal's observer: counts settled (and interrupted) records; never reads names or ids. */
  readonly observeAuditRecords = (records: readonly AuditRecord[]): void => {
    for (const record of records) this.lifecycle.inc({ type: record.type, resource_type: record.resourceType, outcome: record.outcome });
  };

  /** Exports the JumpCloud concurrency queue (read at scrape time). */
  watchConcurrency(limit: ConcurrencyLimit): void {
    new Gauge({
      name: 'scim_bridge_jumpcloud_concurrency_active',
      help: 'JumpCloud calls in flight now.',
      registers: [this.registry],
      collect() {
        this.set(limit.active);
      },
    });
    new Gauge({
      name: 'scim_bridge_jumpcloud_concurrency_queued',
      help: 'JumpCloud calls waiting for a slot under JUMPCLOUD_CONCURRENCY.',
      registers: [this.registry],
      collect() {
        this.set(limit.queued);
      },
    });
    new Gauge({
      name: 'scim_bridge_jumpcloud_concurrency_limit',
      help: 'JUMPCLOUD_CONCURRENCY: most JumpCloud calls in flight at once.',
      registers: [this.registry],
      collect() {
        this.set(limit.max);
      },
    });
  }

  /** Exports the upstream throttle gate (read at scrape time). */
  /**
   * The change feed (issue 6): open drift (outside changes to owned attributes not yet overwritten),
   * which feed runs, how far behind it is, and its consecutive failures.
   */
  watchChangeFeed(feed: { status(): { mode: string; lagSeconds?: number; consecutiveFailures: number } }, openDrift: () => Promise<number>): void {
    new Gauge({
      name: 'scim_bridge_drift_open',
      help: 'Changes made outside the bridge to attributes it owns, not yet overwritten by the SCIM client.',
      registers: [this.registry],
      async collect() {
        this.set(await openDrift());
      },
    });
    new Gauge({
      name: 'scim_bridge_changefeed_lag_seconds',
      help: 'Seconds since the last successful change-feed run started, by the feed that runs (insights or scan).',
      labelNames: ['mode'] as const,
      registers: [this.registry],
      collect() {
        const status = feed.status();
        this.reset();
        this.set({ mode: status.mode }, status.lagSeconds ?? 0);
      },
    });
    new Gauge({
      name: 'scim_bridge_changefeed_consecutive_failures',
      help: 'Change-feed runs that failed in a row (0 after a success).',
      registers: [this.registry],
      collect() {
        this.set(feed.status().consecutiveFailures);
      },
    });
  }

  watchGate(gate: ThrottleGate): void {
    new Gauge({
      name: 'scim_bridge_upstream_pushback_hold_seconds',
      help: 'Seconds left during which SCIM requests are answered 429/503 at once because JumpCloud pushed back (0: requests go through).',
      labelNames: ['kind'] as const,
      registers: [this.registry],
      collect() {
        const state = gate.state();
        this.reset();
        if (state) this.set({ kind: state.kind }, state.retryAfterSeconds);
        else this.set({ kind: 'none' }, 0);
      },
    });
  }
}
