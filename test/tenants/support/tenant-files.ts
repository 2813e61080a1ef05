import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** N organisations' ids (24 hex) and the tenants file entries that reach them with the provider key. */
export interface GeneratedTenants {
  orgIds: string[];
  /** Environment of the bridge: the provider key and one SCIM token variable per tenant. */
  env: Record<string, string>;
  tokens: string[];
  ids: string[];
}

/** Organisation id number `i` (24 hex). */
export function orgIdOf(i: number): string {
  return (0xa00000 + i).toString(16).padStart(24, '0');
}

/** Makes `count` tenants (ids tenant-000...), their tokens (in environment variables) and orgs. */
export function generateTenants(count: number, providerKeyEnv = 'MSP_JUMPCLOUD_KEY'): GeneratedTenants {
  const ids = Array.from({ length: count }, (_, i) => `tenant-${String(i).padStart(3, '0')}`);
  const tokens = ids.map((id) => `${id}-scim-${randomBytes(12).toString('hex')}`);
  const env: Record<string, string> = {};
  tokens.forEach((token, i) => (env[`SCIM_TOKEN_${i}`] = token));
  return { orgIds: ids.map((_, i) => orgIdOf(i)), env: { ...env, [providerKeyEnv]: '' }, tokens, ids };
}

/** Writes the tenants file (JSON) for the first `count` generated tenants against `baseUrl`. */
export function writeTenantsFile(path: string, tenants: GeneratedTenants, baseUrl: string, count = tenants.ids.length, providerKeyEnv = 'MSP_JUMPCLOUD_KEY'): void {
  const entries = tenants.ids.slice(0, count).map((id, i) => ({
    id,
    jumpcloud: { orgId: tenants.orgIds[i], baseUrl, apiKey: { env: providerKeyEnv } },
    scim: { bearerTokens: [{ env: `SCIM_TOKEN_${i}` }] },
  }));
  writeFileSync(path, JSON.stringify({ tenants: entries }, null, 2));
}
