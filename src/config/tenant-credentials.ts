import type { BridgeConfig } from './load-config';

/** One credential value of a tenant: where it is in the file, and what it opens. */
export interface TenantCredential {
  /** Index of the tenant in the file, and its label in messages (`tenants[1] "acme"`). */
  tenant: number;
  label: string;
  /** Field path inside the tenant, e.g. `scim.bearerTokens[0]`. */
  field: string;
  /** `admin`: the tenant's admin API; `scim`: its SCIM endpoints. */
  opens: 'admin' | 'scim';
  value: string;
}

/** Who holds a credential value first: a global setting or a tenant's field. */
type Holder = { setting: string } | TenantCredential;

/** The global settings holding a credential some caller presents (a tenant may share none of them). */
function globalCredentials(base: BridgeConfig): [string, string][] {
  return [
    ...base.scimBearerTokens.map((token): [string, string] => ['SCIM_BEARER_TOKEN', token]),
    ...(base.scimBasic ? [['SCIM_BASIC_PASSWORD', base.scimBasic.password] as [string, string]] : []),
    ...base.oauth.clients.map((client): [string, string] => ['OAUTH_CLIENTS secret', client.secret]),
    ...(base.adminToken ? [['ADMIN_TOKEN (the provider-wide admin token)', base.adminToken] as [string, string]] : []),
    ...(base.metrics.token ? [['METRICS_TOKEN', base.metrics.token] as [string, string]] : []),
  ];
}

/**
 * Checks that each credential is bound to exactly one tenant: no value shared by two tenants, none
 * shared with a global credential, and a tenant's admin token distinct from its SCIM credentials
 * (whoever may provision must not thereby read the audit trail). A presented credential therefore
 * names at most one tenant, which is what keeps one tenant's caller out of another's routes.
 * Messages name both holders, never the value.
 */
export function credentialBindingProblems(credentials: readonly TenantCredential[], base: BridgeConfig): string[] {
  const holders = new Map<string, Holder>();
  for (const [setting, value] of globalCredentials(base)) if (!holders.has(value)) holders.set(value, { setting });
  const problems: string[] = [];
  for (const credential of credentials) {
    const holder = holders.get(credential.value);
    const where = `${credential.label}: ${credential.field}`;
    if (holder === undefined) {
      holders.set(credential.value, credential);
    } else if ('setting' in holder) {
      problems.push(`${where}: the same value as the global ${holder.setting}; a credential belongs to one tenant, give this one its own`);
    } else if (holder.tenant !== credential.tenant) {
      problems.push(`${where}: the same credential as ${holder.label} ${holder.field}; a credential belongs to exactly one tenant, give each its own`);
    } else if (holder.opens !== credential.opens) {
      const admin = holder.opens === 'admin' ? holder : credential;
      const scim = holder.opens === 'admin' ? credential : holder;
      problems.push(`${credential.label}: ${admin.field}: must differ from ${scim.field} (the admin API takes its own credential)`);
    }
  }
  return problems;
}
