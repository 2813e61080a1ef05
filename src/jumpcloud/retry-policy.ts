// Retry as declared data plus pure functions (after gaxios and octokit's throttling plugin): the
// transport asks these functions what to do; nothing here does I/O or reads the clock itself.

/** How a call may be repeated when its outcome is unknown. */
export type RetryMode =
  /** Reads, PUT, DELETE, member add/remove, searches: repeating is harmless. */
  | 'idempotent'
  /** Creates: repeat an AMBIGUOUS failure only after checking it did not land. */
  | 'verify-before-retry'
  /** Side effects that cannot be checked (e.g. activation mails): repeat only when JumpCloud surely did not act. */
  | 'unambiguous-only';

/** The declared policy. */
export interface RetryPolicy {
  /** Statuses worth repeating. */
  retryableStatuses: readonly number[];
  /** Of those, the ones where JumpCloud did NOT act (safe for any method). */
  unprocessedStatuses: readonly number[];
  /** Network error codes worth repeating. */
  retryableErrorCodes: readonly string[];
  /** Of those, the ones where the request never reached JumpCloud. */
  unsentErrorCodes: readonly string[];
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Total time for all attempts and waits (SailPoint gives up at 60 s; stay well below). */
  totalBudgetMs: number;
  /** Backoff base: attempt n waits up to base * 2^(n-1). */
  baseDelayMs: number;
  /** Backoff cap for one wait. */
  maxDelayMs: number;
}

/** Defaults: JumpCloud's own module retries 5 times; 25 s keeps us inside SailPoint's 60 s timeout. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  retryableStatuses: Object.freeze([408, 429, 502, 503, 504]),
  unprocessedStatuses: Object.freeze([408, 429]),
  retryableErrorCodes: Object.freeze(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'SOCKET_HANG_UP']),
  unsentErrorCodes: Object.freeze(['ECONNREFUSED', 'EAI_AGAIN']),
  maxAttempts: 5,
  totalBudgetMs: 25_000,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
});

/** Merges overrides onto the defaults and checks the result makes sense. */
export function makeRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new Error('retry maxAttempts must be an integer >= 1');
  for (const key of ['totalBudgetMs', 'baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isFinite(policy[key]) || policy[key] < 0) throw new Error(`retry ${key} must be a number >= 0`);
  }
  return policy;
}

/** Clock, sleep and randomness, injectable so tests run in microseconds and deterministically. */
export interface RetryRuntime {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

/** The real clock. */
export const systemRuntime: RetryRuntime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** What one failed attempt looked like, reduced to what the policy needs. */
export type AttemptFailure = { status: number } | { errorCode: string };

/** How the policy sees a failure. */
export type FailureClass =
  /** Do not repeat. */
  | 'final'
  /** JumpCloud did not act: repeat for any method. */
  | 'unprocessed'
  /** JumpCloud may or may not have acted: repeat only what is idempotent, or after checking. */
  | 'ambiguous';

/** Classifies a failed attempt under the policy. */
export function classifyFailure(policy: RetryPolicy, failure: AttemptFailure): FailureClass {
  if ('status' in failure) {
    if (!policy.retryableStatuses.includes(failure.status)) return 'final';
    return policy.unprocessedStatuses.includes(failure.status) ? 'unprocessed' : 'ambiguous';
  }
  if (!policy.retryableErrorCodes.includes(failure.errorCode)) return 'final';
  return policy.unsentErrorCodes.includes(failure.errorCode) ? 'unprocessed' : 'ambiguous';
}

/**
 * Parses `Retry-After` (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date.
 * Returns milliseconds to wait (>= 0), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date always names a day or month; without letters it is a malformed number, not a date.
  if (!/[A-Za-z]/.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with FULL jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a uniform wait in [0, min(cap, base * 2^(retry-1))). `retry` counts from 1.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(ceiling * Math.min(Math.max(random, 0), 1));
}

/** The policy's answer after a retryable failure. */
export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: 'attempts' | 'budget' };

/**
 * Decides whether to try again after `attemptsMade` attempts, `elapsedMs` into the budget.
 * `Retry-After` wins over backoff; a wait that would end past the budget is not started.
 */
export function decideRetry(
  policy: RetryPolicy,
  state: { attemptsMade: number; elapsedMs: number; retryAfterMs: number | undefined; random: number },
): RetryDecision {
  if (state.attemptsMade >= policy.maxAttempts) return { retry: false, reason: 'attempts' };
  const delayMs = state.retryAfterMs ?? backoffDelayMs(policy, state.attemptsMade, state.random);
  if (state.elapsedMs + delayMs >= policy.totalBudgetMs) return { retry: false, reason: 'budget' };
  return { retry: true, delayMs };
}
