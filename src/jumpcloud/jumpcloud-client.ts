import { ConcurrencyLimit } from './concurrency-limit';
import { GroupsApi, MembersApi } from './groups-api';
import { InsightsApi } from './insights-api';
import { resolveEndpoints, type JumpCloudEndpoints, type JumpCloudRegion } from './regions';
import { makeRetryPolicy, systemRuntime, type RetryPolicy, type RetryRuntime } from './retry-policy';
import { Transport, type CallEvent, type JumpCloudLogger, type RetryWaitEvent } from './transport';
import { UsersApi } from './users-api';

/** How to reach one JumpCloud org. */
export interface JumpCloudClientOptions {
  /** Region hosts (default `us`); ignored when `baseUrl` is set. */
  region?: JumpCloudRegion;
  /** One origin for console AND insights paths, e.g. the emulator's `http://127.0.0.1:8089`. */
  baseUrl?: string;
  /** Sent as `x-api-key`; never logged, never put in an error. */
  apiKey: string;
  /** Sent as `x-org-id` for multi-tenant admin keys. */
  orgId?: string;
  /** Per-attempt timeout (default 10 s; never longer than what is left of the retry budget). */
  timeoutMs?: number;
  /** Overrides of the retry policy (attempts, budget, backoff, statuses). */
  retry?: Partial<RetryPolicy>;
  /** Concurrent calls to this org (default 10), or a limiter shared with other clients of the org. */
  concurrency?: number | ConcurrencyLimit;
  logger?: JumpCloudLogger;
  /** Called after every attempt (for metrics). Must not throw. */
  onCall?: (event: CallEvent) => void;
  /** Called before each wait between attempts (Retry-After or backoff), for metrics. Must not throw. */
  onRetryWait?: (event: RetryWaitEvent) => void;
  /** Deadline (epoch ms) of the work a call serves (the SCIM request), read at each call. */
  requestDeadline?: () => number | undefined;
  /** Clock, sleep and randomness for tests. */
  runtime?: RetryRuntime;
}

/** Default concurrent calls per org: JumpCloud publishes no limit, so a modest guess, tunable by config. */
export const DEFAULT_CONCURRENCY = 10;
/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The bridge's typed JumpCloud client for one org: v1 users, v2 groups and members, Directory
 * Insights events, over one transport that owns auth, retries and the concurrency limit.
 */
export class JumpCloudClient {
  readonly users: UsersApi;
  readonly groups: GroupsApi;
  readonly members: MembersApi;
  readonly events: InsightsApi;
  readonly endpoints: JumpCloudEndpoints;
  readonly retryPolicy: RetryPolicy;
  /** The org's concurrency limit (for queue-length metrics). */
  readonly limit: ConcurrencyLimit;

  /** Validates the options and builds the transport; throws on a missing key or bad base URL. */
  constructor(options: JumpCloudClientOptions) {
    if (typeof options.apiKey !== 'string' || options.apiKey.trim() === '') throw new Error('JumpCloud API key is required');
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error('JumpCloud timeoutMs must be a positive number');
    this.endpoints = resolveEndpoints({ region: options.region, baseUrl: options.baseUrl });
    this.retryPolicy = makeRetryPolicy(options.retry);
    this.limit = options.concurrency instanceof ConcurrencyLimit ? options.concurrency : new ConcurrencyLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
    const runtime = options.runtime ?? systemRuntime;
    const transport = new Transport({
      endpoints: this.endpoints,
      apiKey: options.apiKey,
      orgId: options.orgId,
      timeoutMs,
      retry: this.retryPolicy,
      runtime,
      limit: this.limit,
      logger: options.logger,
      onCall: options.onCall,
      onRetryWait: options.onRetryWait,
      requestDeadline: options.requestDeadline,
    });
    // Per-id reads may take half the org's slots, so a page of them does not starve other requests.
    this.users = new UsersApi(transport, Math.max(1, Math.floor(this.limit.max / 2)));
    // The group create's verify compares ObjectId creation times with this clock.
    this.groups = new GroupsApi(transport, () => runtime.now());
    this.members = new MembersApi(transport);
    this.events = new InsightsApi(transport);
  }
}
