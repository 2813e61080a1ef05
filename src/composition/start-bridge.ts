import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { configWarnings } from '../config/config-warnings';
import { ConfigError, secretValues, type BridgeConfig } from '../config/load-config';
import { createApp } from '../http/app';
import { JumpCloudClient } from '../jumpcloud/jumpcloud-client';
import { createLogger, type Logger } from '../logging/logger';
import { createReadinessProbe } from '../provider/readiness.provider';
import { openDurableState } from './durable-state';
import { BRIDGE_VERSION } from '../version';
import { resolveJumpCloudTarget, type JumpCloudTarget } from './jumpcloud-target';
import { buildOperations } from './operations-service';
import { buildScimRouter } from './scim-service';
import { startRecordingIfAsked } from './fixture-recording';
import { buildAdminRoutes } from './admin-service';
import { buildChangeFeedService, type ChangeFeedService } from './changefeed-service';
import { loadMapping } from './scim-service';
import { shutDownGracefully, type ShutdownStep } from './shutdown';
import { InFlightRequests } from './shutdown-requests';
import { createBridgeServer } from './tls-server';
import { OAuthAccessTokens } from '../http/oauth-access-tokens';
import { FailureThrottle } from '../http/oauth-failure-throttle';
import { oauthTokenRoutes } from '../http/oauth-token.routes';

/** A started bridge, with what an operator needs to call it. */
export interface RunningBridge {
  /** Origin the bridge listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** `url` plus the SCIM base path. */
  scimBaseUrl: string;
  /** The token generated for this run when none was configured (emulator mode only). */
  generatedToken?: string;
  jumpcloud: Pick<JumpCloudTarget, 'mode' | 'baseUrl' | 'apiKey'>;
  logger: Logger;
  /**
   * Graceful shutdown: stops accepting, lets in-flight requests (and their journal writes) finish
   * within SHUTDOWN_TIMEOUT_SECONDS, then closes the change feed, the recorder, the embedded
   * emulator and the database. Runs once; later calls return the same promise.
   */
  close(): Promise<void>;
}

/**
 * Refuses a configuration that would expose a real JumpCloud directory without SCIM
 * authentication; in emulator mode a missing token is generated instead.
 */
function scimTokensFor(config: BridgeConfig): { tokens: string[]; generated?: string } {
  if (config.scimBearerTokens.length > 0 || config.scimBasic || config.oauth.clients.length > 0) return { tokens: config.scimBearerTokens };
  if (config.jumpcloud.apiKey) {
    throw new ConfigError([
      'SCIM_BEARER_TOKEN: required (or SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD) when JUMPCLOUD_API_KEY is set and OAUTH_CLIENTS is not: the bridge will not expose a real JumpCloud directory to unauthenticated SCIM clients',
    ]);
  }
  const generated = `scim_${randomBytes(24).toString('base64url')}`;
  return { tokens: [generated], generated };
}

/** The mapping document's text (what replicas must agree on); the built-in one by name. */
function mappingText(config: BridgeConfig): string {
  return config.mappingFile ? readFileSync(config.mappingFile, 'utf8') : 'built-in default mapping';
}

