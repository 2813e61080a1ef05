import { Router, type Request } from 'express';

/** One tenant's routes, relative to its path prefix (`/{tenant}`) or to the root for a host-chosen tenant. */
export type TenantRoutes = Router;

export interface TenantDispatchOptions {
  /** The routes of the tenant with this id, or undefined (read per request: a reload swaps tenants). */
  byId(id: string): TenantRoutes | undefined;
  /** The routes of the tenant a Host header selects (TENANT_HOSTS), or undefined. */
  byHost(host: string): TenantRoutes | undefined;
  /**
   * What an unknown tenant id answers: the same middleware a tenant runs before its credential
   * check, then a credential check nothing passes, so "no such tenant" and "not your tenant" are
   * the same 401 (no answer tells whether another tenant exists).
   */
  unknown: TenantRoutes;
}

/**
 * Routes `/{tenant}/...` to that tenant's routes (SCIM at `/{tenant}<SCIM_BASE_PATH>`, admin at
 * `/{tenant}/admin`, the token endpoint at `/{tenant}/oauth/token`), and a request whose Host is
 * in TENANT_HOSTS to its tenant's routes at the root. A path no tenant route takes falls through
 * to the app's 404, whether the tenant exists or not.
 */
export function tenantDispatch(options: TenantDispatchOptions): Router {
  const router = Router();
  router.use((req, res, next) => {
    const routes = options.byHost(hostOf(req));
    if (!routes) return next();
    routes(req, res, next);
  });
  router.use('/:tenant', (req, res, next) => {
    const routes = options.byId(req.params.tenant as string) ?? options.unknown;
    routes(req, res, next);
  });
  return router;
}

/** The Host header's name, lower case, without a port (what TENANT_HOSTS maps). */
function hostOf(req: Request): string {
  return (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
}
