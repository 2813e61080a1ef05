/**
 * One PostgreSQL schema per tenant (issue 15): every tenant's tables in a schema of its own in
 * the one database, so that no statement of one tenant's stores can name another's rows. Only
 * names are decided here: which schema a tenant gets, how a pool is pinned to it, and the keys of
 * the advisory locks, which PostgreSQL keeps per DATABASE, not per schema, and so must carry the
 * schema in their name for two tenants' locks to be two locks.
 */
import { createHash } from 'node:crypto';

/**
 * What a schema may be called: an unquoted lower-case identifier of at most 63 bytes, the longest
 * PostgreSQL keeps (a longer one would be cut short silently, and two long names could meet).
 */
export const SCHEMA_NAME_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** The prefix of every tenant's schema, so that none can be `public` or a system schema. */
const TENANT_SCHEMA_PREFIX = 'tenant_';

/**
 * Throws unless `schema` can be a tenant's schema: the pattern above, and neither `public` (the
 * single-tenant bridge's, which has its own lock keys: open without a schema for it) nor a name
 * PostgreSQL reserves for itself (pg_*). Checked before any connection, so that the name is
 * never spliced into a statement unchecked.
 */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME_PATTERN.test(schema)) {
    throw new Error(`the schema name "${schema}" is not one PostgreSQL keeps as given: use 1 to 63 lower-case letters, digits and underscores, not starting with a digit`);
  }
  if (schema === 'public') throw new Error('the schema "public" is the single-tenant store: open it without a schema');
  if (schema.startsWith('pg_')) throw new Error(`the schema name "${schema}" starts with pg_, which PostgreSQL reserves for its own schemas`);
}

/**
 * The schema of the tenant `tenantId` (a tenants-file id: lower-case letters, digits and hyphens):
 * `tenant_` and the id with each hyphen an underscore, a one-to-one mapping since ids have no
 * underscore. An id too long for that to fit in 63 bytes keeps its first 38 characters and gains
 * 16 hex digits of its SHA-256, so that two long ids sharing a prefix never share a schema.
 */
export function tenantSchemaName(tenantId: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(tenantId)) throw new Error(`the tenant id "${tenantId}" is not a tenants-file id (lower-case letters, digits and hyphens)`);
  const mapped = `${TENANT_SCHEMA_PREFIX}${tenantId.replace(/-/g, '_')}`;
  if (mapped.length <= 63) return mapped;
  const digest = createHash('sha256').update(tenantId).digest('hex').slice(0, 16);
  return `${TENANT_SCHEMA_PREFIX}${tenantId.slice(0, 38).replace(/-/g, '_')}_${digest}`;
}

/**
 * The startup `options` that pin every connection of a pool to `schema`: `search_path` is that
 * schema ALONE, so a table missing there is an error, never a silent read of `public` or of
 * another tenant. A startup option rather than a SET on connect: it is in force before the first
 * statement, and RESET or DISCARD ALL return to it. PGOPTIONS (which node-postgres reads only
 * when no `options` is given) is kept in front, the search_path after it winning.
 */
export function searchPathOptions(schema: string, inherited: string | undefined = process.env.PGOPTIONS): string {
  assertSchemaName(schema);
  const pin = `-c search_path=${schema}`;
  return inherited?.trim() ? `${inherited.trim()} ${pin}` : pin;
}

/**
 * Throws when `url` sets the `options` parameter: node-postgres lets a URL's parameters override
 * the pool's own, so that URL would silently unpin the schema (every tenant reading `public`).
 * The message never repeats the URL (it holds the password).
 */
export function assertUrlLeavesOptions(url: string): void {
  const query = url.indexOf('?');
  if (query >= 0 && new URLSearchParams(url.slice(query + 1)).has('options')) {
    throw new Error('the URL sets the "options" parameter, which would replace the search_path that keeps each tenant in its own schema; set those server settings on the database role instead (ALTER ROLE ... SET)');
  }
}

/**
 * `table` in `schema` (quoted), for the few statements that must reach a table outside the
 * pool's own schema: a lease or replica registry kept once for the whole process (in `public`,
 * say) while each tenant's stores are pinned to the tenant's schema. Undefined: `table` as is,
 * found through the pool's search_path.
 */
export function qualifiedTable(schema: string | undefined, table: string): string {
  if (schema === undefined) return table;
  if (!SCHEMA_NAME_PATTERN.test(schema)) throw new Error(`the schema name "${schema}" is not one PostgreSQL keeps as given: use 1 to 63 lower-case letters, digits and underscores, not starting with a digit`);
  return `"${schema}".${table}`;
}

/**
 * The name of an advisory lock of `schema`'s tenant: `name` itself without a schema (the
 * single-tenant bridge's locks keep their keys, so replicas of two versions still exclude each
 * other), else the schema and the name, so two tenants' locks on the same resource are two locks.
 */
export function schemaLockName(schema: string | undefined, name: string): string {
  return schema === undefined ? name : `${schema}:${name}`;
}

/**
 * A 64-bit advisory lock key (signed, as pg_advisory_lock takes it, as a decimal string) for
 * `purpose` in `schema`: the first 8 bytes of a SHA-256 of both, so each schema has its own.
 */
export function schemaLockKey(purpose: string, schema: string): string {
  const digest = createHash('sha256').update(`jumpcloud-scim-bridge/lock/${purpose}\0${schema}`).digest();
  return digest.readBigInt64BE(0).toString();
}