/** Listens on host:port and resolves once bound (port 0 = an ephemeral port). */
function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/** Composition root: config -> logger -> JumpCloud target -> HTTP app -> listening server. */
export async function startBridge(config: BridgeConfig, overrides: { logger?: Logger } = {}): Promise<RunningBridge> {
  const { tokens, generated } = scimTokensFor(config);
  const target = await resolveJumpCloudTarget(config);
  const secrets = [...secretValues(config), ...tokens, target.apiKey];
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets });
  // Valid but risky settings: said once, at start, with what to set instead.
  for (const warning of configWarnings(config)) logger.warn(warning.message, { setting: warning.setting });
  let durable: Awaited<ReturnType<typeof openDurableState>> | undefined;
  let recording: Awaited<ReturnType<typeof startRecordingIfAsked>> = undefined;
  let changefeed: ChangeFeedService | undefined;
  try {
    if (config.database && target.mode === 'emulator') {
      // Each replica would start its own embedded emulator: one journal over several directories.
      throw new ConfigError(['DATABASE_URL: replicas must share one JumpCloud; set JUMPCLOUD_API_KEY (and JUMPCLOUD_BASE_URL for a sandbox emulator) or leave DATABASE_URL unset for the embedded emulator']);
    }
    const mapping = loadMapping(config);
    durable = await openDurableState(config, logger, secrets.filter((secret): secret is string => typeof secret === 'string'), { mapping: mappingText(config) });
    recording = await startRecordingIfAsked(config, target, secrets.filter((secret): secret is string => typeof secret === 'string'));
    // Metrics, inbound limits and the upstream throttle gate, fed by the JumpCloud client's hooks.
    const operations = buildOperations(config, { processMetrics: true });
    const jumpcloud = new JumpCloudClient({
      region: config.jumpcloud.region,
      baseUrl: recording?.jumpcloudBaseUrl ?? target.baseUrl,
      apiKey: target.apiKey,
      orgId: config.jumpcloud.orgId,
      timeoutMs: config.jumpcloud.timeoutMs,
      concurrency: config.jumpcloud.concurrency,
      logger,
      // Every call lands in the audit record of the write it served (and in the metrics and the throttle gate).
      ...operations.jumpcloudHooks(durable.journal.calls.record),
    });
    operations.watch({ jumpcloud, journal: durable.journal });
    // OAuth client credentials: one token service signs at /oauth/token and verifies on the SCIM routes.
    const accessTokens =
      config.oauth.clients.length > 0
        ? new OAuthAccessTokens({ clients: config.oauth.clients, signingKey: config.oauth.signingSecret ?? randomBytes(32), ttlSeconds: config.oauth.tokenTtlSeconds })
        : undefined;
    const router = buildScimRouter(config, { jumpcloud, state: durable.state, scimTokens: tokens, logger, journal: durable.journal, accessTokens, afterAuth: operations.http.afterAuth, sharedLocks: durable.sharedLocks, mapping });
    // JumpCloud's own changes read back (lastModified, drift, outside deletes); runs beside the server.
    changefeed = buildChangeFeedService(config, { stores: durable.feedStores, jumpcloud, audit: durable.audit, state: durable.state, mapping, logger });
    const feed = changefeed;
    const durableState = durable;
    operations.metrics?.watchChangeFeed(feed.built.feed, feed.openDrift);
    const probe = createReadinessProbe(jumpcloud, {
      checks: {
        // The configuration was validated before anything started; the verdict says what it selected.
        config: async () => ({ ok: true, detail: `valid (JumpCloud: ${target.mode === 'emulator' ? 'embedded emulator' : (config.jumpcloud.baseUrl ?? `region ${config.jumpcloud.region}`)}${config.dryRun ? '; DRY_RUN: no writes reach JumpCloud' : ''})` }),
        // The store's writability, named for what it is: the shared database with replicas.
        [durable.engine === 'postgres' ? 'database' : 'auditStore']: durable.readiness,
      },
    });
    const app = createApp({
      logger,
      health: { jumpcloud: target.mode, version: BRIDGE_VERSION },
      // Additive: which change feed runs and how far behind it is (never a reason to be unready).
      // With replicas: which one this is, and whether it runs the feed (the others' lag is the leader's).
      readiness: async () => ({ ...(await probe()), changefeed: { ...feed.built.feed.status(), ...(durableState.replica ? { replica: durableState.replica() } : {}) } }),
      // Only the admin sees why a check failed (paths, error text): /readyz is open to every address.
      readinessDetailsToken: config.adminToken,
      scim: { basePath: config.scimBasePath, router: recording ? recording.wrap(router) : router },
      operations: operations.http,
      // Off (404) unless ADMIN_TOKEN is set.
      admin: buildAdminRoutes(config, { audit: durable.audit, jumpcloud, drift: feed.drift }),
      oauth: accessTokens ? oauthTokenRoutes({ tokens: accessTokens, throttle: new FailureThrottle(), logger }) : undefined,
      security: { tls: config.tls !== undefined, ipAllowList: config.network.ipAllowList, trustProxy: config.network.trustProxy },
    });
    const server: Server = createBridgeServer(app, config.tls);
    const inFlight = new InFlightRequests(server);
    const address = await listen(server, config.port, config.host);
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `${config.tls ? 'https' : 'http'}://${shownHost}:${address.port}`;
    let closing: Promise<void> | undefined;
    logger.info('bridge listening', { url, scimBasePath: config.scimBasePath, jumpcloud: target.mode, version: BRIDGE_VERSION });
    // One process: the feed starts now. Replicas: it runs on the one holding the feed's lease.
    durableState.lead(feed);
    return {
      url,
      scimBaseUrl: `${url}${config.scimBasePath}`,
      generatedToken: generated,
      jumpcloud: { mode: target.mode, baseUrl: target.baseUrl, apiKey: target.apiKey },
      logger,
      close: () => {
        // In close order, after the last request: what polls or writes first, the database last.
        const steps: ShutdownStep[] = [
          // The feed writes to the database: its run in progress finishes first.
          { name: 'change feed', close: () => feed.stop() },
          { name: 'fixture recorder', close: async () => recording?.close() },
          { name: 'embedded emulator', close: () => target.close() },
          { name: 'database', close: async () => durable?.close() },
        ];
        closing ??= shutDownGracefully(server, inFlight, { timeoutMs: config.shutdownTimeoutMs, steps, logger }).then(() => undefined);
        return closing;
      },
    };
  } catch (err) {
    await changefeed?.stop();
    await recording?.close();
    await durable?.close();
    await target.close();
    throw err;
  }
}
