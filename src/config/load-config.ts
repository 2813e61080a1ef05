import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { isOAuthClientId } from './oauth-client-id';
import { SETTINGS, type SettingDefinition, type SettingName } from './settings';
import { parseTenantHosts } from './tenant-hosts';

/** The validated, typed configuration of one bridge process. */
export interface BridgeConfig {
  port: number;
  host: string;
  scimBasePath: string;
  /** Accepted SCIM bearer tokens (several during a rotation); empty when none is configured. */
  scimBearerTokens: string[];
  /** HTTP Basic credentials for SCIM clients, when configured. */
  scimBasic?: { username: string; password: string };
  /** Bearer token of the admin endpoints; unset = the admin endpoints are not mounted. */
  adminToken?: string;
  /** Public origin for meta.location; unset = from the request. */
  publicBaseUrl?: string;
  /** Host values (lower case) a request's Host may carry when publicBaseUrl is unset; unset = any well-formed one. */
  publicHosts?: string[];
  /** OAuth 2.0 client credentials (RFC 6749 §4.4): clients, token lifetime, signing key (unset = random per process). */
  oauth: { clients: OAuthClient[]; tokenTtlSeconds: number; signingSecret?: string };
  /** HTTPS served by the bridge itself; unset = plain HTTP. */
  tls?: { certFile: string; keyFile: string; minVersion: 'TLSv1.2' | 'TLSv1.3' };
  /** Who may connect: allowed addresses/CIDRs (unset = all), and which proxies' X-Forwarded-For is believed. */
  network: { ipAllowList?: string[]; trustProxy: TrustProxy };
  /** Prometheus /metrics: on or off, and the scrape-only token (loopback needs none). */
  metrics: { enabled: boolean; token?: string };
  /** Inbound limits protecting the bridge and JumpCloud (issue 8). */
  limits: { maxBodyBytes: number; filterMaxLength: number; filterMaxDepth: number; maxConcurrentPerClient: number; requestDeadlineMs: number };
  paging: { defaultCount: number; maxCount: number };
  /** /Bulk limits (RFC 7644 §3.7.4), advertised in /ServiceProviderConfig. */
  bulk: { maxOperations: number; maxPayloadBytes: number };
  /** RFC 9865 cursors: lifetime, and the signing key (unset = random per process). */
  cursor: { ttlSeconds: number; secret?: string };
  /** What the discovery documents announce: the RFC 9865 `pagination` object of /ServiceProviderConfig, or not. */
  discovery: { advertisePagination: boolean };
  /** Mapping document path; unset = the built-in default. */
  mappingFile?: string;
  jumpcloud: {
    /** Unset: run against the embedded emulator. */
    apiKey?: string;
    region: 'us' | 'eu';
    baseUrl?: string;
    orgId?: string;
    timeoutMs: number;
    concurrency: number;
  };
  /** The states around the lifecycle (issue 5): leaver policy, pre-hire, activation e-mail, read-only profiles. */
  lifecycle: {
    leaverPolicy: 'delete' | 'suspend';
    prehireStaged: boolean;
    activationEmail: boolean;
    readOnlyProfiles: boolean;
  };
  /** Reads as usual, writes nothing (each write answers what JumpCloud would have answered). */
  dryRun: boolean;
  /**
   * The shared PostgreSQL store (issue 14); undefined: the embedded SQLite database at audit.dbPath.
   * ssl: off, require (encrypted, not verified) or verify-full (CA and host name checked).
   */
  database?: { url: string; poolSize: number; ssl: 'off' | 'require' | 'verify-full'; sslCaFile?: string };
  /** The operator console's session expiry, in seconds: without a request (idle), and since sign-in. */
  console: { sessionIdleSeconds: number; sessionMaxSeconds: number };
  /** The audit journal and durable state: database, JSON-lines file (undefined = off), retention. */
  audit: { dbPath: string; logFile?: string; logMaxBytes: number; logMaxFiles: number; retentionDays: number };
  /** The change feed (issue 6): mode, poll interval and look-back, scan interval, bridge-write match window (seconds). */
  changefeed: {
    mode: 'auto' | 'insights' | 'scan' | 'off';
    intervalSeconds: number;
    lookbackSeconds: number;
    reconcileIntervalSeconds: number;
    matchWindowSeconds: number;
  };
  logLevel: 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug';
  /** How long a SIGTERM waits for in-flight requests before closing anyway, in ms. */
  shutdownTimeoutMs: number;
  /** Where SCIM exchanges are recorded as fixtures; unset = not recorded. */
  recordFixturesDir?: string;
  /** The embedded emulator: its port, key, seed file and behaviour switches file (read when it starts). */
  emulator: { port: number; apiKey?: string; seedFile?: string; optionsFile?: string };
  /**
   * Tenants for managed service providers (issue 15): the tenants file (read by loadTenants) and the
   * hosts that choose a tenant by Host header (lower-case host -> tenant id). Unset: one organisation.
   */
  tenants?: { file: string; hosts: Record<string, string> };
}

