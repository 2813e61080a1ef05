import { join } from 'node:path';
import type { Router } from 'express';
import type { ChangeFeedStatus } from '../changefeed/change-feed';
import type { BridgeConfig } from '../config/load-config';
import { bridgeConsoleAccess, tenantsConsoleAccess, type ConsoleTenant } from '../http/console/console-access';
import { consoleApiRoutes } from '../http/console/console-api.routes';
import { consoleRouter, type ConsoleRouterDependencies } from '../http/console/console.router';
import type { JumpCloudClient } from '../jumpcloud';
import type { AuditStore } from '../lifecycle/audit-store';
import type { UserMapping } from '../mapping';
import { projectRoot } from '../project-root';
import { AdminAuditProvider } from '../provider/admin-audit.provider';
import { AdminDriftProvider } from '../provider/admin-drift.provider';
import { PendingActivationsProvider } from '../provider/admin-pending-activations.provider';
import { ConsoleDriftProvider } from '../provider/console-drift.provider';
import { ConsoleEventsProvider } from '../provider/console-events.provider';
import { ConsoleOverviewProvider } from '../provider/console-overview.provider';
import { ConsolePersonProvider } from '../provider/console-person.provider';
import type { DriftStore } from '../state/drift-store';
import { BRIDGE_VERSION } from '../version';

export { CONSOLE_BASE_PATH } from '../http/console/console.router';

/** The overview's change feed line from the feed's own status (what /readyz reports): mode, and lag when it runs. */
export function consoleChangefeedStatus(feed: { status(): ChangeFeedStatus } | undefined): () => { mode: string; lagSeconds: number | null } {
  return () => {
    if (!feed) return { mode: 'off', lagSeconds: null };
    const status = feed.status();
    return { mode: status.mode, lagSeconds: status.lagSeconds ?? null };
  };
}

/** Where `npm run build` puts the console (index.html, app.js, styles.css, the chart library). */
export function defaultConsoleDir(): string {
  return join(projectRoot(), 'dist', 'console');
}

/** What one bridge's (or one tenant's) console data routes read and write. */
export interface ConsoleDataDependencies {
  audit: AuditStore;
  jumpcloud: JumpCloudClient;
  /** The user mapping the SCIM endpoints serve (userName rendering, the live SCIM view). */
  mapping: UserMapping;
  /** The change feed's open drift; absent when the change feed keeps none. */
  drift?: DriftStore;
  /** The change feed's mode and lag (defaults to `off`); `consoleChangefeedStatus(feed)` builds it. */
  changefeedStatus?: () => { mode: string; lagSeconds: number | null };
  /** JumpCloud 429 answers in the last hour (defaults to 0); a RecentCount fed from the client's call events gives it. */
  rateLimitedLastHour?: () => number;
  /** Defaults to package.json's version. */
  version?: string;
  /** Defaults to Date.now. */
  now?: () => number;
  /** When the bridge started (uptime); defaults to when this was built. */
  startedAtMs?: number;
}

/** How the console's pages and sessions are served (the same for every tenant of a process). */
export interface ConsoleShellSettings {
  /** True when the bridge serves TLS itself (the session cookie is then Secure). */
  tls: boolean;
  /** Defaults to dist/console under the project root. */
  staticDir?: string;
  /** Defaults to Date.now. */
  now?: () => number;
  /** Session expiry (CONSOLE_SESSION_IDLE_SECONDS, CONSOLE_SESSION_MAX_SECONDS); default 15 min idle, 8 h in all. */
  sessionTimeouts?: { idleMs: number; absoluteMs: number };
}

/** What a bridge without tenants needs for its console. */
export interface ConsoleServiceDependencies extends ConsoleDataDependencies, ConsoleShellSettings {
  /** Accepted admin tokens (ADMIN_TOKEN); the console is off when empty. */
  adminTokens: readonly string[];
}

