import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { AggregatorRegistry, collectDefaultMetrics, Registry } from 'prom-client';
import { Router } from 'express';
import { secretValues, type BridgeConfig } from '../config/load-config';
import type { TenantDefinition } from '../config/tenants-file';
import { createApp } from '../http/app';
import { requireAdminAuth } from '../http/admin/admin-auth.middleware';
import { plainJsonErrors } from '../http/error.middleware';
import { requireScimAuth } from '../http/auth.middleware';
import { metricsRoutes } from '../http/metrics.routes';
import { OAuthAccessTokens } from '../http/oauth-access-tokens';
import { FailureThrottle } from '../http/oauth-failure-throttle';
import { oauthTokenRoutes } from '../http/oauth-token.routes';
import { toleratesUsersSuffix } from '../http/scim/users-suffix-tolerance.middleware';
import { tenantDispatch } from '../http/tenant-dispatch';
import { createLogger, type Logger } from '../logging/logger';
import { tenantSchemaName } from '../state/postgres-schema';
import type { CheckResult } from '../provider/readiness.provider';
import { BRIDGE_VERSION } from '../version';
import { shutDownGracefully, type ShutdownStep } from './shutdown';
import { InFlightRequests } from './shutdown-requests';
import type { RunningBridge } from './start-bridge';
import { buildTenantBridge, type TenantBridge } from './tenant-bridge';
import { consoleShellSettings, tenantsConsoleRoutes } from './console-service';
import { createBridgeServer } from './tls-server';
import { listenOn } from './listen';

export type { TenantDefinition } from '../config/tenants-file';

/** A tenant's bridge and the routes the dispatcher hands its requests to. */
interface ServedTenant {
  bridge: TenantBridge;
  routes: Router;
  /** The configuration it was built from, to tell at a reload whether it changed. */
  fingerprint: string;
}

/** What an unknown tenant answers, part by part (a tenant without admin or OAuth answers with these parts too). */
interface UnknownTenant {
  admin: Router;
  oauth: Router;
  /** The whole: SCIM, admin and the token endpoint. */
  routes: Router;
}

/**
 * The routes an unknown tenant id answers: what a tenant runs before its credential check, then a
 * check nothing passes (random credentials nobody holds), for SCIM, admin and the token endpoint.
 */
function unknownTenant(scimBasePath: string, logger: Logger): UnknownTenant {
  const nobody = randomBytes(32).toString('base64url');
  // As adminRouter begins: plain JSON errors, then the credential check.
  const admin = Router().use(plainJsonErrors(), requireAdminAuth(nobody));
  const oauth = oauthTokenRoutes({ tokens: new OAuthAccessTokens({ clients: [{ id: `nobody-${nobody}`, secret: nobody }], signingKey: randomBytes(32), ttlSeconds: 60 }), throttle: new FailureThrottle(), logger });
  const routes = Router();
  routes.use(scimBasePath, toleratesUsersSuffix(), requireScimAuth({ bearerTokens: [], challengeBasic: true }));
  routes.use('/admin', admin);
  routes.use(oauth);
  return { admin, oauth, routes };
}

/** A tenant's routes: SCIM (request metrics, its router, pushback answers), admin and the token endpoint. */
function routesOf(bridge: TenantBridge, scimBasePath: string, unknown: UnknownTenant): Router {
  const routes = Router();
  const http = bridge.operations.http;
  routes.use(scimBasePath, ...http.scimBefore, bridge.scimRouter, ...http.scimErrors);
  // Absent admin or OAuth: answered as for an unknown tenant (401), never a 404 that another tenant's path would not give.
  routes.use('/admin', bridge.admin?.router ?? unknown.admin);
  routes.use(bridge.oauth ?? unknown.oauth);
  return routes;
}

/** Every check of every tenant, named `<tenant>.<check>`: ready while no tenant's own store fails. */
async function tenantsReadiness(tenants: ReadonlyMap<string, ServedTenant>): Promise<{ ready: boolean; checks: Record<string, CheckResult>; changefeed: Record<string, unknown> }> {
  const checks: Record<string, CheckResult> = {};
  const changefeed: Record<string, unknown> = {};
  let ready = true;
  await Promise.all(
    [...tenants].map(async ([id, tenant]) => {
      const report = await tenant.bridge.readiness();
      for (const [name, check] of Object.entries(report.checks)) {
        checks[`${id}.${name}`] = check;
        // One organisation's JumpCloud refusing its key must not take every tenant out of rotation.
        if (!check.ok && name !== 'jumpcloud') ready = false;
      }
      changefeed[id] = report.changefeed;
    }),
  );
  return { ready, checks, changefeed };
}

/** /metrics of every tenant in one exposition: each tenant's registry labels its series `tenant`. */
function mergedMetrics(tenants: ReadonlyMap<string, ServedTenant>, processRegistry: Registry): Pick<Registry, 'metrics' | 'contentType'> {
  return {
    contentType: processRegistry.contentType,
    metrics: async () => {
      const registries = [processRegistry, ...[...tenants.values()].flatMap((tenant) => (tenant.bridge.operations.metrics ? [tenant.bridge.operations.metrics.registry] : []))];
      const merged = AggregatorRegistry.aggregate(await Promise.all(registries.map((registry) => registry.getMetricsAsJSON())));
      return merged.metrics();
    },
  } as Pick<Registry, 'metrics' | 'contentType'>;
}

/**
 * Starts one bridge serving every tenant of TENANTS_FILE: one tenant bridge each (own JumpCloud
 * client, limits, throttle gate, stores and change feed), behind `/{tenant}` and TENANT_HOSTS.
 * `reload` swaps the tenants (added ones built, changed ones rebuilt, removed ones closed).
 */
