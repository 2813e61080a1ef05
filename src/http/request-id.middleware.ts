import type { RequestHandler } from 'express';
import { requestIdFrom, runWithRequestContext } from '../logging/request-context';

/**
 * Takes the caller's `x-request-id` (or makes one), echoes it, and makes it visible to every log
 * line written while the request is served, across awaits (AsyncLocalStorage).
 */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const id = requestIdFrom(req.headers['x-request-id']);
    res.locals.requestId = id;
    res.setHeader('x-request-id', id);
    runWithRequestContext({ requestId: id }, () => next());
  };
}
