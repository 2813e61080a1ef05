import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Router } from 'express';
import type { BridgeConfig } from '../config/load-config';
import { OAuthAccessTokens } from '../http/oauth-access-tokens';
import { FailureThrottle } from '../http/oauth-failure-throttle';
import { oauthTokenRoutes } from '../http/oauth-token.routes';
import { JumpCloudClient } from '../jumpcloud/jumpcloud-client';
import type { Logger } from '../logging/logger';
import { createReadinessProbe, type ReadinessReport } from '../provider/readiness.provider';
import { buildAdminRoutes } from './admin-service';
import { buildChangeFeedService, type ChangeFeedService } from './changefeed-service';
import { consoleChangefeedStatus, consoleDataRoutes } from './console-service';
import { RecentCount } from './recent-count';
import { openDurableState, type DurableState, type DurableStateOptions } from './durable-state';
import { buildOperations, type Operations } from './operations-service';
import { buildScimRouter, loadMapping } from './scim-service';

/** Where one tenant's JumpCloud is (the real one, or an emulator), as resolved by the caller. */
export interface TenantTarget {
  mode: 'jumpcloud' | 'emulator';
  baseUrl?: string;
  apiKey: string;
}

/** The readiness report plus what the change feed says of itself (and of the replica running it). */
export type TenantReadiness = ReadinessReport & { changefeed: Record<string, unknown> };

/**
 * Everything one organisation's bridge is: its own durable state, JumpCloud client (with its own
 * concurrency limit and throttle gate, so one tenant's 429 storm never delays another's requests),
 * providers, SCIM router, admin routes, token endpoint and change feed. A single-tenant bridge is
 * one of these; a multi-tenant one (TENANTS_FILE) is one per tenant behind a dispatcher.
 */
export interface TenantBridge {
  /** The tenant's id; undefined for the single tenant of a bridge without TENANTS_FILE. */
  id?: string;
  config: BridgeConfig;
  operations: Operations;
  /** The SCIM endpoints (the tenant's credentials checked first). */
  scimRouter: Router;
  /** The admin endpoints, or undefined when the tenant has no admin token. */
  admin?: { basePath: string; router: Router };
  /** POST /oauth/token, or undefined without OAuth clients. */
  oauth?: Router;
  /**
   * The console's data routes over this tenant's stores, or undefined when no admin token could
   * open them (neither the tenant's own nor the provider-wide one).
   */
  consoleData?: Router;
  /** The admin tokens that open this tenant's console: its own, then the provider-wide one. */
  adminTokens: string[];
  feed: ChangeFeedService;
  durable: DurableState;
  readiness(): Promise<TenantReadiness>;
  /** Starts the change feed (at once, or when this replica leads it). */
  start(): void;
  /** Stops the feed, then closes the durable state. */
  close(): Promise<void>;
}

/** What every tenant of one process shares. */
export interface TenantBridgeContext {
  target: TenantTarget;
  logger: Logger;
  secrets: readonly string[];
  /** The SCIM bearer tokens in force (the configured ones, or the one generated for the emulator). */
  scimTokens: string[];
  /** The tenant's id (multi-tenant), used in metrics and logs; absent for the single tenant. */
  tenant?: string;
  /** Export process metrics (CPU, memory) from this tenant's registry: one tenant per process does. */
  processMetrics: boolean;
  /** Admin tokens accepted besides the tenant's own (the provider-wide ADMIN_TOKEN). */
  providerAdminToken?: string;
  /** The JumpCloud base URL the client uses instead of the target's (the fixture recorder's proxy). */
  clientBaseUrl?: string;
  /** Advertise Basic in every 401 challenge, configured or not (multi-tenant: no tenant may differ from an unknown one). */
  challengeBasic?: boolean;
  /** How the tenant's durable state is held (no checkpoint thread per tenant, a PostgreSQL schema per tenant). */
  durable?: DurableStateOptions;
}

/** The mapping document's text (what replicas must agree on); the built-in one by name. */
export function mappingText(config: Pick<BridgeConfig, 'mappingFile'>): string {
  return config.mappingFile ? readFileSync(config.mappingFile, 'utf8') : 'built-in default mapping';
}

