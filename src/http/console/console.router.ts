import express, { Router } from 'express';
import { plainJsonErrors } from '../error.middleware';
import { consoleApiRoutes, type ConsoleApiProviders } from './console-api.routes';
import { consoleHeaders } from './console-headers';
import { consoleSessionRoutes, requireConsoleSession } from './console-session.routes';
import { ConsoleSessions, type ConsoleSessionTimeouts } from './console-sessions';
import { consoleStaticRoutes } from './console-static.routes';

/** Where the console is served. */
export const CONSOLE_BASE_PATH = '/console';

export interface ConsoleRouterDependencies extends ConsoleApiProviders {
  /** The admin token(s) a sign-in accepts (ADMIN_TOKEN, or a tenant's plus the provider-wide one). */
  adminTokens: readonly string[];
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
 * Everything under /console: its own security headers (CSP allowing its script), the static
 * page, then `/api`: sign-in/out and, behind the session (and CSRF for writes), the data routes.
 * Errors are plain JSON like the admin API's. Mounted only when an admin token is configured.
 */
export function consoleRouter(deps: ConsoleRouterDependencies): Router {
  const sessions = new ConsoleSessions(deps.now, deps.timeouts);
  const api = Router();
  api.use(express.json({ limit: '16kb' }));
  api.use(consoleSessionRoutes({ sessions, adminTokens: deps.adminTokens, secure: deps.tls, now: deps.now }));
  api.use(requireConsoleSession(sessions, deps.tls));
  api.use(consoleApiRoutes(deps));

  const router = Router();
  router.use(consoleHeaders());
  router.use(plainJsonErrors());
  router.use(consoleStaticRoutes(deps.staticDir));
  router.use('/api', api);
  return router;
}
