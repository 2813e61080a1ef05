import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';

const storage = new AsyncLocalStorage<{ deadline: number }>();

/**
 * Gives each SCIM request a deadline (epoch ms) visible across awaits, so that the JumpCloud calls
 * it makes (`currentRequestDeadline`, read by the JumpCloud client) share one time budget and the
 * answer - a 503 with Retry-After at worst - leaves before the client's own timeout (SailPoint:
 * 60 s). Mount after auth.
 */
export function requestDeadline(ms: number, now: () => number = Date.now): RequestHandler {
  return (_req, _res, next) => {
    storage.run({ deadline: now() + ms }, () => next());
  };
}

/** The deadline of the SCIM request being served, or undefined outside one. */
export function currentRequestDeadline(): number | undefined {
  return storage.getStore()?.deadline;
}
