import { Router } from 'express';
import type { AdminAuditProvider } from '../../provider/admin-audit.provider';
import type { PendingActivationsProvider } from '../../provider/admin-pending-activations.provider';
import type { AdminDriftProvider } from '../../provider/admin-drift.provider';
import { plainJsonErrors } from '../error.middleware';
import { requireAdminAuth } from './admin-auth.middleware';
import { adminEventsRoutes } from './admin-events.routes';
import { adminPendingActivationsRoutes } from './admin-pending-activations.routes';
import { adminDriftRoutes } from './admin-drift.routes';

/** The path the admin endpoints live under. */
export const ADMIN_BASE_PATH = '/admin';

export interface AdminRouterDependencies {
  /** ADMIN_TOKEN: the only credential these routes accept. */
  /** The accepted admin token(s): ADMIN_TOKEN, or a tenant's own plus the provider-wide one. */
  adminToken: string | readonly string[];
  audit: AdminAuditProvider;
  pendingActivations: PendingActivationsProvider;
  /** Open drift from the change feed (absent: /admin/drift is an unknown route). */
  drift?: AdminDriftProvider;
}

/**
 * Everything under /admin: errors as plain JSON `{error, detail}` (operators' tools, not SCIM
 * clients), the admin credential first, then the read-only endpoints. Mounted only when
 * ADMIN_TOKEN is set. An unknown /admin path is a plain JSON 404 once authenticated.
 */
export function adminRouter(deps: AdminRouterDependencies): Router {
  const router = Router();
  router.use(plainJsonErrors());
  router.use(requireAdminAuth(deps.adminToken));
  router.use(adminEventsRoutes(deps.audit));
  router.use(adminPendingActivationsRoutes(deps.pendingActivations));
  if (deps.drift) router.use(adminDriftRoutes(deps.drift));
  // No 404 here: the app's one notFound answers, in plain JSON since this router marked the response.
  return router;
}