export async function startMultiTenantBridge(
  config: BridgeConfig,
  definitions: readonly TenantDefinition[],
  overrides: { logger?: Logger; hosts?: Readonly<Record<string, string>> } = {},
): Promise<RunningBridge & { reload(definitions: readonly TenantDefinition[]): Promise<void>; tenantIds(): string[] }> {
  const allSecrets = (list: readonly TenantDefinition[]) => [...secretValues(config), ...list.flatMap((tenant) => secretValues(tenant.config))];
  // Live: a reload adds the new tenants' secrets (a removed tenant's stay redacted).
  const liveSecrets = allSecrets(definitions);
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, liveSecrets });
  const unknown = unknownTenant(config.scimBasePath, logger);
  const tenants = new Map<string, ServedTenant>();
  const hosts = overrides.hosts ?? {};

  async function build(definition: TenantDefinition): Promise<ServedTenant> {
    const bridge = await buildTenantBridge(definition.config, {
      target: { mode: 'jumpcloud', baseUrl: definition.config.jumpcloud.baseUrl, apiKey: definition.config.jumpcloud.apiKey as string },
      logger,
      secrets: allSecrets([definition]),
      scimTokens: definition.config.scimBearerTokens,
      tenant: definition.id,
      processMetrics: false,
      providerAdminToken: config.adminToken,
      challengeBasic: true,
      durable: { backgroundCheckpoints: false, schema: tenantSchemaName(definition.id) },
    });
    return { bridge, routes: routesOf(bridge, config.scimBasePath, unknown), fingerprint: JSON.stringify(definition.config) };
  }

  const processRegistry = new Registry();
  if (config.metrics.enabled) collectDefaultMetrics({ register: processRegistry, prefix: 'scim_bridge_' });
  try {
    for (const definition of definitions) tenants.set(definition.id, await build(definition));
  } catch (err) {
    for (const tenant of tenants.values()) await tenant.bridge.close();
    throw err;
  }
  // One console for every tenant, with a picker: ADMIN_TOKEN sees them all, a tenant's admin token its own.
  const operatorConsole = tenantsConsoleRoutes({
    ...consoleShellSettings(config),
    providerAdminToken: config.adminToken,
    tenants: () => [...tenants].map(([id, tenant]) => ({ id, adminToken: tenant.bridge.config.adminToken, data: tenant.bridge.consoleData })),
  });
  const metricTokens = [config.metrics.token, config.adminToken].filter((token): token is string => typeof token === 'string' && token !== '');
  const app = createApp({
    logger,
    health: { jumpcloud: 'jumpcloud', version: BRIDGE_VERSION },
    readiness: () => tenantsReadiness(tenants),
    readinessDetailsToken: config.adminToken,
    console: operatorConsole,
    tenants: tenantDispatch({
      byId: (id) => tenants.get(id)?.routes,
      byHost: (host) => {
        const id = hosts[host];
        return id === undefined ? undefined : tenants.get(id)?.routes;
      },
      unknown: unknown.routes,
    }),
    operations: config.metrics.enabled ? { routes: metricsRoutes(mergedMetrics(tenants, processRegistry), { tokens: metricTokens }), scimBefore: [], scimErrors: [] } : undefined,
    security: { tls: config.tls !== undefined, ipAllowList: config.network.ipAllowList, trustProxy: config.network.trustProxy },
  });
  const server: Server = createBridgeServer(app, config.tls);
  const inFlight = new InFlightRequests(server);
  const url = await listenOn(server, config);
  for (const tenant of tenants.values()) tenant.bridge.start();
  logger.info('bridge listening', { url, tenants: tenants.size, scimBasePath: `/{tenant}${config.scimBasePath}`, version: BRIDGE_VERSION, ...(operatorConsole ? { console: `${url}/console/` } : {}) });
  let closing: Promise<void> | undefined;
  let reloading: Promise<void> = Promise.resolve();
  return {
    url,
    scimBaseUrl: `${url}/{tenant}${config.scimBasePath}`,
    ...(operatorConsole ? { consoleUrl: `${url}/console/` } : {}),
    tenants: [...tenants.keys()],
    jumpcloud: { mode: 'jumpcloud', apiKey: '' },
    logger,
    tenantIds: () => [...tenants.keys()],
    reload: (next) => {
      // Reloads run one at a time, in the order the signals came.
      reloading = reloading.then(async () => {
        for (const secret of allSecrets(next)) if (!liveSecrets.includes(secret)) liveSecrets.push(secret);
        const wanted = new Map(next.map((definition) => [definition.id, definition]));
        for (const [id, definition] of wanted) {
          const current = tenants.get(id);
          if (current && current.fingerprint === JSON.stringify(definition.config)) continue;
          const built = await build(definition);
          tenants.set(id, built);
          built.bridge.start();
          // The old one finishes what it was doing (its feed run, its journal) before it closes.
          if (current) await current.bridge.close();
          logger.info(current ? 'tenant reloaded' : 'tenant added', { tenant: id });
        }
        for (const [id, current] of [...tenants]) {
          if (wanted.has(id)) continue;
          tenants.delete(id);
          await current.bridge.close();
          logger.info('tenant removed', { tenant: id });
        }
      });
      return reloading;
    },
    close: () => {
      const steps: ShutdownStep[] = [...tenants].map(([id, tenant]) => ({ name: `tenant ${id}`, close: () => tenant.bridge.close() }));
      closing ??= shutDownGracefully(server, inFlight, { timeoutMs: config.shutdownTimeoutMs, steps, logger }).then(() => undefined);
      return closing;
    },
  };
}
