import express, { type Express, type Router } from 'express';
import type { Logger } from '../logging/logger';
import { accessLog } from './access-log.middleware';
import { notFound, scimErrorHandler } from './error.middleware';
import { healthRoutes, type HealthInfo, type Readiness } from './health.routes';
import { requestId } from './request-id.middleware';

export interface AppDependencies {
  logger: Logger;
  health: HealthInfo;
  /** Readiness verdict (JumpCloud reachable with the key), computed outside the HTTP layer. */
  readiness: () => Promise<Readiness>;
  /** The SCIM endpoints and where they live (absent in tests of the bare app). */
  scim?: { basePath: string; router: Router };
  /** The admin endpoints (absent unless ADMIN_TOKEN is set: then /admin is an unknown route). */
  admin?: { basePath: string; router: Router };
}

/** Builds the bridge's Express app: request id, access log, health, admin and SCIM routes, then the one error middleware. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestId());
  app.use(accessLog(deps.logger));
  app.use(healthRoutes(deps.health, deps.readiness));
  if (deps.admin) app.use(deps.admin.basePath, deps.admin.router);
  if (deps.scim) app.use(deps.scim.basePath, deps.scim.router);
  app.use(notFound());
  app.use(scimErrorHandler(deps.logger));
  return app;
}
