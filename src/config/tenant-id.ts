/**
 * The shape of a tenant id, shared by the tenants file and TENANT_HOSTS: it is the first segment of
 * the tenant's SCIM base path (`/<id>/scim/v2`), a file name (`tenants/<id>.db`) and a metrics
 * label, so it is URL-safe, file-safe and short.
 */
export const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What a tenant id may be, in words, for error messages. */
export const TENANT_ID_RULE = '1-63 lower-case letters, digits or -, starting with a letter or digit';

/**
 * First path segments the process serves itself (admin API, metrics, probes, the OAuth token
 * endpoint, the console, an unprefixed SCIM base): a tenant of that name would be shadowed by, or
 * shadow, one of them.
 */
export const RESERVED_TENANT_IDS: readonly string[] = ['admin', 'metrics', 'healthz', 'readyz', 'oauth', 'console', 'scim'];
