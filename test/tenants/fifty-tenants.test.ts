import { randomBytes } from 'node:crypto';
import winston from 'winston';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startMultiTenantBridge, type TenantDefinition } from '../../src/composition/start-tenants';
import { createLogger } from '../../src/logging/logger';
import { registerSecret } from '../support/log-scan/scan-state';
import { baseConfig, tenantConfig } from './support/two-tenants';

const TENANTS = 50;

/**
 * Fifty tenants in one process: all start, each answers with its own credential only, and a
 * reload adds, removes and changes tenants while the others keep serving.
 */
describe('fifty tenants in one bridge', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: `fifty-key-${randomBytes(4).toString('hex')}` } });
    emulator.ctx.reset();
    registerSecret('JumpCloud API key', emulator.ctx.options.apiKey);
  });
  afterAll(async () => {
    await emulator.close();
  });

  function definition(index: number, tokenSuffix = 'v1'): TenantDefinition {
    const id = `tenant-${String(index).padStart(2, '0')}`;
    const token = `${id}-token-${tokenSuffix}-0123456789abcdef`;
    registerSecret('SCIM bearer token', token);
    const base = baseConfig();
    return {
      id,
      config: tenantConfig(base, { id, emulator, token, adminToken: `${id}-admin-0123456789abcdef`, oauthClient: { id: `${id}-client`, secret: `${id}-secret-0123456789abcdef` } }),
    };
  }

  it('starts them all, serves each with its own token, and reloads without a restart', async () => {
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const definitions = Array.from({ length: TENANTS }, (_, i) => definition(i));
    const logger = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
    const bridge = await startMultiTenantBridge(baseConfig(), definitions, { logger });
    const startMs = Date.now() - started;
    const heapGrowthMiB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    const origin = bridge.url.replace('//localhost', '//127.0.0.1');
    const status = (id: string, token: string) =>
      fetch(`${origin}/${id}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      });
    try {
      expect(bridge.tenantIds()).toHaveLength(TENANTS);
      const tokenOf = (d: TenantDefinition) => d.config.scimBearerTokens[0] as string;
      expect(await Promise.all(definitions.map((d) => status(d.id, tokenOf(d))))).toEqual(Array(TENANTS).fill(200));
      // Each token opens its own tenant only.
      expect(await status('tenant-01', tokenOf(definitions[2] as TenantDefinition))).toBe(401);

      // Reload: tenants 40-49 removed, 50-54 added, tenant-00's token rotated; the rest untouched.
      const next = [definition(0, 'v2'), ...definitions.slice(1, 40), ...Array.from({ length: 5 }, (_, i) => definition(50 + i))];
      // Ten at once: within the per-client concurrency limit (more would be 429s by design).
      const serving = Promise.all(Array.from({ length: 10 }, () => status('tenant-05', tokenOf(definitions[5] as TenantDefinition))));
      await bridge.reload(next);
      expect(await serving).toEqual(Array(10).fill(200));
      expect(bridge.tenantIds().sort()).toEqual(next.map((d) => d.id).sort());
      expect(await status('tenant-00', tokenOf(definitions[0] as TenantDefinition))).toBe(401);
      expect(await status('tenant-00', tokenOf(next[0] as TenantDefinition))).toBe(200);
      expect(await status('tenant-45', tokenOf(definitions[45] as TenantDefinition))).toBe(401);
      expect(await status('tenant-52', tokenOf(next[next.length - 3] as TenantDefinition))).toBe(200);
      console.log(`fifty tenants: started in ${startMs} ms, heap grew ${heapGrowthMiB.toFixed(1)} MiB`);
    } finally {
      await bridge.close();
    }
  }, 60_000);
});
