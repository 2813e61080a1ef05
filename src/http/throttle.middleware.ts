import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ScimError } from '../scim/scim-error';
import { scimRouteTemplate } from './metrics-route-template';
import type { GateState, ThrottleGate } from './throttle-gate';
import { setRateLimitHeaders } from './throttle-headers';

/** Detail of a 429 while JumpCloud rate limits the bridge: fixed text, since SailPoint matches on it. */
export const UPSTREAM_RATE_LIMITED_DETAIL = 'JumpCloud is rate limiting the bridge; retry after the delay in Retry-After.';
/** Detail of a 503 while JumpCloud fails: the same words as mapping/upstream-error.ts, so clients match one text. */
export const UPSTREAM_UNAVAILABLE_DETAIL = 'JumpCloud is unavailable or rate limiting the bridge; retry later.';

/** Endpoints served from memory, never from JumpCloud: they stay up while JumpCloud pushes back (SailPoint's Test Connection uses them). */
const LOCAL_ROUTES = new Set(['/ServiceProviderConfig', '/ServiceProviderConfigs', '/ResourceTypes', '/ResourceTypes/{name}', '/Schemas', '/Schemas/{urn}', '/Me']);

/** Marks a response answered by the short-circuit. */
const SHORT_CIRCUITED = 'upstreamShortCircuited';

function errorFor(state: GateState): ScimError {
  return state.kind === 'rate-limited'
    ? ScimError.status(429, UPSTREAM_RATE_LIMITED_DETAIL, { retryAfterSeconds: state.retryAfterSeconds })
    : ScimError.status(503, UPSTREAM_UNAVAILABLE_DETAIL, { retryAfterSeconds: state.retryAfterSeconds });
}

/**
 * While the gate is shut, answers every SCIM request that would reach JumpCloud at once: 429
 * (JumpCloud rate limiting) or 503 (JumpCloud failing) with Retry-After and the x-rate-limit-*
 * headers, instead of adding calls to the pushback. Mount after auth (and after the per-client
 * limit, whose `limit` it reports).
 */
export function upstreamShortCircuit(gate: ThrottleGate, options: { limit: number; onReject?: () => void }): RequestHandler {
  return (req, res, next) => {
    const state = gate.state();
    if (!state || LOCAL_ROUTES.has(scimRouteTemplate(req.path))) {
      next();
      return;
    }
    options.onReject?.();
    res.locals[SHORT_CIRCUITED] = true;
    setRateLimitHeaders(res, { limit: options.limit, remaining: 0, retryAfterSeconds: state.retryAfterSeconds });
    next(errorFor(state));
  };
}

/**
 * Turns a request that gave up on JumpCloud (the upstream mapping's 503 with Retry-After, after
 * the client's retries) into the answer SailPoint understands, and shuts the gate for that long:
 * 429 when JumpCloud was rate limiting, 503 when it was failing, with the x-rate-limit-* headers.
 * Mount on the SCIM base path, before the one error middleware, which renders the result.
 */
export function upstreamPushbackErrors(gate: ThrottleGate, options: { limit: number }): ErrorRequestHandler {
  return (err, _req, res, next) => {
    // A short-circuit answer is the gate's own: tripping again on it would extend the hold forever.
    if (!(err instanceof ScimError) || err.status !== 503 || err.retryAfterSeconds === undefined || res.headersSent || res.locals[SHORT_CIRCUITED] === true) {
      next(err);
      return;
    }
    const state = gate.trip(err.retryAfterSeconds);
    setRateLimitHeaders(res, { limit: options.limit, remaining: 0, retryAfterSeconds: state.retryAfterSeconds });
    next(errorFor(state));
  };
}
