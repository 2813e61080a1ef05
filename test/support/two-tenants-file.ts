import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret } from './log-scan/scan-state';

/** The organisations of the two tenants (24 hex, as JumpCloud's). */
export const ACME_ORG = 'aaaaaaaaaaaaaaaaaaaaaaaa';
export const GLOBEX_ORG = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/** Two tenants in a tenants file, and the environment of the bridge that serves them. */
export interface TwoTenants {
  /** TENANTS_FILE, AUDIT_DB_PATH (`<dir>/data/bridge.db`) and the variables holding every secret. */
  env: NodeJS.ProcessEnv;
  /** Each tenant's JumpCloud key: acme uses the provider's multi-tenant key, globex its organisation's own. */
  keys: { provider: string; globex: string };
  /** Each tenant's SCIM bearer token. */
  tokens: { acme: string; globex: string };
  /** Each tenant's SQLite database, where the bridge keeps it: `<dir>/data/tenants/<id>.db`. */
  dbPaths: { acme: string; globex: string };
}

/** The secrets of the two tenants: random, registered with the log scan. */
export function twoTenantSecrets(): Pick<TwoTenants, 'keys' | 'tokens'> {
  const secret = (label: string): string => `${label}-${randomBytes(12).toString('hex')}`;
  const keys = { provider: secret('provider-key'), globex: secret('globex-key') };
  const tokens = { acme: secret('acme-scim-token'), globex: secret('globex-scim-token') };
  for (const key of Object.values(keys)) registerSecret('JumpCloud API key', key);
  for (const token of Object.values(tokens)) registerSecret('SCIM bearer token', token);
  return { keys, tokens };
}

/**
 * Writes `<dir>/tenants.json` with tenants `acme` (organisation ACME_ORG through the provider key)
 * and `globex` (GLOBEX_ORG through its own key), both at `baseUrl`. Every secret (`secrets`, by
 * default new ones) is referenced from the file by environment variable.
 */
export function writeTwoTenants(dir: string, baseUrl: string, secrets = twoTenantSecrets()): TwoTenants {
  const { keys, tokens } = secrets;
  const file = join(dir, 'tenants.json');
  writeFileSync(
    file,
    JSON.stringify({
      tenants: [
        { id: 'acme', jumpcloud: { orgId: ACME_ORG, baseUrl, apiKey: { env: 'MSP_JUMPCLOUD_KEY' } }, scim: { bearerTokens: [{ env: 'ACME_SCIM_TOKEN' }] } },
        { id: 'globex', jumpcloud: { orgId: GLOBEX_ORG, baseUrl, apiKey: { env: 'GLOBEX_JUMPCLOUD_KEY' } }, scim: { bearerTokens: [{ env: 'GLOBEX_SCIM_TOKEN' }] } },
      ],
    }),
  );
  mkdirSync(join(dir, 'data', 'tenants'), { recursive: true });
  return {
    env: {
      TENANTS_FILE: file,
      AUDIT_DB_PATH: join(dir, 'data', 'bridge.db'),
      MSP_JUMPCLOUD_KEY: keys.provider,
      GLOBEX_JUMPCLOUD_KEY: keys.globex,
      ACME_SCIM_TOKEN: tokens.acme,
      GLOBEX_SCIM_TOKEN: tokens.globex,
    },
    keys,
    tokens,
    dbPaths: { acme: join(dir, 'data', 'tenants', 'acme.db'), globex: join(dir, 'data', 'tenants', 'globex.db') },
  };
}
