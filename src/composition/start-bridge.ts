import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { configWarnings } from '../config/config-warnings';
import { ConfigError, secretValues, type BridgeConfig } from '../config/load-config';
import { createApp } from '../http/app';
import { createLogger, type Logger } from '../logging/logger';
import { BRIDGE_VERSION } from '../version';
import { resolveJumpCloudTarget, type JumpCloudTarget } from './jumpcloud-target';
import { startRecordingIfAsked } from './fixture-recording';
import { shutDownGracefully, type ShutdownStep } from './shutdown';
import { InFlightRequests } from './shutdown-requests';
import { createBridgeServer } from './tls-server';
import { listenOn } from './listen';
import { buildTenantBridge, type TenantBridge } from './tenant-bridge';
import { loadTenants } from '../config/tenants-file';
import { watchTenantsOnSignal } from '../config/tenants-reload';
import { startMultiTenantBridge } from './start-tenants';
import { bridgeConsoleRoutes, consoleShellSettings } from './console-service';

/** A started bridge, with what an operator needs to call it. */
export interface RunningBridge {
  /** Origin the bridge listens on, e.g. http://127.0.0.1:8080. */
  url: string;
  /** `url` plus the SCIM base path. */
  scimBaseUrl: string;
  /** The operator console's URL, when ADMIN_TOKEN turns it on. */
  consoleUrl?: string;
  /** TENANTS_FILE: the tenants served when the bridge started (scimBaseUrl then holds `{tenant}`). */
  tenants?: readonly string[];
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

/**
 * TENANTS_FILE: one bridge serving every tenant of the file (start-tenants.ts), reloaded on SIGHUP
 * (validated first: a bad file keeps the tenants in service and says why).
 */
async function startTenantsFromFile(config: BridgeConfig, options: { logger?: Logger; env?: NodeJS.ProcessEnv; tenants: NonNullable<BridgeConfig['tenants']> }): Promise<RunningBridge> {
  const env = options.env ?? process.env;
  const load = () => loadTenants(options.tenants.file, config, env);
  const bridge = await startMultiTenantBridge(config, load(), { logger: options.logger, hosts: options.tenants.hosts });
  const stopWatching = watchTenantsOnSignal({ load, apply: (tenants) => bridge.reload(tenants), log: bridge.logger });
  return {
    ...bridge,
    close: () => {
      stopWatching();
      return bridge.close();
    },
  };
}

/** Composition root: config -> logger -> JumpCloud target -> HTTP app -> listening server. */
export async function startBridge(config: BridgeConfig, overrides: { logger?: Logger; env?: NodeJS.ProcessEnv } = {}): Promise<RunningBridge> {
  if (config.tenants) return startTenantsFromFile(config, { ...overrides, tenants: config.tenants });
  const { tokens, generated } = scimTokensFor(config);
  const target = await resolveJumpCloudTarget(config);
  const secrets = [...secretValues(config), ...tokens, target.apiKey];
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, secrets });
  // Valid but risky settings: said once, at start, with what to set instead.
  for (const warning of configWarnings(config)) logger.warn(warning.message, { setting: warning.setting });
  let tenant: TenantBridge | undefined;
  let recording: Awaited<ReturnType<typeof startRecordingIfAsked>> = undefined;
  try {
    if (config.database && target.mode === 'emulator') {
      // Each replica would start its own embedded emulator: one journal over several directories.
      throw new ConfigError(['DATABASE_URL: replicas must share one JumpCloud; set JUMPCLOUD_API_KEY (and JUMPCLOUD_BASE_URL for a sandbox emulator) or leave DATABASE_URL unset for the embedded emulator']);
    }
    const knownSecrets = secrets.filter((secret): secret is string => typeof secret === 'string');
    recording = await startRecordingIfAsked(config, target, knownSecrets);
    tenant = await buildTenantBridge(config, {
      target: { mode: target.mode, baseUrl: target.baseUrl, apiKey: target.apiKey },
      logger,
      secrets: knownSecrets,
      scimTokens: tokens,
      processMetrics: true,
      clientBaseUrl: recording?.jumpcloudBaseUrl,
    });
    const running = tenant;
    // Off (404) unless ADMIN_TOKEN is set.
    const operatorConsole = running.consoleData ? bridgeConsoleRoutes(running.adminTokens, running.consoleData, consoleShellSettings(config)) : undefined;
    const app = createApp({
      logger,
      health: { jumpcloud: target.mode, version: BRIDGE_VERSION },
      readiness: () => running.readiness(),
      // Only the admin sees why a check failed (paths, error text): /readyz is open to every address.
      readinessDetailsToken: config.adminToken,
      scim: { basePath: config.scimBasePath, router: recording ? recording.wrap(running.scimRouter) : running.scimRouter },
      operations: running.operations.http,
      // Off (404) unless ADMIN_TOKEN is set.
      admin: running.admin,
      oauth: running.oauth,
      console: operatorConsole,
      security: { tls: config.tls !== undefined, ipAllowList: config.network.ipAllowList, trustProxy: config.network.trustProxy },
    });
    const server: Server = createBridgeServer(app, config.tls);
    const inFlight = new InFlightRequests(server);
    const url = await listenOn(server, config);
    let closing: Promise<void> | undefined;
    logger.info('bridge listening', { url, scimBasePath: config.scimBasePath, jumpcloud: target.mode, version: BRIDGE_VERSION, ...(operatorConsole ? { console: `${url}/console/` } : {}) });
    running.start();
    return {
      url,
      scimBaseUrl: `${url}${config.scimBasePath}`,
      ...(operatorConsole ? { consoleUrl: `${url}/console/` } : {}),
      generatedToken: generated,
      jumpcloud: { mode: target.mode, baseUrl: target.baseUrl, apiKey: target.apiKey },
      logger,
      close: () => {
        // In close order, after the last request: what polls or writes first, the database last.
        const steps: ShutdownStep[] = [
          // The feed writes to the database: its run in progress finishes first.
          { name: 'change feed', close: () => running.feed.stop() },
          { name: 'fixture recorder', close: async () => recording?.close() },
          { name: 'embedded emulator', close: () => target.close() },
          { name: 'database', close: () => running.durable.close() },
        ];
        closing ??= shutDownGracefully(server, inFlight, { timeoutMs: config.shutdownTimeoutMs, steps, logger }).then(() => undefined);
        return closing;
      },
    };
  } catch (err) {
    await tenant?.close();
    await recording?.close();
    await target.close();
    throw err;
  }
}
