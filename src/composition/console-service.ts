import { join } from 'node:path';
import type { Router } from 'express';
import type { ChangeFeedStatus } from '../changefeed/change-feed';
import { consoleRouter } from '../http/console/console.router';
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

/** What the console reads and writes; the lead's composition fills it from the running bridge. */
export interface ConsoleServiceDependencies {
  /** Accepted admin tokens (ADMIN_TOKEN, or a tenant's own plus the provider-wide one); the console is off when empty. */
  adminTokens: readonly string[];
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
  /** True when the bridge serves TLS itself (the session cookie is then Secure). */
  tls: boolean;
  /** Defaults to dist/console under the project root. */
  staticDir?: string;
  /** Defaults to Date.now. */
  now?: () => number;
  /** When the bridge started (uptime); defaults to when this was built. */
  startedAtMs?: number;
  /** Session expiry (CONSOLE_SESSION_IDLE_SECONDS, CONSOLE_SESSION_MAX_SECONDS); default 15 min idle, 8 h in all. */
  sessionTimeouts?: { idleMs: number; absoluteMs: number };
}

/**
 * The operator console's router (mount it at CONSOLE_BASE_PATH), or undefined when no admin token
 * is configured: like the admin API, the console is off by default.
 */
export function consoleRoutes(deps: ConsoleServiceDependencies): Router | undefined {
  if (deps.adminTokens.length === 0) return undefined;
  const now = deps.now ?? Date.now;
  const adminAudit = new AdminAuditProvider({ audit: deps.audit });
  const pendingActivations = new PendingActivationsProvider({ jumpcloud: deps.jumpcloud, mapping: deps.mapping, audit: deps.audit });
  const drift = deps.drift;
  return consoleRouter({
    adminTokens: deps.adminTokens,
    staticDir: deps.staticDir ?? defaultConsoleDir(),
    tls: deps.tls,
    now,
    ...(deps.sessionTimeouts ? { timeouts: deps.sessionTimeouts } : {}),
    overview: new ConsoleOverviewProvider({
      audit: deps.audit,
      version: deps.version ?? BRIDGE_VERSION,
      startedAtMs: deps.startedAtMs ?? now(),
      now,
      pendingActivations: async () => (await pendingActivations.list()).totalResults,
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
