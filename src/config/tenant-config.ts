import { createHmac, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { BridgeConfig, OAuthClient } from './load-config';

/** A tenants-file entry once validated and its secrets read. */
export interface ResolvedTenant {
  id: string;
  jumpcloud: { apiKey: string; orgId: string; region?: 'us' | 'eu'; baseUrl?: string; concurrency?: number };
  scimBearerTokens: string[];
  scimBasic?: { username: string; password: string };
  oauthClients: OAuthClient[];
  adminToken?: string;
  /** Already resolved against the tenants file's folder. */
  mappingFile?: string;
  leaverPolicy?: BridgeConfig['lifecycle']['leaverPolicy'];
  readOnlyProfiles?: boolean;
  prehireStaged?: boolean;
  activationEmail?: boolean;
  dryRun?: boolean;
  changefeedMode?: BridgeConfig['changefeed']['mode'];
}

/**
 * Key of the derived secrets when the global one is unset. One per process, not per load: a
 * SIGHUP reload derives the same keys again, so tokens and cursors issued before it stay valid.
 */
const PROCESS_KEY = randomBytes(32);

const IN_MEMORY = ':memory:';

/**
 * A tenant's own key for `purpose`: HMAC-SHA256 of `purpose:id` under the global secret (or the
 * process key). Each tenant signs with a different key, so an OAuth token or a cursor issued by
 * tenant A never verifies on tenant B, while replicas sharing the global secret agree on it.
 */
function derivedSecret(globalSecret: string | undefined, purpose: 'oauth' | 'cursor', id: string): string {
  return createHmac('sha256', globalSecret ?? PROCESS_KEY).update(`${purpose}:${id}`).digest('hex');
}

/** `<dirname(path)>/tenants/<file>`, so every tenant's files sit together beside the global one. */
function besideGlobal(path: string, file: string): string {
  return join(dirname(path), 'tenants', file);
}

/**
 * The BridgeConfig of one tenant: its JumpCloud organisation, credentials, derived signing keys,
 * own audit files, base path `/<id>` + SCIM_BASE_PATH and the settings it overrides; everything
 * else from the global configuration. The global JUMPCLOUD_BASE_URL is not inherited: a tenant
 * naming a region means that region's JumpCloud, not whatever the global override points at.
 */
export function tenantConfig(base: BridgeConfig, tenant: ResolvedTenant): BridgeConfig {
  const { id } = tenant;
  return {
    ...base,
    scimBasePath: `/${id}${base.scimBasePath}`,
    scimBearerTokens: tenant.scimBearerTokens,
    scimBasic: tenant.scimBasic,
    adminToken: tenant.adminToken,
    oauth: { ...base.oauth, clients: tenant.oauthClients, signingSecret: derivedSecret(base.oauth.signingSecret, 'oauth', id) },
    cursor: { ...base.cursor, secret: derivedSecret(base.cursor.secret, 'cursor', id) },
    mappingFile: tenant.mappingFile ?? base.mappingFile,
    jumpcloud: {
      ...base.jumpcloud,
      apiKey: tenant.jumpcloud.apiKey,
      orgId: tenant.jumpcloud.orgId,
      region: tenant.jumpcloud.region ?? base.jumpcloud.region,
      baseUrl: tenant.jumpcloud.baseUrl?.replace(/\/+$/, ''),
      concurrency: tenant.jumpcloud.concurrency ?? base.jumpcloud.concurrency,
    },
    lifecycle: {
      leaverPolicy: tenant.leaverPolicy ?? base.lifecycle.leaverPolicy,
      prehireStaged: tenant.prehireStaged ?? base.lifecycle.prehireStaged,
      activationEmail: tenant.activationEmail ?? base.lifecycle.activationEmail,
      readOnlyProfiles: tenant.readOnlyProfiles ?? base.lifecycle.readOnlyProfiles,
    },
    dryRun: tenant.dryRun ?? base.dryRun,
    audit: {
      ...base.audit,
      dbPath: base.audit.dbPath === IN_MEMORY ? IN_MEMORY : besideGlobal(base.audit.dbPath, `${id}.db`),
      logFile: base.audit.logFile === undefined ? undefined : besideGlobal(base.audit.logFile, `${id}-audit.log`),
    },
    changefeed: { ...base.changefeed, mode: tenant.changefeedMode ?? base.changefeed.mode },
    tenants: undefined,
  };
}
