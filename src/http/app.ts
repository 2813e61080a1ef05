import express, { type ErrorRequestHandler, type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../logging/logger';
import { accessLog } from './access-log.middleware';
import { notFound, scimErrorHandler } from './error.middleware';
import { healthRoutes, type HealthInfo, type Readiness } from './health.routes';
import { requestId } from './request-id.middleware';
import { securityHeaders } from './security-headers';
import { ipAllowList } from './security-ip-allow-list';

export interface AppDependencies {
  logger: Logger;
  health: HealthInfo;
  /** Readiness verdict (JumpCloud reachable with the key), computed outside the HTTP layer. */
  readiness: () => Promise<Readiness>;
  /** The token (ADMIN_TOKEN) that unlocks /readyz's details; absent = anonymous view only. */
  readinessDetailsToken?: string;
  /** The SCIM endpoints and where they live (absent in tests of the bare app). */
  scim?: { basePath: string; router: Router };
  /** The admin endpoints (absent unless ADMIN_TOKEN is set: then /admin is an unknown route). */
  admin?: { basePath: string; router: Router };
  /**
   * Operations: `GET /metrics` (absent: METRICS_ENABLED=false), wrappers of the SCIM router on its
   * base path (request metrics before it, upstream pushback answers after it). Absent in bare-app tests.
   */
  operations?: { routes?: Router; scimBefore: RequestHandler[]; scimErrors: ErrorRequestHandler[] };
  /** POST /oauth/token (absent unless OAuth clients are configured: then it is an unknown route). */
  oauth?: Router;
  /** TENANTS_FILE: every tenant's SCIM, admin and token routes behind `/{tenant}` (tenant-dispatch.ts). */
  tenants?: Router;
  /** The operator console at /console (absent unless ADMIN_TOKEN is set: then it is an unknown route). */
  console?: Router;
  /** Who may connect and how the client address is found; absent = plain HTTP, everyone, no proxy believed. */
  security?: {
    /** The bridge serves TLS itself (turns on Strict-Transport-Security). */
    tls: boolean;
    /** Allowed client addresses/CIDRs; absent = every address. */
    ipAllowList?: readonly string[];
    /** express `trust proxy`: false, a hop count, or proxy addresses/CIDRs whose X-Forwarded-For is believed. */
    trustProxy: false | number | readonly string[];
  };
}

/** Routes every address may reach even with an IP allow-list: container and orchestrator probes. */
const OPEN_PATHS = ['/healthz', '/readyz'];

/**
 * Builds the bridge's Express app: security headers, request id, access log, IP allow-list,
 * health, OAuth token, admin and SCIM routes, then the one error middleware.
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Decides req.ip, which the allow-list, the logs and the token endpoint's backoff rely on.
  app.set('trust proxy', deps.security?.trustProxy === undefined || deps.security.trustProxy === false ? false : deps.security.trustProxy);
  app.use(securityHeaders({ tls: deps.security?.tls ?? false }));
  app.use(requestId());
  app.use(accessLog(deps.logger));
  if (deps.security?.ipAllowList) app.use(ipAllowList({ allowed: deps.security.ipAllowList, scimBasePath: deps.scim?.basePath ?? '/', openPaths: OPEN_PATHS }));
  app.use(healthRoutes(deps.health, deps.readiness, { detailsToken: deps.readinessDetailsToken }));
  if (deps.operations?.routes) app.use(deps.operations.routes);
  if (deps.oauth) app.use(deps.oauth);
  if (deps.admin) app.use(deps.admin.basePath, deps.admin.router);
  if (deps.console) app.use('/console', deps.console);
  if (deps.tenants) app.use(deps.tenants);
  if (deps.scim) {
    if (deps.operations && deps.operations.scimBefore.length > 0) app.use(deps.scim.basePath, deps.operations.scimBefore);
    app.use(deps.scim.basePath, deps.scim.router);
    if (deps.operations && deps.operations.scimErrors.length > 0) app.use(deps.scim.basePath, deps.operations.scimErrors);
  }
  app.use(notFound());
  app.use(scimErrorHandler(deps.logger));
  return app;
}
