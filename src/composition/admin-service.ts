import type { Router } from 'express';
import type { BridgeConfig } from '../config/load-config';
import { ADMIN_BASE_PATH, adminRouter } from '../http/admin/admin.router';
import type { JumpCloudClient } from '../jumpcloud';
import type { AuditStore } from '../lifecycle/audit-store';
import type { UserMapping } from '../mapping';
import { AdminAuditProvider } from '../provider/admin-audit.provider';
import { PendingActivationsProvider } from '../provider/admin-pending-activations.provider';
import { AdminDriftProvider } from '../provider/admin-drift.provider';
import type { DriftStore } from '../state/drift-store';
import { loadMapping } from './scim-service';

/** What the admin endpoints read: the journal and JumpCloud (for pending activations). */
export interface AdminServiceDependencies {
  audit: AuditStore;
  jumpcloud: JumpCloudClient;
  /** The user mapping the SCIM endpoints serve (userName rendering); loaded from config when omitted. */
  mapping?: UserMapping;
  /** The change feed's open drift (GET /admin/drift); absent: that route is not served. */
  drift?: DriftStore;
  /** Admin tokens accepted besides config.adminToken (a tenant's routes also take the provider-wide one). */
  extraAdminTokens?: readonly string[];
}

/**
 * The admin endpoints and their mount path, or undefined when no admin token is configured
 * (ADMIN_TOKEN; with tenants, the tenant's own or the provider's): admin routes are off by
 * default, so /admin is then an unknown route (404) like any other.
 */
export function buildAdminRoutes(config: BridgeConfig, deps: AdminServiceDependencies): { basePath: string; router: Router } | undefined {
  const adminTokens = [config.adminToken, ...(deps.extraAdminTokens ?? [])].filter((token): token is string => typeof token === 'string' && token !== '');
  if (adminTokens.length === 0) return undefined;
  const router = adminRouter({
    adminToken: adminTokens,
    audit: new AdminAuditProvider({ audit: deps.audit }),
    pendingActivations: new PendingActivationsProvider({ jumpcloud: deps.jumpcloud, mapping: deps.mapping ?? loadMapping(config), audit: deps.audit }),
    ...(deps.drift ? { drift: new AdminDriftProvider({ drift: deps.drift }) } : {}),
  });
  return { basePath: ADMIN_BASE_PATH, router };
}
