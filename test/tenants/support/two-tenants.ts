import { randomBytes } from 'node:crypto';
import winston from 'winston';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { startMultiTenantBridge, type TenantDefinition } from '../../../src/composition/start-tenants';
import { loadConfig, type BridgeConfig } from '../../../src/config/load-config';
import { createLogger } from '../../../src/logging/logger';
import { registerSecret } from '../../support/log-scan/scan-state';

/** What a test holds of one tenant: its id, its own emulator (its JumpCloud organisation) and credentials. */
export interface TestTenant {
  id: string;
  emulator: RunningEmulator;
  token: string;
  adminToken: string;
  oauthClient: { id: string; secret: string };
  /** `<bridge>/<id>/scim/v2` */
  scim: string;
}

export const PROVIDER_ADMIN_TOKEN = 'provider-admin-token-0123456789';
registerSecret('admin token', PROVIDER_ADMIN_TOKEN);

/** The global configuration of a multi-tenant test bridge (in memory, loopback, no change feed unless asked). */
export function baseConfig(env: Record<string, string> = {}): BridgeConfig {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off', ADMIN_TOKEN: PROVIDER_ADMIN_TOKEN, LOG_LEVEL: 'error', ...env });
}

/** One tenant's configuration: the global one plus its organisation, credentials and its own signing keys. */
export function tenantConfig(base: BridgeConfig, tenant: Omit<TestTenant, 'scim'>, overrides: Partial<BridgeConfig> = {}): BridgeConfig {
  return {
    ...base,
    scimBasePath: `/${tenant.id}${base.scimBasePath}`,
    scimBearerTokens: [tenant.token],
    adminToken: tenant.adminToken,
    oauth: { ...base.oauth, clients: [tenant.oauthClient], signingSecret: randomBytes(32).toString('hex') },
    cursor: { ...base.cursor, secret: randomBytes(32).toString('hex') },
    jumpcloud: { ...base.jumpcloud, apiKey: tenant.emulator.ctx.options.apiKey, baseUrl: tenant.emulator.url, orgId: undefined },
    ...overrides,
  };
}

/** Makes a tenant: an emulator of its own and fresh credentials (registered with the log scan as secrets). */
export async function makeTenant(id: string): Promise<Omit<TestTenant, 'scim'>> {
  const emulator = await startEmulator({ port: 0, options: { apiKey: `${id}-jumpcloud-key-${randomBytes(4).toString('hex')}` } });
  emulator.ctx.reset();
  const tenant = {
    id,
    emulator,
    token: `${id}-scim-token-${randomBytes(12).toString('hex')}`,
    adminToken: `${id}-admin-token-${randomBytes(12).toString('hex')}`,
    oauthClient: { id: `${id}-client`, secret: `${id}-client-secret-${randomBytes(12).toString('hex')}` },
  };
  registerSecret('SCIM bearer token', tenant.token);
  registerSecret('admin token', tenant.adminToken);
  registerSecret('OAuth client secret', tenant.oauthClient.secret);
  registerSecret('JumpCloud API key', emulator.ctx.options.apiKey);
  return tenant;
}

/** A running multi-tenant bridge over the given tenants, with what the tests need. */
export async function startTenants(tenants: Omit<TestTenant, 'scim'>[], configure: (tenant: Omit<TestTenant, 'scim'>, base: BridgeConfig) => BridgeConfig = (t, b) => tenantConfig(b, t)) {
  const base = baseConfig();
  const definitions: TenantDefinition[] = tenants.map((tenant) => ({ id: tenant.id, config: configure(tenant, base) }));
  const logger = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
  const bridge = await startMultiTenantBridge(base, definitions, { logger });
  const origin = bridge.url.replace('//localhost', '//127.0.0.1');
  return { bridge, origin, tenants: tenants.map((tenant): TestTenant => ({ ...tenant, scim: `${origin}/${tenant.id}${base.scimBasePath}` })) };
}
