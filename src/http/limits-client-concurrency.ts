import type { RequestHandler } from 'express';
import { ScimError } from '../scim/scim-error';
import { setRateLimitHeaders } from './throttle-headers';

/** Seconds a refused client is told to wait: one in-flight request of the same client will have finished by then in the common case. */
export const CONCURRENCY_RETRY_AFTER_SECONDS = 1;

/** Requests in flight per client label (the auth label: `bearer#1`, `basic:<user>`, never a secret). */
export class ClientConcurrency {
  private readonly inFlight = new Map<string, number>();

  /** At most `limit` requests per client at once (an integer >= 1). */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('per-client concurrency must be an integer >= 1');
  }

  /** Counts a request in; returns what is left of the client's budget, or undefined when it is spent (nothing counted). */
  tryEnter(client: string): number | undefined {
    const current = this.inFlight.get(client) ?? 0;
    if (current >= this.limit) return undefined;
    this.inFlight.set(client, current + 1);
    return this.limit - current - 1;
  }

  /** Counts a request out. */
  leave(client: string): void {
    const current = this.inFlight.get(client) ?? 0;
    // Deleted at zero so the map holds only clients with requests in flight.
    if (current <= 1) this.inFlight.delete(client);
    else this.inFlight.set(client, current - 1);
  }

  /** Requests the client has in flight. */
  count(client: string): number {
    return this.inFlight.get(client) ?? 0;
  }
}

/** Options of `clientConcurrencyLimit`. */
export interface ClientConcurrencyLimitOptions {
  /** Called for each refused request (metrics). */
  onReject?: () => void;
  /**
   * Longest a slot stays taken after the client went away while its request is still being
   * served: the request deadline (SCIM_REQUEST_DEADLINE_MS), past which the request's JumpCloud
   * work has stopped anyway. Only a safety net against a handler that never ends its response.
   */
  holdAfterCloseMs: number;
}

/**
 * Limits the SCIM requests one authenticated client has in flight (mount after auth). One too
 * many is a 429 with Retry-After and the x-rate-limit-* headers, at once, without queueing: a
 * queued request would hold its connection towards the client's timeout. Every admitted request
 * carries x-rate-limit-limit and x-rate-limit-remaining.
 *
 * A slot is held until the bridge has ended its response (`end`, or `destroy` after a failure
 * mid-answer), not until the connection closes: a request whose client went away goes on calling
 * JumpCloud, and a client aborting slow requests in a loop must not get more of that work running
 * than its limit (issue 12, finding 2).
 */
export function clientConcurrencyLimit(limiter: ClientConcurrency, options: ClientConcurrencyLimitOptions): RequestHandler {
  return (_req, res, next) => {
    const client = typeof res.locals.client === 'string' ? res.locals.client : 'anonymous';
    const remaining = limiter.tryEnter(client);
    if (remaining === undefined) {
      options.onReject?.();
      setRateLimitHeaders(res, { limit: limiter.limit, remaining: 0, retryAfterSeconds: CONCURRENCY_RETRY_AFTER_SECONDS });
      next(
        ScimError.status(429, `Too many concurrent requests from this client: at most ${limiter.limit} may be in flight at once; retry after the delay in Retry-After.`, {
          retryAfterSeconds: CONCURRENCY_RETRY_AFTER_SECONDS,
        }),
      );
      return;
    }
    let left = false;
    let safetyNet: NodeJS.Timeout | undefined;
    const leave = (): void => {
      if (left) return;
      left = true;
      clearTimeout(safetyNet);
      limiter.leave(client);
    };
    // Every way the bridge finishes a response goes through one of these two (send/json call end).
    const end = res.end.bind(res);
    const destroy = res.destroy.bind(res);
    res.end = ((...args: Parameters<typeof res.end>) => {
      leave();
      return end(...args);
    }) as typeof res.end;
    res.destroy = ((error?: Error) => {
      leave();
      return destroy(error);
    }) as typeof res.destroy;
    res.once('finish', leave);
    res.once('close', () => {
      if (left) return;
      safetyNet = setTimeout(leave, options.holdAfterCloseMs);
      safetyNet.unref();
    });
    setRateLimitHeaders(res, { limit: limiter.limit, remaining });
    next();
  };
}