/** One OAuth client allowed the client credentials grant. */
export interface OAuthClient {
  id: string;
  secret: string;
}

/** TRUST_PROXY parsed: never (false), a hop count, or the proxy addresses/CIDRs/names to believe. */
export type TrustProxy = false | number | string[];

const OAUTH_SECRET_MIN = 16;

/**
 * Parses OAUTH_CLIENTS: `id:secret,id2:secret2` or a JSON object `{"id": "secret"}`. Problems name
 * the client id, never the secret.
 */
function parseOAuthClients(text: string | undefined, problems: string[]): OAuthClient[] {
  if (text === undefined) return [];
  let pairs: [string, unknown][];
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      pairs = Object.entries(parsed);
    } catch {
      problems.push('OAUTH_CLIENTS: the JSON form must be an object {"client_id": "client_secret", ...}');
      return [];
    }
  } else {
    pairs = text
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0)
      .map((part) => (part.includes(':') ? [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)] : [part, undefined]));
  }
  const clients: OAuthClient[] = [];
  for (const [id, secret] of pairs) {
    if (!isOAuthClientId(id)) problems.push(`OAUTH_CLIENTS: client id ${JSON.stringify(id.slice(0, 40))} must be 1-128 letters, digits or . _ ~ -`);
    else if (typeof secret !== 'string' || secret.length < OAUTH_SECRET_MIN) problems.push(`OAUTH_CLIENTS: the secret of client "${id}" must be a string of at least ${OAUTH_SECRET_MIN} characters`);
    else if (clients.some((client) => client.id === id)) problems.push(`OAUTH_CLIENTS: client "${id}" is listed twice`);
    else clients.push({ id, secret });
  }
  if (pairs.length === 0) problems.push('OAUTH_CLIENTS: names no client');
  return clients;
}

