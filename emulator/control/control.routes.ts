import { Router } from 'express';
import type { EmulatorContext, RecordedRequest, SeedDocument } from '../context';
import { errorHandler } from '../http/error-handler';
import { badRequest } from '../http/http-errors';
import { jsonBody, SEED_BODY_LIMIT } from '../http/json-body';
import type { EventLog } from '../insights/event-log';
import type { FaultInjector } from './faults';

/**
 * The emulator's test control surface, mounted at `/__emulator` (same API key, never faulted):
 * reset, seed, the request log, fault rules and stats. `/__emulator/users` belongs to the users
 * part and is mounted separately.
 */
export function controlRouter(ctx: EmulatorContext, deps: { faults: FaultInjector; events: EventLog }): Router {
  const router = Router();
  // A no-op when the app already parsed the body (seeds may be large).
  router.use(jsonBody(SEED_BODY_LIMIT));

  router.post('/reset', (_req, res) => {
    ctx.reset();
    res.status(204).end();
  });

  router.post('/seed', (req, res) => {
    const doc: unknown = req.body;
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      throw badRequest('the seed must be a JSON object {users?, groups?, generate?}');
    }
    res.json(ctx.seed(doc as SeedDocument));
  });

  router.get('/requests', (req, res) => {
    const method = single(req.query.method, 'method')?.toUpperCase();
    const path = single(req.query.path, 'path');
    const matches = (entry: RecordedRequest) =>
      (method === undefined || entry.method === method) && (path === undefined || entry.path.startsWith(path));
    res.json(ctx.requests.list().filter(matches));
  });

  router.delete('/requests', (_req, res) => {
    ctx.requests.clear();
    res.status(204).end();
  });

  router.get('/faults', (_req, res) => {
    res.json(deps.faults.list());
  });

  router.post('/faults', (req, res) => {
    res.status(201).json(deps.faults.add(rulesOf(req.body)));
  });

  router.put('/faults', (req, res) => {
    res.json(deps.faults.set(rulesOf(req.body)));
  });

  router.delete('/faults', (_req, res) => {
    deps.faults.clear();
    res.status(204).end();
  });

  router.get('/stats', (_req, res) => {
    res.json({
      users: ctx.users.count(),
      groups: ctx.groups.count(),
      events: deps.events.count(),
      requests: ctx.requests.count(),
      memory: process.memoryUsage(),
      // ru_maxrss is in kilobytes on Linux.
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    });
  });

  router.use(errorHandler());
  return router;
}

/** A fault body: one rule, a list of rules, or `{rules: [...]}`. */
function rulesOf(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && Array.isArray((body as { rules?: unknown }).rules)) {
    return (body as { rules: unknown[] }).rules;
  }
  if (body !== null && typeof body === 'object') return [body];
  throw badRequest('send a fault rule, a list of rules or {"rules": [...]}');
}

function single(raw: unknown, name: string): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest(`${name} must be given once`);
  return raw;
}
