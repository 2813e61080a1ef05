import { Router, type RequestHandler } from 'express';
import type { EmulatorContext, RequestLog } from '../context';
import { sameSecret } from '../http/api-key-auth';
import { errorHandler } from '../http/error-handler';

/** What the front's controls act on. */
export interface FrontControlDeps {
  providerKey: string;
  /** Each organisation's context and whether it has a key of its own, in configuration order. */
  organizations: { id: string; ownKey: boolean; ctx: EmulatorContext }[];
  /** Requests no organisation was chosen for (refused by the front, or outside the API). */
  unrouted: RequestLog;
}

/**
 * The front's own controls, mounted at `/__emulator/front` and open to the provider key only
 * (an organisation's controls are its `/__emulator/...` routes, reached like its API):
 * - `GET /organizations`: `[{id, ownKey, users, groups, requests}]` (never a key);
 * - `POST /reset`: resets every organisation (`ctx.reset()`) and empties the unrouted log;
 * - `GET /unrouted`, `DELETE /unrouted`: the requests the front refused before choosing an
 *   organisation (no key, a wrong key, a bad `x-org-id`) or that were outside the API, with the
 *   same entries as an organisation's `GET /__emulator/requests`.
 */
export function frontControlRouter(deps: FrontControlDeps): Router {
  const router = Router();
  router.use(providerKeyOnly(deps.providerKey));
  router.get('/organizations', (_req, res) => {
    res.json(
      deps.organizations.map(({ id, ownKey, ctx }) => ({
        id,
        ownKey,
        users: ctx.users.count(),
        groups: ctx.groups.count(),
        requests: ctx.requests.count(),
      })),
    );
  });
  router.post('/reset', (_req, res) => {
    for (const { ctx } of deps.organizations) ctx.reset();
    deps.unrouted.clear();
    res.status(204).end();
  });
  router.get('/unrouted', (_req, res) => {
    res.json(deps.unrouted.list());
  });
  router.delete('/unrouted', (_req, res) => {
    deps.unrouted.clear();
    res.status(204).end();
  });
  router.use(errorHandler());
  return router;
}

function providerKeyOnly(providerKey: string): RequestHandler {
  return (req, res, next) => {
    const key = req.get('x-api-key');
    if (key === undefined || key === '' || !sameSecret(key, providerKey)) {
      res.status(401).json({ error: 'Unauthorized', message: 'The front controls need the provider key' });
      return;
    }
    next();
  };
}
