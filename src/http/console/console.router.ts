import express, { Router, type RequestHandler } from 'express';
import { plainJsonErrors } from '../error.middleware';
import type { ConsoleAccess } from './console-access';
import { consoleHeaders } from './console-headers';
import { consoleSessionOf, consoleSessionRoutes, requireConsoleSession } from './console-session.routes';
import { ConsoleSessions, type ConsoleSessionTimeouts } from './console-sessions';
import { consoleStaticRoutes } from './console-static.routes';

/** Where the console is served. */
export const CONSOLE_BASE_PATH = '/console';

/**
 * The console's data routes (overview, events, people, drift, pending activations): one set for a
 * bridge without tenants, at `/console/api/...`; with TENANTS_FILE one set per tenant, at
 * `/console/api/tenants/<id>/...` (looked up per request: a reload swaps tenants).
 */
export type ConsoleData = { routes: Router } | { tenant(id: string): Router | undefined };

export interface ConsoleRouterDependencies {
  /** Who may sign in, and what each sign-in may see. */
  access: ConsoleAccess;
  data: ConsoleData;
  /** The built console (`dist/console/`: index.html and its assets). */
  staticDir: string;
  /** True when the bridge itself serves TLS: the cookie is then `Secure`. */
  tls: boolean;
  /** Epoch ms now (tests inject a clock to reach the expiries). */
  now: () => number;
  /** CONSOLE_SESSION_IDLE_SECONDS and CONSOLE_SESSION_MAX_SECONDS (default 15 min and 8 h). */
  timeouts?: ConsoleSessionTimeouts;
}

/**
 * `/tenants/:tenant/...` to that tenant's data routes when the session may see it. A tenant the
 * session may not see and one that does not exist get the same 404, so a tenant's operator learns
 * nothing of the other tenants.
 */
function tenantDataRoutes(access: ConsoleAccess, tenant: (id: string) => Router | undefined): Router {
  const pick: RequestHandler = (req, res, next) => {
    const id = req.params.tenant as string;
    const visible = access.tenantsOf(consoleSessionOf(res).grant) ?? [];
    const routes = visible.includes(id) ? tenant(id) : undefined;
    if (!routes) {
      res.status(404).json({ error: 'no_such_tenant', detail: 'This session sees no tenant of that name: choose one from the tenant picker.' });
      return;
    }
    routes(req, res, next);
  };
  return Router().use('/tenants/:tenant', pick);
}

/**
 * Everything under /console: its own security headers (CSP allowing its script), the static
 * page, then `/api`: sign-in/out and, behind the session (and CSRF for writes), the data routes.
 * Errors are plain JSON like the admin API's. Mounted only when an admin token is configured.
 */
export function consoleRouter(deps: ConsoleRouterDependencies): Router {
  const sessions = new ConsoleSessions(deps.now, deps.timeouts);
  const api = Router();
  api.use(express.json({ limit: '16kb' }));
  api.use(consoleSessionRoutes({ sessions, access: deps.access, secure: deps.tls, now: deps.now }));
  api.use(requireConsoleSession(sessions, deps.access, deps.tls));
  api.use('routes' in deps.data ? deps.data.routes : tenantDataRoutes(deps.access, deps.data.tenant));

  const router = Router();
  router.use(consoleHeaders());
  router.use(plainJsonErrors());
  router.use(consoleStaticRoutes(deps.staticDir));
  router.use('/api', api);
  return router;
}
