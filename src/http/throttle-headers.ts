import type { Response } from 'express';

/**
 * The rate-limit headers SailPoint's SCIM connector reads to back off (CLIENTS.md). The bridge's
 * budget is the number of requests a client may have in flight at once, so:
 * - `x-rate-limit-limit`: that number (SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT);
 * - `x-rate-limit-remaining`: what is left of it once this request is counted (0 when refused);
 * - `x-rate-limit-reset`: when to try again, in epoch seconds (only on refusals);
 * - `x-rate-limit-retry-after-seconds`: the same as `Retry-After` (only on refusals).
 */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Seconds to wait; absent on a served request. */
  retryAfterSeconds?: number;
}

/** Sets the x-rate-limit-* headers (`now` in epoch ms, for the reset time). */
export function setRateLimitHeaders(res: Response, state: RateLimitState, now: number = Date.now()): void {
  res.setHeader('x-rate-limit-limit', String(state.limit));
  res.setHeader('x-rate-limit-remaining', String(Math.max(0, state.remaining)));
  if (state.retryAfterSeconds !== undefined) {
    const seconds = Math.max(1, Math.ceil(state.retryAfterSeconds));
    res.setHeader('x-rate-limit-reset', String(Math.ceil(now / 1000) + seconds));
    res.setHeader('x-rate-limit-retry-after-seconds', String(seconds));
  }
}