/** Why one IP_ALLOW_LIST / TRUST_PROXY entry is not an address or CIDR range; undefined when it is. */
function addressProblem(entry: string): string | undefined {
  const [address = '', prefix, ...extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra.length > 0) return `"${entry}" is not an IPv4 or IPv6 address or CIDR range`;
  if (prefix === undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= max ? undefined : `"${entry}" has a prefix length outside 0-${max}`;
}

/** The proxy names express (proxy-addr) understands besides addresses and CIDRs. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** Parses TRUST_PROXY: false, a hop count, or proxy addresses/CIDRs/names. `true` is refused. */
function parseTrustProxy(text: string, problems: string[]): TrustProxy {
  if (/^(false|0|no|off)$/i.test(text)) return false;
  if (/^\d+$/.test(text)) return Number(text);
  if (/^(true|yes|on)$/i.test(text)) {
    problems.push('TRUST_PROXY: true would believe X-Forwarded-For from any client (who could then pick its own address); give the number of proxy hops or the proxy addresses instead');
    return false;
  }
  const entries = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  for (const entry of entries) {
    const problem = PROXY_NAMES.includes(entry) ? undefined : addressProblem(entry);
    if (problem) problems.push(`TRUST_PROXY: ${problem} (nor false, a hop count, loopback, linklocal or uniquelocal)`);
  }
  return entries;
}

/**
 * The other secret settings that hold the admin token's value. Separate credentials: whoever holds
 * a SCIM token, the Basic password, an OAuth client secret, the scrape token or any other key must
 * not thereby read everyone's audit trail. Names only, never the value.
 */
function secretsSharedWithAdminToken(adminToken: string, values: Record<string, unknown>, oauthClients: readonly OAuthClient[]): string[] {
  const shared: string[] = [];
  for (const setting of SETTINGS as readonly SettingDefinition[]) {
    // OAUTH_CLIENTS is the whole id:secret list; its secrets are compared one by one below.
    if (!setting.secret || setting.env === 'ADMIN_TOKEN' || setting.env === 'OAUTH_CLIENTS') continue;
    const value = values[setting.env];
    if (value === adminToken || (Array.isArray(value) && value.includes(adminToken))) shared.push(setting.env);
  }
  if (oauthClients.some((client) => client.secret === adminToken)) shared.push('OAUTH_CLIENTS secret');
  return shared;
}

/** Thrown when the environment does not describe a valid configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type RawValues = Partial<Record<SettingName, unknown>>;

/** Reads a secret from `<NAME>_FILE` when that variable is set (Docker and Kubernetes secrets). */
function readSecretFile(setting: SettingDefinition, env: NodeJS.ProcessEnv, problems: string[]): string | undefined {
  const fileVar = `${setting.env}_FILE`;
  const path = env[fileVar];
  if (!path) return undefined;
  if (env[setting.env]) {
    problems.push(`${setting.env}: set either ${setting.env} or ${fileVar}, not both`);
    return undefined;
  }
  try {
    // A trailing newline is an artefact of how secret files are written, never part of the secret.
    return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    problems.push(`${fileVar}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`);
    return undefined;
  }
}

/** Turns one environment string into the setting's type; undefined when it cannot. */
function coerce(setting: SettingDefinition, text: string): unknown {
  switch (setting.schema.type) {
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'boolean':
      return /^(true|1|yes)$/i.test(text.trim()) ? true : /^(false|0|no)$/i.test(text.trim()) ? false : text;
    case 'array':
      return text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part.length > 0);
    default:
      return text.trim();
  }
}

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateValues = ajv.compile({
  type: 'object',
  properties: Object.fromEntries(SETTINGS.map((s) => [s.env, s.schema])),
});

/** Says what is wrong with one value without echoing a secret. */
function describe(error: ErrorObject, values: RawValues): string {
  const name = error.instancePath.split('/')[1] as SettingName;
  const setting = SETTINGS.find((s) => s.env === name) as SettingDefinition | undefined;
  const shown = setting?.secret ? '' : `; got ${JSON.stringify(values[name])}`;
  const schema = setting?.schema;
  let rule = error.message ?? 'is invalid';
  if (error.keyword === 'enum' && schema && 'enum' in schema && schema.enum) rule = `must be one of ${schema.enum.join(', ')}`;
  // The India host appears in third-party notes, never in JumpCloud's own API documents.
  if (name === 'JUMPCLOUD_REGION' && values[name] === 'in') rule += ' (JumpCloud documents no API host for "in"; JumpCloud.SDK.V1/V2.json name only console.jumpcloud.com and console.eu.jumpcloud.com)';
  if (error.keyword === 'type' && schema?.type === 'integer') rule = 'must be a whole number';
  if (error.keyword === 'minLength' && error.instancePath.split('/').length > 2) rule = `each value ${error.message}`;
  return `${name}: ${rule}${shown}`;
}

/** Reads (secrets from `<NAME>_FILE` too), coerces and validates `settings`, each problem pushed to `problems`. */
function readValues(settings: readonly SettingDefinition[], env: NodeJS.ProcessEnv, problems: string[]): RawValues {
  const values: RawValues = {};
  for (const setting of settings) {
    const fromFile = setting.secret ? readSecretFile(setting, env, problems) : undefined;
    const text = fromFile ?? (env[setting.env] !== undefined && env[setting.env] !== '' ? env[setting.env] : setting.default);
    if (text !== undefined) values[setting.env as SettingName] = coerce(setting, text);
  }
  // The schema lists every setting but requires none: validating a subset checks that subset only.
  if (!validateValues(values)) {
    for (const error of validateValues.errors ?? []) problems.push(describe(error, values));
  }
  return values;
}

