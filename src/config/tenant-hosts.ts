import { TENANT_ID, TENANT_ID_RULE } from './tenant-id';

/** A Host header value as PUBLIC_HOSTS accepts it: a name or address, with a port when not the default. */
const HOST = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253})(?::[0-9]{1,5})?$/;

/**
 * Parses TENANT_HOSTS (`host=tenant` entries) into lower-case host -> tenant id. Whether each tenant
 * exists is for the tenants file loader to say; here only the shapes and repeats are checked. Each
 * problem is pushed to `problems`, naming the entry (hosts and tenant ids are not secrets).
 */
export function parseTenantHosts(entries: readonly string[], problems: string[]): Record<string, string> {
  const hosts: Record<string, string> = {};
  for (const entry of entries) {
    const at = entry.indexOf('=');
    // Host names are case-insensitive (RFC 3986 §3.2.2): kept and compared in lower case.
    const host = (at < 0 ? entry : entry.slice(0, at)).trim().toLowerCase();
    const tenant = at < 0 ? '' : entry.slice(at + 1).trim();
    if (at < 0 || !HOST.test(host)) {
      problems.push(`TENANT_HOSTS: ${JSON.stringify(entry.slice(0, 80))} must be host=tenant, e.g. scim.acme.example=acme`);
    } else if (!TENANT_ID.test(tenant)) {
      problems.push(`TENANT_HOSTS: the tenant of host "${host}" must be a tenant id (${TENANT_ID_RULE}); got ${JSON.stringify(tenant.slice(0, 80))}`);
    } else if (Object.hasOwn(hosts, host)) {
      problems.push(`TENANT_HOSTS: host "${host}" is listed twice`);
    } else {
      hosts[host] = tenant;
    }
  }
  return hosts;
}
