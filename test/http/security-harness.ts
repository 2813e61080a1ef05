import type { Express } from 'express';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { loadConfig, type BridgeConfig } from '../../src/config/load-config';
import { buildScimRouter } from '../../src/composition/scim-service';
import { buildAdminRoutes } from '../../src/composition/admin-service';
import { createApp } from '../../src/http/app';
import { OAuthAccessTokens } from '../../src/http/oauth-access-tokens';
import { FailureThrottle } from '../../src/http/oauth-failure-throttle';
import { oauthTokenRoutes } from '../../src/http/oauth-token.routes';
import { JumpCloudClient } from '../../src/jumpcloud';
import { AuditJournal } from '../../src/lifecycle/audit-journal';
import { MemoryAuditStore } from '../../src/lifecycle/memory-audit-store';
import { MemoryStateStore } from '../../src/state/memory-state-store';
import { captureBridgeLog } from '../support/log-scan/bridge-log';
import { registerSecret } from '../support/log-scan/scan-state';

const EMULATOR_KEY = 'security-emulator-key-0123';
const FALLBACK_SIGNING_KEY = 'security-test-signing-key-0123456789';

/** A bridge app wired as start-bridge.ts wires it (OAuth, allow-list, trust proxy), on a fake clock. */
export interface SecurityBridge {
  app: Express;
  config: BridgeConfig;
  emulator: RunningEmulator;
  audit: MemoryAuditStore;
  /** The token service the app signs and verifies with. */
  tokens?: OAuthAccessTokens;
  /** Moves the fake clock (token expiry, failure backoff) forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts an emulator and a bridge app in front of it with the given settings (environment variables). */
export async function startSecurityBridge(env: NodeJS.ProcessEnv): Promise<SecurityBridge> {
  let clock = Date.UTC(2025, 0, 15, 12, 0, 0);
  const now = (): number => clock;
  const emulator = await startEmulator({ port: 0, options: { apiKey: EMULATOR_KEY } });
  const config = loadConfig(env);
  const logger = captureBridgeLog(config, EMULATOR_KEY);
  registerSecret('OAuth signing secret', FALLBACK_SIGNING_KEY);
  const audit = new MemoryAuditStore();
  const journal = new AuditJournal({ store: audit, secrets: [EMULATOR_KEY] });
  const jumpcloud = new JumpCloudClient({ baseUrl: emulator.url, apiKey: EMULATOR_KEY, retry: { baseDelayMs: 2, maxDelayMs: 10, totalBudgetMs: 3000 }, logger, onCall: journal.calls.record });
  const tokens =
    config.oauth.clients.length > 0
      ? new OAuthAccessTokens({ clients: config.oauth.clients, signingKey: config.oauth.signingSecret ?? FALLBACK_SIGNING_KEY, ttlSeconds: config.oauth.tokenTtlSeconds, now })
      : undefined;
  const router = buildScimRouter(config, { jumpcloud, state: new MemoryStateStore(), scimTokens: config.scimBearerTokens, logger, journal, accessTokens: tokens });
  const app = createApp({
    logger,
    health: { jumpcloud: 'emulator', version: 'test' },
    readiness: async () => ({ ready: true, checks: {} }),
    scim: { basePath: config.scimBasePath, router },
    admin: buildAdminRoutes(config, { audit, jumpcloud }),
    oauth: tokens ? oauthTokenRoutes({ tokens, throttle: new FailureThrottle({ now }), logger }) : undefined,
    security: { tls: config.tls !== undefined, ipAllowList: config.network.ipAllowList, trustProxy: config.network.trustProxy },
  });
  return {
    app,
    config,
    emulator,
    audit,
    tokens,
    advance: (ms) => {
      clock += ms;
    },
    close: () => emulator.close(),
  };
}

/** `Authorization: Basic` for a client id and secret. */
export function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}
