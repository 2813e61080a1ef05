import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { loadConfig } from '../../../src/config/load-config';
import { buildScimRouter } from '../../../src/composition/scim-service';
import { createApp } from '../../../src/http/app';
import { JumpCloudClient } from '../../../src/jumpcloud';
import { MemoryStateStore } from '../../../src/state/memory-state-store';
import { captureBridgeLog } from '../../support/log-scan/bridge-log';

export const REPLAY_SCIM_TOKEN = 'replay-scim-token-0123456789';

/** A bridge listening on 127.0.0.1 (ephemeral port) in front of a given JumpCloud origin. */
export interface ReplayBridge {
  /** SCIM base URL, e.g. http://127.0.0.1:43121/scim/v2. */
  scimBaseUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a bridge as the composition root wires it, for one fixture: its settings, a fresh state
 * store, and tiny retry waits so fault scenarios stay fast (the policy is tested in test/jumpcloud).
 */
export async function startReplayBridge(opts: { jumpcloudUrl: string; apiKey: string; settings?: Record<string, string> }): Promise<ReplayBridge> {
  const config = loadConfig({ SCIM_BEARER_TOKEN: REPLAY_SCIM_TOKEN, ...opts.settings });
  const logger = captureBridgeLog(config, opts.apiKey);
  const jumpcloud = new JumpCloudClient({ baseUrl: opts.jumpcloudUrl, apiKey: opts.apiKey, retry: { baseDelayMs: 1, maxDelayMs: 5, totalBudgetMs: 5000 }, logger });
  const router = buildScimRouter(config, { jumpcloud, state: new MemoryStateStore(), scimTokens: config.scimBearerTokens, logger });
  const app = createApp({ logger, health: { jumpcloud: 'emulator', version: 'replay' }, readiness: async () => ({ ready: true, checks: {} }), scim: { basePath: config.scimBasePath, router } });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    scimBaseUrl: `http://127.0.0.1:${port}${config.scimBasePath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