/** The rules between the DATABASE_* settings themselves (those with other settings stay in loadConfig). */
function checkDatabaseValues(v: Record<string, unknown>, problems: string[]): void {
  if (v.DATABASE_SSL_CA_FILE !== undefined && v.DATABASE_SSL !== 'verify-full') problems.push('DATABASE_SSL_CA_FILE: only used with DATABASE_SSL=verify-full; set that too, or remove the file setting');
}

function databaseOf(v: Record<string, unknown>): BridgeConfig['database'] {
  if (!v.DATABASE_URL) return undefined;
  return {
    url: v.DATABASE_URL as string,
    poolSize: v.DATABASE_POOL_SIZE as number,
    ssl: v.DATABASE_SSL as 'off' | 'require' | 'verify-full',
    sslCaFile: v.DATABASE_SSL_CA_FILE as string | undefined,
  };
}

const DATABASE_SETTINGS = new Set(['DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATABASE_SSL', 'DATABASE_SSL_CA_FILE']);

/**
 * The PostgreSQL settings alone (DATABASE_URL or DATABASE_URL_FILE, pool size, TLS), read and
 * validated exactly as loadConfig reads them; undefined when no DATABASE_URL is set. For tools
 * that reach the shared store without being a replica (`audit migrate`): the secrets a replica
 * must share (SCIM_CURSOR_SECRET, OAUTH_SIGNING_SECRET) are not theirs to require.
 */
