import { accessSync, constants, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import tenantsSchema from '../../schemas/tenants.schema.json';
import type { BridgeConfig, OAuthClient } from './load-config';
import { resolveSecretRef, type SecretRef } from './secret-ref';
import { tenantConfig, type ResolvedTenant } from './tenant-config';
import { credentialBindingProblems, type TenantCredential } from './tenant-credentials';
import { RESERVED_TENANT_IDS } from './tenant-id';
import { describeSchemaErrors, tenantLabel } from './tenants-file-errors';
import { parseTenantsText, TenantsFileSyntaxError } from './tenants-file-text';

/** One tenant of the bridge: its id (first segment of its SCIM base path) and its own configuration. */
export interface TenantDefinition {
  id: string;
  config: BridgeConfig;
}

/** Thrown when the tenants file cannot be used; lists every problem, never a secret value. */
export class TenantsFileError extends Error {
  override readonly name = 'TenantsFileError';
  constructor(readonly problems: string[]) {
    super(`Invalid tenants file:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** A tenants-file entry as the schema admits it. */
interface TenantEntry {
  id: string;
  jumpcloud: { orgId: string; region?: 'us' | 'eu'; baseUrl?: string; apiKey: SecretRef; concurrency?: number };
  scim: { bearerTokens?: SecretRef[]; basic?: { username: string; password: SecretRef }; oauthClients?: { clientId: string; secret: SecretRef }[] };
  adminToken?: SecretRef;
  mappingFile?: string;
  leaverPolicy?: 'delete' | 'suspend';
  readOnlyProfiles?: boolean;
  prehireStaged?: boolean;
  activationEmail?: boolean;
  dryRun?: boolean;
  changefeedMode?: 'auto' | 'insights' | 'scan' | 'off';
}

/** The minimum length of every credential a caller presents (as SCIM_BEARER_TOKEN, ADMIN_TOKEN). */
const CREDENTIAL_MIN = 16;

// verbose: errors carry their data and schema, so messages can list the allowed properties.
// strictRequired off: the jumpcloud anyOf branches require properties defined beside them, not in them.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true });
addFormats(ajv);
const validateFile = ajv.compile<{ tenants: unknown[] }>(tenantsSchema);
// One entry alone, so a refused entry does not stop the others being checked further.
const validateTenant = ajv.compile<TenantEntry>({ $ref: `${tenantsSchema.$id}#/definitions/tenant` });

/** How a secret reference reads in a message: where it comes from, never what it holds. */
function sourceOf(ref: SecretRef): string {
  return ref.env !== undefined ? `env ${ref.env}` : `file ${ref.file}`;
}

/** Reads and parses the file; a problem here means there is nothing to validate. */
function readDocument(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TenantsFileError([`TENANTS_FILE: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`]);
  }
  try {
    return parseTenantsText(path, text);
  } catch (err) {
    if (err instanceof TenantsFileSyntaxError) throw new TenantsFileError([`TENANTS_FILE: "${path}" ${err.message}`]);
    throw err;
  }
}

/** Reads one tenant's secrets and checks what the schema cannot; problems and credentials are pushed. */
function resolveTenant(entry: TenantEntry, label: string, index: number, baseDir: string, env: NodeJS.ProcessEnv, problems: string[], credentials: TenantCredential[]): ResolvedTenant | undefined {
  const before = problems.length;
  const secret = (ref: SecretRef, field: string, credential?: 'admin' | 'scim'): string => {
    const resolved = resolveSecretRef(ref, baseDir, env);
    if ('problem' in resolved) {
      problems.push(`${label}: ${field}: ${resolved.problem}`);
      return '';
    }
    if (credential && resolved.value.length < CREDENTIAL_MIN) {
      problems.push(`${label}: ${field}: must be at least ${CREDENTIAL_MIN} characters (the value of ${sourceOf(ref)} is shorter)`);
      return '';
    }
    if (credential) credentials.push({ tenant: index, label, field, opens: credential, value: resolved.value });
    return resolved.value;
  };
  const apiKey = secret(entry.jumpcloud.apiKey, 'jumpcloud.apiKey');
  const scimBearerTokens = (entry.scim.bearerTokens ?? []).map((ref, i) => secret(ref, `scim.bearerTokens[${i}]`, 'scim'));
  const basic = entry.scim.basic;
  const scimBasic = basic ? { username: basic.username, password: secret(basic.password, 'scim.basic.password', 'scim') } : undefined;
  const oauthClients: OAuthClient[] = (entry.scim.oauthClients ?? []).map((client, i) => {
    if (entry.scim.oauthClients?.findIndex((other) => other.clientId === client.clientId) !== i) {
      problems.push(`${label}: scim.oauthClients[${i}].clientId: "${client.clientId}" is listed twice`);
    }
    return { id: client.clientId, secret: secret(client.secret, `scim.oauthClients[${i}].secret`, 'scim') };
  });
  const adminToken = entry.adminToken ? secret(entry.adminToken, 'adminToken', 'admin') : undefined;
  let mappingFile: string | undefined;
  if (entry.mappingFile !== undefined) {
    mappingFile = isAbsolute(entry.mappingFile) ? entry.mappingFile : resolve(baseDir, entry.mappingFile);
    try {
      // Read access only: the mapping document's content is validated where it is loaded, with the mapping rules.
      accessSync(mappingFile, constants.R_OK);
    } catch (err) {
      problems.push(`${label}: mappingFile: cannot read "${mappingFile}" (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    }
  }
  if (problems.length > before) return undefined;
  return {
    id: entry.id,
    jumpcloud: { ...entry.jumpcloud, apiKey },
    scimBearerTokens,
    scimBasic,
    oauthClients,
    adminToken,
    mappingFile,
    leaverPolicy: entry.leaverPolicy,
    readOnlyProfiles: entry.readOnlyProfiles,
    prehireStaged: entry.prehireStaged,
    activationEmail: entry.activationEmail,
    dryRun: entry.dryRun,
    changefeedMode: entry.changefeedMode,
  };
}

/**
 * Reads, validates and resolves the tenants file (JSON, or YAML for .yaml/.yml) into one
 * BridgeConfig per tenant, derived from `base` (the global configuration). Validation: the JSON
 * Schema `schemas/tenants.schema.json`, then unique ids (none reserved), one tenant per
 * organisation, every secret reference readable, credentials of at least 16 characters each bound
 * to one tenant, mapping files readable, and every tenant of TENANT_HOSTS defined. Throws one
 * TenantsFileError listing every problem as `tenants[<index>] "<id>": <field>: <what to fix>`.
 */
export function loadTenants(path: string, base: BridgeConfig, env: NodeJS.ProcessEnv): TenantDefinition[] {
  const document = readDocument(path);
  const problems: string[] = [];
  if (!validateFile(document)) problems.push(...describeSchemaErrors(validateFile.errors ?? [], document));
  const entries = Array.isArray((document as { tenants?: unknown } | null)?.tenants) ? (document as { tenants: unknown[] }).tenants : [];

  // A tenant named like the first segment of SCIM_BASE_PATH would make /<id>/... and the base path look alike.
  const reserved = new Set([...RESERVED_TENANT_IDS, base.scimBasePath.split('/')[1]?.toLowerCase() ?? '']);
  const ids = new Map<string, string>();
  const organisations = new Map<string, string>();
  const credentials: TenantCredential[] = [];
  const resolved: ResolvedTenant[] = [];
  const baseDir = dirname(resolve(path));
  entries.forEach((raw, index) => {
    // An entry the schema refused is already reported; its secrets are not read.
    if (!validateTenant(raw)) return;
    const label = tenantLabel(index, raw.id);
    const id = raw.id.toLowerCase();
    if (reserved.has(id)) problems.push(`${label}: id: "${raw.id}" is reserved (the bridge serves /${raw.id} itself); choose another`);
    const sameId = ids.get(id);
    if (sameId) problems.push(`${label}: id: already used by ${sameId}; ids are unique`);
    else ids.set(id, label);
    const organisation = `${(raw.jumpcloud.baseUrl ?? raw.jumpcloud.region ?? '').replace(/\/+$/, '').toLowerCase()} ${raw.jumpcloud.orgId.toLowerCase()}`;
    const sameOrganisation = organisations.get(organisation);
    if (sameOrganisation) problems.push(`${label}: jumpcloud.orgId: organisation ${raw.jumpcloud.orgId} is already served by ${sameOrganisation}; two tenants on one organisation would read and write each other's users`);
    else organisations.set(organisation, label);
    if (base.database && raw.scim.oauthClients && !base.oauth.signingSecret) {
      problems.push(`${label}: scim.oauthClients: OAUTH_SIGNING_SECRET is required with DATABASE_URL (every replica must derive the same token-signing key for this tenant)`);
    }
    const tenant = resolveTenant(raw, label, index, baseDir, env, problems, credentials);
    if (tenant) resolved.push(tenant);
  });
  problems.push(...credentialBindingProblems(credentials, base));
  // Every id written in the file counts here, even one of an entry refused above: "not defined" would mislead.
  const written = new Set(entries.map((raw) => (raw as { id?: unknown } | null)?.id).filter((id): id is string => typeof id === 'string').map((id) => id.toLowerCase()));
  for (const [host, tenant] of Object.entries(base.tenants?.hosts ?? {})) {
    if (!written.has(tenant)) problems.push(`TENANT_HOSTS: host "${host}" names tenant "${tenant}", which the tenants file does not define`);
  }
  if (problems.length > 0) throw new TenantsFileError(problems);
  return resolved.map((tenant) => ({ id: tenant.id, config: tenantConfig(base, tenant) }));
}