/** The console's data routes (overview, events and CSV, people, drift and its acknowledgement, pending activations) over one bridge's stores. */
export function consoleDataRoutes(deps: ConsoleDataDependencies): Router {
  const now = deps.now ?? Date.now;
  const adminAudit = new AdminAuditProvider({ audit: deps.audit });
  const pendingActivations = new PendingActivationsProvider({ jumpcloud: deps.jumpcloud, mapping: deps.mapping, audit: deps.audit });
  const drift = deps.drift;
  return consoleApiRoutes({
    overview: new ConsoleOverviewProvider({
      audit: deps.audit,
      version: deps.version ?? BRIDGE_VERSION,
      startedAtMs: deps.startedAtMs ?? now(),
      now,
      pendingActivations: () => pendingActivations.count(),
      openDrift: async () => (drift ? drift.count() : 0),
      changefeed: deps.changefeedStatus ?? (() => ({ mode: 'off', lagSeconds: null })),
      rateLimitedLastHour: deps.rateLimitedLastHour ?? (() => 0),
    }),
    events: new ConsoleEventsProvider({ adminAudit }),
    people: new ConsolePersonProvider({ audit: deps.audit, adminAudit, jumpcloud: deps.jumpcloud, mapping: deps.mapping }),
    pendingActivations,
    ...(drift ? { drift: { list: new AdminDriftProvider({ drift }), acknowledge: new ConsoleDriftProvider({ drift, audit: deps.audit, now }) } } : {}),
  });
}

/** The console's shell settings from the bridge's configuration (TLS, CONSOLE_SESSION_*). */
export function consoleShellSettings(config: Pick<BridgeConfig, 'tls' | 'console'>): ConsoleShellSettings {
  return { tls: config.tls !== undefined, sessionTimeouts: { idleMs: config.console.sessionIdleSeconds * 1000, absoluteMs: config.console.sessionMaxSeconds * 1000 } };
}

function shell(settings: ConsoleShellSettings): Pick<ConsoleRouterDependencies, 'staticDir' | 'tls' | 'now' | 'timeouts'> {
  return {
    staticDir: settings.staticDir ?? defaultConsoleDir(),
    tls: settings.tls,
    now: settings.now ?? Date.now,
    ...(settings.sessionTimeouts ? { timeouts: settings.sessionTimeouts } : {}),
  };
}

/**
 * The operator console's router (mount it at CONSOLE_BASE_PATH), or undefined when no admin token
 * is configured: like the admin API, the console is off by default.
 */
export function consoleRoutes(deps: ConsoleServiceDependencies): Router | undefined {
  if (deps.adminTokens.length === 0) return undefined;
  return bridgeConsoleRoutes(deps.adminTokens, consoleDataRoutes(deps), deps);
}

/** A bridge without tenants: its console over its data routes, for its admin token(s). */
export function bridgeConsoleRoutes(adminTokens: readonly string[], data: Router, settings: ConsoleShellSettings): Router {
  return consoleRouter({ ...shell(settings), access: bridgeConsoleAccess(adminTokens), data: { routes: data } });
}

/** One tenant as the tenants console sees it: its admin token and its data routes (absent when nobody may see it). */
export interface ConsoleTenantEntry extends ConsoleTenant {
  data?: Router;
}

/**
 * With TENANTS_FILE: one console for every tenant (mount at CONSOLE_BASE_PATH), with a tenant
 * picker. The provider-wide ADMIN_TOKEN sees every tenant, a tenant's admin token its own.
 * Undefined when no admin token is configured at start (ADMIN_TOKEN, or any tenant's).
 */
export function tenantsConsoleRoutes(settings: ConsoleShellSettings & { providerAdminToken?: string; tenants: () => readonly ConsoleTenantEntry[] }): Router | undefined {
  const anyToken = settings.providerAdminToken !== undefined || settings.tenants().some((tenant) => tenant.adminToken !== undefined);
  if (!anyToken) return undefined;
  const visible = () => settings.tenants().filter((tenant) => tenant.data !== undefined);
  return consoleRouter({
    ...shell(settings),
    access: tenantsConsoleAccess(settings.providerAdminToken, visible),
    data: { tenant: (id) => visible().find((tenant) => tenant.id === id)?.data },
  });
}
