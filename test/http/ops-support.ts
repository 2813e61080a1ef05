import request from 'supertest';
import { loadConfig } from '../../src/config/load-config';
import { startBridge, type RunningBridge } from '../../src/composition/start-bridge';
import type { Logger } from '../../src/logging/logger';
import { captureBridgeLog } from '../support/log-scan/bridge-log';
import { captureLogger } from '../support/log-scan/capture-logger';
import { registerConfigSecrets } from '../support/log-scan/register-config';
import { registerSecret } from '../support/log-scan/scan-state';

export const OPS_SCIM_TOKEN = 'ops-scim-token-0123456789abcdef';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
// Fixed rather than generated, so the logger can scrub it by value as startBridge's own does.
const OPS_EMULATOR_KEY = 'ops-emulator-key-0123456789';

/** A bridge as `npm start` wires it (embedded emulator, in-memory journal), with fault injection. */
export interface OpsBridge {
  bridge: RunningBridge;
  scim(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string): request.Test;
  /** Replaces the emulator's fault rules (emulator/control/fault-rule.ts). */
  faults(rules: Record<string, unknown>[]): Promise<void>;
  /** JumpCloud requests the emulator logged so far. */
  jumpcloudRequestCount(): Promise<number>;
  /** The id of some seeded user. */
  someUserId(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the bridge through `startBridge` with `env` added to a loopback, in-memory configuration;
 * `logger` replaces the captured one (test/support/log-scan) when a test reads what the bridge logs.
 */
export async function startOpsBridge(env: NodeJS.ProcessEnv = {}, options: { logger?: Logger } = {}): Promise<OpsBridge> {
  // No change feed: its polls are JumpCloud requests too, and one landing mid-test (a busy machine
  // delays the first) would be counted against the SCIM request being measured.
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', EMULATOR_PORT: '0', EMULATOR_API_KEY: OPS_EMULATOR_KEY, SCIM_BEARER_TOKEN: OPS_SCIM_TOKEN, AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off', ...env });
  // A test's own logger is scanned too: the configuration's secrets are registered either way.
  registerConfigSecrets(config);
  const bridge = await startBridge(config, { logger: options.logger ?? captureBridgeLog(config) });
  registerSecret('JumpCloud API key', bridge.jumpcloud.apiKey);
  registerSecret('SCIM bearer token', bridge.generatedToken);
  const control = (method: 'put' | 'get', path: string): request.Test =>
    request(bridge.jumpcloud.baseUrl ?? '')[method](`/__emulator${path}`).set('x-api-key', bridge.jumpcloud.apiKey ?? '');
  return {
    bridge,
    scim: (method, path) => request(bridge.scimBaseUrl)[method](path).set('Authorization', `Bearer ${OPS_SCIM_TOKEN}`),
    faults: async (rules) => {
      await control('put', '/faults').send(rules).expect(200);
    },
    jumpcloudRequestCount: async () => {
      const res = await control('get', '/requests').expect(200);
      const body = res.body as unknown;
      return Array.isArray(body) ? body.length : ((body as { requests?: unknown[] }).requests?.length ?? 0);
    },
    someUserId: async () => {
      const res = await request(bridge.scimBaseUrl).get('/Users?count=1').set('Authorization', `Bearer ${OPS_SCIM_TOKEN}`).expect(200);
      return (res.body as { Resources: { id: string }[] }).Resources[0]?.id ?? '';
    },
    close: () => bridge.close(),
  };
}

/** Parses Prometheus text into `name{labels} -> value` (labels as written, sorted by prom-client). */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

/**
 * A logger that keeps every line it is given (info objects after formatting), for tests that read
 * the log; the log scan reads the same lines.
 */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: captureLogger({ onLine: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }), lines };
}