export function loadDatabaseSettings(env: NodeJS.ProcessEnv = process.env): BridgeConfig['database'] {
  const problems: string[] = [];
  const v = readValues((SETTINGS as readonly SettingDefinition[]).filter((s) => DATABASE_SETTINGS.has(s.env)), env, problems) as Record<string, unknown>;
  checkDatabaseValues(v, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return databaseOf(v);
}

/**
 * Reads, coerces and validates the configuration from environment variables (and `*_FILE` for
 * secrets). Fails fast with a ConfigError naming every variable that is wrong and why.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BridgeConfig {
  const problems: string[] = [];
  const v = readValues(SETTINGS as readonly SettingDefinition[], env, problems) as Record<string, unknown>;
  if ((v.SCIM_BASIC_USERNAME === undefined) !== (v.SCIM_BASIC_PASSWORD === undefined)) {
    problems.push('SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD: set both or neither');
  }
  // The admin endpoints own /admin: SCIM requests there would meet the admin credential check.
  if (typeof v.ADMIN_TOKEN === 'string' && typeof v.SCIM_BASE_PATH === 'string' && /^\/admin(\/|$)/i.test(v.SCIM_BASE_PATH)) {
    problems.push(`SCIM_BASE_PATH: must not be /admin or below it when ADMIN_TOKEN is set (the admin endpoints live there); got "${v.SCIM_BASE_PATH}"`);
  }
  // Like the admin token: a SCIM client holding the scrape token must not be able to scrape, nor the reverse.
  if (typeof v.METRICS_TOKEN === 'string' && ((v.SCIM_BEARER_TOKEN as string[] | undefined) ?? []).includes(v.METRICS_TOKEN)) {
    problems.push('METRICS_TOKEN: must differ from every SCIM_BEARER_TOKEN (/metrics takes its own credential)');
  }
  if (v.METRICS_ENABLED === true && typeof v.SCIM_BASE_PATH === 'string' && /^\/metrics(\/|$)/i.test(v.SCIM_BASE_PATH)) {
    problems.push(`SCIM_BASE_PATH: must not be /metrics or below it while METRICS_ENABLED is true; got "${v.SCIM_BASE_PATH}"`);
  }
  if (typeof v.SCIM_DEFAULT_PAGE_SIZE === 'number' && typeof v.SCIM_MAX_PAGE_SIZE === 'number' && v.SCIM_DEFAULT_PAGE_SIZE > v.SCIM_MAX_PAGE_SIZE) {
    problems.push(`SCIM_DEFAULT_PAGE_SIZE: must not exceed SCIM_MAX_PAGE_SIZE (${v.SCIM_MAX_PAGE_SIZE}); got ${v.SCIM_DEFAULT_PAGE_SIZE}`);
  }
  const oauthClients = parseOAuthClients(v.OAUTH_CLIENTS as string | undefined, problems);
  if (typeof v.ADMIN_TOKEN === 'string') {
    for (const name of secretsSharedWithAdminToken(v.ADMIN_TOKEN, v, oauthClients)) {
      problems.push(`ADMIN_TOKEN: must differ from every ${name} (the admin endpoints take their own credential)`);
    }
  }
  for (const entry of (v.IP_ALLOW_LIST as string[] | undefined) ?? []) {
    const problem = addressProblem(entry);
    if (problem) problems.push(`IP_ALLOW_LIST: ${problem}`);
  }
  const trustProxy = parseTrustProxy(String(v.TRUST_PROXY), problems);
  if ((v.TLS_CERT_FILE === undefined) !== (v.TLS_KEY_FILE === undefined)) problems.push('TLS_CERT_FILE and TLS_KEY_FILE: set both or neither');
  checkDatabaseValues(v, problems);
  if (v.DATABASE_URL !== undefined && oauthClients.length > 0 && v.OAUTH_SIGNING_SECRET === undefined) {
    // A random key per process would make a token issued by one replica fail on the next (401s at random).
    problems.push('OAUTH_SIGNING_SECRET: required with DATABASE_URL and OAUTH_CLIENTS: every replica must sign and check access tokens with the same key (a random one per process makes a token from one replica fail on another)');
  }
  if (v.DATABASE_URL !== undefined && v.SCIM_CURSOR_SECRET === undefined) {
    problems.push('SCIM_CURSOR_SECRET: required with DATABASE_URL: every replica must sign and check paging cursors with the same key (a random one per process makes a cursor from one replica invalid on another)');
  }
  const tenantHosts = parseTenantHosts((v.TENANT_HOSTS as string[] | undefined) ?? [], problems);
  if (v.TENANT_HOSTS !== undefined && v.TENANTS_FILE === undefined) problems.push('TENANT_HOSTS: only used with TENANTS_FILE (it maps hosts to the tenants of that file); set that too, or remove TENANT_HOSTS');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: v.PORT as number,
    host: v.HOST as string,
    scimBasePath: v.SCIM_BASE_PATH as string,
    scimBearerTokens: (v.SCIM_BEARER_TOKEN as string[] | undefined) ?? [],
    scimBasic: v.SCIM_BASIC_USERNAME ? { username: v.SCIM_BASIC_USERNAME as string, password: v.SCIM_BASIC_PASSWORD as string } : undefined,
    adminToken: v.ADMIN_TOKEN as string | undefined,
    publicBaseUrl: v.PUBLIC_BASE_URL as string | undefined,
    // Host names are case-insensitive (RFC 3986 §3.2.2): compared in lower case.
    publicHosts: (v.PUBLIC_HOSTS as string[] | undefined)?.map((host) => host.toLowerCase()),
    oauth: { clients: oauthClients, tokenTtlSeconds: v.OAUTH_TOKEN_TTL_SECONDS as number, signingSecret: v.OAUTH_SIGNING_SECRET as string | undefined },
    tls: v.TLS_CERT_FILE
      ? { certFile: v.TLS_CERT_FILE as string, keyFile: v.TLS_KEY_FILE as string, minVersion: v.TLS_MIN_VERSION as 'TLSv1.2' | 'TLSv1.3' }
      : undefined,
    network: { ipAllowList: v.IP_ALLOW_LIST as string[] | undefined, trustProxy },
    metrics: { enabled: v.METRICS_ENABLED as boolean, token: v.METRICS_TOKEN as string | undefined },
    limits: {
      maxBodyBytes: v.SCIM_MAX_BODY_BYTES as number,
      filterMaxLength: v.SCIM_FILTER_MAX_LENGTH as number,
      filterMaxDepth: v.SCIM_FILTER_MAX_DEPTH as number,
      maxConcurrentPerClient: v.SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT as number,
      requestDeadlineMs: v.SCIM_REQUEST_DEADLINE_MS as number,
    },
    paging: { defaultCount: v.SCIM_DEFAULT_PAGE_SIZE as number, maxCount: v.SCIM_MAX_PAGE_SIZE as number },
    bulk: { maxOperations: v.SCIM_BULK_MAX_OPERATIONS as number, maxPayloadBytes: v.SCIM_BULK_MAX_PAYLOAD_BYTES as number },
    cursor: { ttlSeconds: v.SCIM_CURSOR_TTL_SECONDS as number, secret: v.SCIM_CURSOR_SECRET as string | undefined },
    discovery: { advertisePagination: v.SCIM_ADVERTISE_PAGINATION as boolean },
    mappingFile: v.MAPPING_FILE as string | undefined,
    jumpcloud: {
      apiKey: v.JUMPCLOUD_API_KEY as string | undefined,
      region: v.JUMPCLOUD_REGION as BridgeConfig['jumpcloud']['region'],
      baseUrl: (v.JUMPCLOUD_BASE_URL as string | undefined)?.replace(/\/+$/, ''),
      orgId: v.JUMPCLOUD_ORG_ID as string | undefined,
      timeoutMs: v.JUMPCLOUD_TIMEOUT_MS as number,
      concurrency: v.JUMPCLOUD_CONCURRENCY as number,
    },
    lifecycle: {
      leaverPolicy: v.LEAVER_POLICY as BridgeConfig['lifecycle']['leaverPolicy'],
      prehireStaged: v.PREHIRE_STAGED as boolean,
      activationEmail: v.ACTIVATION_EMAIL as boolean,
      readOnlyProfiles: v.READ_ONLY_PROFILES as boolean,
    },
    dryRun: v.DRY_RUN as boolean,
    database: databaseOf(v),
    console: { sessionIdleSeconds: v.CONSOLE_SESSION_IDLE_SECONDS as number, sessionMaxSeconds: v.CONSOLE_SESSION_MAX_SECONDS as number },
    audit: {
      dbPath: v.AUDIT_DB_PATH as string,
      logFile: v.AUDIT_LOG_FILE === 'off' ? undefined : (v.AUDIT_LOG_FILE as string),
      logMaxBytes: v.AUDIT_LOG_MAX_BYTES as number,
      logMaxFiles: v.AUDIT_LOG_MAX_FILES as number,
      retentionDays: v.AUDIT_RETENTION_DAYS as number,
    },
    changefeed: {
      mode: v.CHANGEFEED_MODE as BridgeConfig['changefeed']['mode'],
      intervalSeconds: v.CHANGEFEED_INTERVAL_SECONDS as number,
      lookbackSeconds: v.CHANGEFEED_LOOKBACK_SECONDS as number,
      reconcileIntervalSeconds: v.RECONCILE_INTERVAL_SECONDS as number,
      matchWindowSeconds: v.CHANGEFEED_MATCH_WINDOW_SECONDS as number,
    },
    logLevel: v.LOG_LEVEL as BridgeConfig['logLevel'],
    shutdownTimeoutMs: (v.SHUTDOWN_TIMEOUT_SECONDS as number) * 1000,
    recordFixturesDir: v.RECORD_FIXTURES_DIR as string | undefined,
    emulator: {
      port: v.EMULATOR_PORT as number,
      apiKey: v.EMULATOR_API_KEY as string | undefined,
      seedFile: v.EMULATOR_SEED as string | undefined,
      optionsFile: v.EMULATOR_OPTIONS_FILE as string | undefined,
    },
    tenants: v.TENANTS_FILE ? { file: v.TENANTS_FILE as string, hosts: tenantHosts } : undefined,
  };
}

/** Every secret value in the configuration, for the logger's always-on redaction. */
export function secretValues(config: BridgeConfig): string[] {
  return [
    ...config.scimBearerTokens,
    config.scimBasic?.password,
    config.adminToken,
    config.metrics.token,
    config.jumpcloud.apiKey,
    config.emulator.apiKey,
    config.cursor.secret,
    ...config.oauth.clients.map((client) => client.secret),
    config.oauth.signingSecret,
    ...databaseUrlSecrets(config.database?.url),
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * DATABASE_URL and the password inside it: a driver or server message may quote the password
 * alone (percent-encoded as written in the URL, or decoded), never needing the whole URL.
 */
function databaseUrlSecrets(url: string | undefined): string[] {
  if (url === undefined) return [];
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    // Unparsable here (pg parses it its own way): the whole URL is still redacted.
  }
  if (password === '') return [url];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // A stray % is kept as written.
  }
  return [url, password, decoded];
}