/** Builds one tenant's bridge (nothing started: call start() once the server listens). */
export async function buildTenantBridge(config: BridgeConfig, context: TenantBridgeContext): Promise<TenantBridge> {
  const { target, logger } = context;
  const mapping = loadMapping(config);
  const rateLimited = new RecentCount();
  const durable = await openDurableState(config, logger, context.secrets, { mapping: mappingText(config) }, context.durable);
  try {
    // Metrics, inbound limits and the upstream throttle gate, fed by this tenant's JumpCloud client.
    const operations = buildOperations(config, { processMetrics: context.processMetrics, tenant: context.tenant });
    const jumpcloud = new JumpCloudClient({
      region: config.jumpcloud.region,
      baseUrl: context.clientBaseUrl ?? target.baseUrl,
      apiKey: target.apiKey,
      orgId: config.jumpcloud.orgId,
      timeoutMs: config.jumpcloud.timeoutMs,
      concurrency: config.jumpcloud.concurrency,
      logger,
      // Every call lands in the audit record of the write it served (and in the metrics, the
      // throttle gate and the console's "throttled in the last hour").
      ...operations.jumpcloudHooks((event) => {
        durable.journal.calls.record(event);
        if (event.status === 429) rateLimited.record();
      }),
    });
    operations.watch({ jumpcloud, journal: durable.journal });
    // OAuth client credentials: one token service signs at /oauth/token and verifies on the SCIM routes.
    const accessTokens =
      config.oauth.clients.length > 0
        ? new OAuthAccessTokens({ clients: config.oauth.clients, signingKey: config.oauth.signingSecret ?? randomBytes(32), ttlSeconds: config.oauth.tokenTtlSeconds })
        : undefined;
    const scimRouter = buildScimRouter(config, {
      jumpcloud,
      state: durable.state,
      scimTokens: context.scimTokens,
      logger,
      journal: durable.journal,
      accessTokens,
      afterAuth: operations.http.afterAuth,
      sharedLocks: durable.sharedLocks,
      mapping,
      challengeBasic: context.challengeBasic,
    });
    // JumpCloud's own changes read back (lastModified, drift, outside deletes); runs beside the server.
    const feed = buildChangeFeedService(config, { stores: durable.feedStores, jumpcloud, audit: durable.audit, state: durable.state, mapping, logger });
    operations.metrics?.watchChangeFeed(feed.built.feed, feed.openDrift);
    const probe = createReadinessProbe(jumpcloud, {
      checks: {
        // The configuration was validated before anything started; the verdict says what it selected.
        config: async () => ({ ok: true, detail: `valid (JumpCloud: ${target.mode === 'emulator' ? 'embedded emulator' : (config.jumpcloud.baseUrl ?? `region ${config.jumpcloud.region}`)}${config.dryRun ? '; DRY_RUN: no writes reach JumpCloud' : ''})` }),
        // The store's writability, named for what it is: the shared database with replicas.
        [durable.engine === 'postgres' ? 'database' : 'auditStore']: durable.readiness,
      },
    });
    const adminTokens = [config.adminToken, context.providerAdminToken].filter((token): token is string => typeof token === 'string' && token !== '');
    return {
      id: context.tenant,
      config,
      operations,
      scimRouter,
      admin: buildAdminRoutes(config, { audit: durable.audit, jumpcloud, drift: feed.drift, mapping, extraAdminTokens: context.providerAdminToken ? [context.providerAdminToken] : [] }),
      oauth: accessTokens ? oauthTokenRoutes({ tokens: accessTokens, throttle: new FailureThrottle(), logger }) : undefined,
      consoleData:
        adminTokens.length > 0
          ? consoleDataRoutes({
              audit: durable.audit,
              jumpcloud,
              mapping,
              drift: feed.drift,
              changefeedStatus: consoleChangefeedStatus(feed.built.feed),
              rateLimitedLastHour: () => rateLimited.count(),
            })
          : undefined,
      adminTokens,
      feed,
      durable,
      // Additive: which change feed runs and how far behind it is (never a reason to be unready).
      // With replicas: which one this is, and whether it runs the feed (the others' lag is the leader's).
      readiness: async () => ({ ...(await probe()), changefeed: { ...feed.built.feed.status(), ...(durable.replica ? { replica: durable.replica() } : {}) } }),
      // One process: the feed starts now. Replicas: it runs on the one holding the feed's lease.
      start: () => durable.lead(feed),
      close: async () => {
        // The feed writes to the database: its run in progress finishes first.
        await feed.stop();
        await durable.close();
      },
    };
  } catch (err) {
    await durable.close();
    throw err;
  }
}
