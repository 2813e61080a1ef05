/**
 * Every setting of the bridge, documented once: name (the environment variable), default, meaning.
 * The config loader, the README's configuration table, `.env.example` and the compose file are all
 * checked against this list by tests, so a setting cannot exist in one place only.
 */

/** The JSON Schema fragment one setting's value must satisfy after type coercion. */
export type SettingSchema =
  | { type: 'integer'; minimum?: number; maximum?: number }
  | { type: 'string'; enum?: string[]; pattern?: string; minLength?: number; format?: 'uri' }
  | { type: 'boolean' }
  | { type: 'array'; items: { type: 'string'; minLength?: number; pattern?: string }; minItems?: number };

export interface SettingDefinition {
  /** Environment variable name. */
  env: string;
  /** Default as it would be written in the environment; undefined = unset unless given. */
  default?: string;
  /** One sentence for operators. */
  description: string;
  schema: SettingSchema;
  /** Secrets may also come from `<ENV>_FILE` and are redacted from every log line. */
  secret?: boolean;
}

export const SETTINGS = [
  { env: 'PORT', default: '8080', description: 'TCP port the SCIM service listens on.', schema: { type: 'integer', minimum: 0, maximum: 65535 } },
  { env: 'HOST', default: '0.0.0.0', description: 'Interface the SCIM service binds to.', schema: { type: 'string', minLength: 1 } },
  {
    env: 'SCIM_BASE_PATH',
    default: '/scim/v2',
    description: 'Path prefix of the SCIM 2.0 endpoints (the SailPoint "Host URL" is the public origin plus this path).',
    schema: { type: 'string', pattern: '^/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$' },
  },
  {
    env: 'SCIM_BEARER_TOKEN',
    description: 'Bearer token(s) SCIM clients must present, comma separated so an old and a new token work during rotation. Generated and printed when the emulator runs and none is set.',
    schema: { type: 'array', items: { type: 'string', minLength: 16 }, minItems: 1 },
    secret: true,
  },
  {
    env: 'SCIM_BASIC_USERNAME',
    description: 'User name SCIM clients may present with HTTP Basic authentication (with SCIM_BASIC_PASSWORD), for clients that cannot send a bearer token.',
    schema: { type: 'string', minLength: 1, pattern: '^[^:]+$' },
  },
  {
    env: 'SCIM_BASIC_PASSWORD',
    description: 'Password for HTTP Basic authentication of SCIM clients (at least 16 characters).',
    schema: { type: 'string', minLength: 16 },
    secret: true,
  },
  {
    env: 'OAUTH_CLIENTS',
    description: 'OAuth 2.0 clients that may get short-lived access tokens from POST /oauth/token (client credentials grant, RFC 6749 §4.4) and use them on the SCIM endpoints: comma-separated client_id:client_secret pairs, or a JSON object {"client_id": "client_secret"} (handy in OAUTH_CLIENTS_FILE). Client ids use letters, digits and . _ ~ -; secrets are at least 16 characters. Unset: the token endpoint is off (404).',
    schema: { type: 'string', minLength: 1 },
    secret: true,
  },
  {
    env: 'OAUTH_TOKEN_TTL_SECONDS',
    default: '900',
    description: 'Lifetime in seconds of an access token issued by POST /oauth/token (sent as expires_in); an expired token gets a 401 and the client fetches a new one.',
    schema: { type: 'integer', minimum: 60, maximum: 86400 },
  },
  {
    env: 'OAUTH_SIGNING_SECRET',
    description: 'Key (at least 32 characters) that signs the OAuth access tokens (JWT, HS256). Unset: a random key per process, so issued tokens stop working at a restart (clients then fetch new ones) and are not shared between replicas.',
    schema: { type: 'string', minLength: 32 },
    secret: true,
  },
  {
    env: 'ADMIN_TOKEN',
    description: 'Bearer token (at least 16 characters) for the admin endpoints (/admin/events, /admin/users/{id}/history, /admin/pending-activations), distinct from the SCIM tokens. Unset: the admin endpoints are off (404).',
    schema: { type: 'string', minLength: 16 },
    secret: true,
  },
  {
    env: 'METRICS_ENABLED',
    default: 'true',
    description: 'Serve Prometheus metrics at /metrics (SCIM requests, JumpCloud calls, retries and rate-limit waits, lifecycle events). false: no /metrics and no collection.',
    schema: { type: 'boolean' },
  },
  {
    env: 'METRICS_TOKEN',
    description: 'Bearer token (at least 16 characters) a scraper may present for /metrics from another host, instead of ADMIN_TOKEN (which also opens the audit trail). /metrics needs no token from loopback (127.0.0.1, ::1) unless the request came through a proxy (Forwarded / X-Forwarded-For).',
    schema: { type: 'string', minLength: 16 },
    secret: true,
  },
  {
    env: 'PUBLIC_BASE_URL',
    description: 'Public origin of the bridge as clients reach it (e.g. https://scim.example.com), used in meta.location and Location headers. Unset: taken from each request\'s scheme and Host header (a well-formed one, and one of PUBLIC_HOSTS when that is set), so a caller choosing its Host chooses the host those URLs name: set this, or PUBLIC_HOSTS, in production.',
    schema: { type: 'string', format: 'uri', pattern: '^https?://[^/]+$' },
  },
  {
    env: 'PUBLIC_HOSTS',
    description: 'When PUBLIC_BASE_URL is unset: comma-separated Host header values (name or address, with the port when it is not the scheme\'s default, e.g. scim.example.com,scim.internal:8080) the bridge builds meta.location and Location from; a SCIM request with any other Host gets 400. Unset: any well-formed Host.',
    schema: { type: 'array', items: { type: 'string', minLength: 1, pattern: '^(?:\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9.-]{1,253})(?::[0-9]{1,5})?$' }, minItems: 1 },
  },
  {
    env: 'TLS_CERT_FILE',
    description: 'PEM certificate (chain) file; with TLS_KEY_FILE the bridge serves HTTPS itself (and sends Strict-Transport-Security). Unset: plain HTTP, for a TLS-terminating proxy in front.',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'TLS_KEY_FILE',
    description: 'PEM private key file of TLS_CERT_FILE (set both or neither).',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'TLS_MIN_VERSION',
    default: 'TLSv1.2',
    description: 'Oldest TLS version the HTTPS server accepts: TLSv1.2 or TLSv1.3 (older versions are never offered).',
    schema: { type: 'string', enum: ['TLSv1.2', 'TLSv1.3'] },
  },
  {
    env: 'IP_ALLOW_LIST',
    description: 'Comma-separated client addresses or CIDR ranges (IPv4 and IPv6, e.g. 203.0.113.0/24,2001:db8::/32) allowed to call the bridge; any other address gets 403 before authentication. /healthz and /readyz stay open to every address (container and orchestrator probes); loopback is not implied: list 127.0.0.1 and ::1 if local tools need the other routes. Unset: every address.',
    schema: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  },
  {
    env: 'TRUST_PROXY',
    default: 'false',
    description: 'Whether the client address is taken from X-Forwarded-For (for IP_ALLOW_LIST, logs and failed-login throttling): false (never: the TCP peer), a number of proxy hops in front of the bridge, or comma-separated proxy addresses/CIDRs (or loopback, linklocal, uniquelocal) whose X-Forwarded-For is believed. true is refused: it would let any client choose its own address.',
    schema: { type: 'string', minLength: 1 },
  },
  { env: 'SCIM_DEFAULT_PAGE_SIZE', default: '100', description: 'Resources per list page when the client sends no count.', schema: { type: 'integer', minimum: 1, maximum: 10000 } },
  { env: 'SCIM_MAX_PAGE_SIZE', default: '1000', description: 'Most resources one list page returns, whatever count the client asks for (RFC 7644 §3.4.2.4 lets a server return fewer).', schema: { type: 'integer', minimum: 1, maximum: 10000 } },
  {
    env: 'SCIM_BULK_MAX_OPERATIONS',
    default: '1000',
    description: 'Most operations one /Bulk request may carry (advertised as bulk.maxOperations; more is a 413, RFC 7644 §3.7.4).',
    schema: { type: 'integer', minimum: 1, maximum: 100000 },
  },
  {
    env: 'SCIM_BULK_MAX_PAYLOAD_BYTES',
    default: '1048576',
    description: 'Largest /Bulk request body in bytes (advertised as bulk.maxPayloadSize; larger is a 413, RFC 7644 §3.7.4).',
    schema: { type: 'integer', minimum: 1024, maximum: 104857600 },
  },
  {
    env: 'SCIM_CURSOR_TTL_SECONDS',
    default: '3600',
    description: 'Seconds a list cursor (RFC 9865 nextCursor) stays usable; an older one is a 400 expiredCursor. Advertised as pagination.cursorTimeout.',
    schema: { type: 'integer', minimum: 1, maximum: 604800 },
  },
  {
    env: 'SCIM_CURSOR_SECRET',
    description: 'Key (at least 32 characters) that signs list cursors so that a tampered one is refused. Unset: a random key per process, so cursors do not survive a restart and are not shared between replicas.',
    schema: { type: 'string', minLength: 32 },
    secret: true,
  },
  {
    env: 'SCIM_ADVERTISE_PAGINATION',
    default: 'true',
    description: 'Whether /ServiceProviderConfig carries the RFC 9865 pagination object (cursor and index paging, page sizes, cursorTimeout). false: it is left out, for strict SCIM client libraries written before RFC 9865 (e.g. Python scim2-models) that refuse the document because of it; cursor and index paging keep working either way.',
    schema: { type: 'boolean' },
  },
  {
    env: 'SCIM_MAX_BODY_BYTES',
    default: '1048576',
    description: 'Largest SCIM request body in bytes (except /Bulk, see SCIM_BULK_MAX_PAYLOAD_BYTES); larger is a 413 naming the limit.',
    schema: { type: 'integer', minimum: 1024, maximum: 104857600 },
  },
  {
    env: 'SCIM_FILTER_MAX_LENGTH',
    default: '4096',
    description: 'Longest accepted SCIM filter, in characters; longer is a 400 invalidFilter naming the limit.',
    schema: { type: 'integer', minimum: 64, maximum: 65536 },
  },
  {
    env: 'SCIM_FILTER_MAX_DEPTH',
    default: '32',
    description: 'Deepest accepted nesting of a SCIM filter (parentheses, not, value filters [...]); deeper is a 400 invalidFilter naming the limit.',
    schema: { type: 'integer', minimum: 1, maximum: 256 },
  },
  {
    env: 'SCIM_MAX_CONCURRENT_REQUESTS_PER_CLIENT',
    default: '16',
    description: 'Most SCIM requests one client credential may have in flight at once; one more is a 429 with Retry-After and the x-rate-limit-* headers. Every SCIM answer carries x-rate-limit-limit (this number) and x-rate-limit-remaining (what is left of it).',
    schema: { type: 'integer', minimum: 1, maximum: 1000 },
  },
  {
    env: 'SCIM_REQUEST_DEADLINE_MS',
    default: '45000',
    description: 'Time one SCIM request may spend on JumpCloud calls, retries and rate-limit waits, in milliseconds; past it the request answers 503 with Retry-After instead of running into the client\'s timeout (SailPoint gives up after 60 s).',
    schema: { type: 'integer', minimum: 1000, maximum: 300000 },
  },
  {
    env: 'MAPPING_FILE',
    description: 'JSON mapping document (SCIM attributes <-> JumpCloud fields, JumpCloud custom attributes, the username rule). Unset: the built-in default mapping.',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'JUMPCLOUD_API_KEY',
    description: 'JumpCloud administrator API key of the bridge\'s service account. Unset: the embedded JumpCloud emulator is started and used instead.',
    schema: { type: 'string', minLength: 1 },
    secret: true,
  },
  {
    env: 'JUMPCLOUD_REGION',
    default: 'us',
    description: 'JumpCloud region of the organisation: us or eu, the two JumpCloud documents (a key works only in its own region).',
    schema: { type: 'string', enum: ['us', 'eu'] },
  },
  {
    env: 'JUMPCLOUD_BASE_URL',
    description: 'Overrides the region\'s JumpCloud origin for both the REST API and Directory Insights (a proxy, or a JumpCloud emulator).',
    schema: { type: 'string', format: 'uri', pattern: '^https?://' },
  },
  {
    env: 'JUMPCLOUD_ORG_ID',
    description: 'Organisation id sent as x-org-id, for multi-tenant (MSP) administrator keys.',
    schema: { type: 'string', pattern: '^[0-9a-fA-F]{24}$' },
  },
  { env: 'JUMPCLOUD_TIMEOUT_MS', default: '15000', description: 'Timeout of one JumpCloud HTTP call, in milliseconds.', schema: { type: 'integer', minimum: 100, maximum: 120000 } },
  { env: 'JUMPCLOUD_CONCURRENCY', default: '10', description: 'Most JumpCloud calls in flight at once for one organisation.', schema: { type: 'integer', minimum: 1, maximum: 100 } },
  {
    env: 'LEAVER_POLICY',
    default: 'delete',
    description: 'What DELETE /Users/{id} does in JumpCloud: delete (the user is deleted; a manager is first cleared from their direct reports with cascade_manager=null) or suspend (the account is kept SUSPENDED and marked deleted in the custom attribute scimBridgeDeleted; SCIM then answers 404 for it and leaves it out of every list, as RFC 7644 §3.6 requires).',
    schema: { type: 'string', enum: ['delete', 'suspend'] },
  },
  {
    env: 'PREHIRE_STAGED',
    default: 'false',
    description: 'true: a user created with active=false is created STAGED (pre-hire: no access, no activation e-mail) instead of SUSPENDED; setting active=true later activates it with POST /systemusers/{id}/state/activate.',
    schema: { type: 'boolean' },
  },
  {
    env: 'ACTIVATION_EMAIL',
    default: 'true',
    description: 'Whether JumpCloud e-mails the activation link to a user created without a password (password pending). false: such a user is created STAGED and activated at once with {"email": false}, so JumpCloud sends nothing; the same body is used when a pre-hire (STAGED) user is activated.',
    schema: { type: 'boolean' },
  },
  {
    env: 'READ_ONLY_PROFILES',
    default: 'false',
    description: 'true: every create and update marks the JumpCloud fields the mapping writes as restrictedFields of type scim, so users and admins cannot change them locally in JumpCloud (the bridge owns them). Only fields JumpCloud can lock are marked (never alternateEmail, external_dn, manager or custom attributes); the mapping document\'s restrictedFields list narrows them.',
    schema: { type: 'boolean' },
  },
  {
    env: 'DRY_RUN',
    default: 'false',
    description: 'true: the bridge reads JumpCloud as usual but sends no write; each write answers what JumpCloud would have answered and is journaled as dry_run with the calls it would have made. A user or group created in a dry run cannot be read back.',
    schema: { type: 'boolean' },
  },
  {
    env: 'TENANTS_FILE',
    description: 'JSON or YAML file of tenants, for managed service providers: one JumpCloud organisation per tenant, with its API key and SCIM credentials named by environment variable or file (never written in the file) and its own settings (see README "Managed service providers"). Each tenant is served at /<tenant> plus SCIM_BASE_PATH with its own JumpCloud client, durable state and change feed; SIGHUP reloads the file (validated first: a bad file keeps the tenants served and logs why). Unset: one organisation, configured by the settings of this table.',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'TENANT_HOSTS',
    description: 'With TENANTS_FILE: comma-separated host=tenant pairs (e.g. scim.acme.example=acme,scim.globex.example:8443=globex) that choose the tenant by Host header; such a host serves its tenant at SCIM_BASE_PATH, without the tenant segment. Host names as in PUBLIC_HOSTS (with the port when it is not the scheme\'s default); every tenant named must be in the tenants file. Unset: the tenant comes from the path only.',
    schema: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  },
  {
    env: 'AUDIT_DB_PATH',
    default: './data/bridge.db',
    description: 'SQLite database (WAL mode) holding the audit journal and meta.lastModified, so both survive restarts; :memory: keeps them in memory only (lost at exit).',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'CONSOLE_SESSION_IDLE_SECONDS',
    default: '900',
    description: 'The operator console (/console/, on when ADMIN_TOKEN is set) signs a session out after this many seconds without a request.',
    schema: { type: 'integer', minimum: 5, maximum: 86400 },
  },
  {
    env: 'CONSOLE_SESSION_MAX_SECONDS',
    default: '28800',
    description: 'The operator console signs a session out this many seconds after sign-in, however busy it is.',
    schema: { type: 'integer', minimum: 60, maximum: 604800 },
  },
  {
    env: 'DATABASE_URL',
    description: 'PostgreSQL connection URL (postgres://user:password@host:5432/database) for running several replicas on one shared store: the audit journal, meta.lastModified, drift, observations and change-feed cursors all live there instead of AUDIT_DB_PATH, the change feed runs on one replica at a time (a lease) and writes to one resource are serialised across replicas. Unset: the embedded SQLite database (AUDIT_DB_PATH).',
    schema: { type: 'string', pattern: '^postgres(ql)?://' },
    secret: true,
  },
  {
    env: 'DATABASE_POOL_SIZE',
    default: '10',
    description: 'Connections each replica keeps open to DATABASE_URL for its stores, and as many again for its write locks (a write to a user or group holds one while JumpCloud answers, so keep it above the SCIM writes one replica runs at once), plus 2 for the heartbeat and the change feed lease.',
    schema: { type: 'integer', minimum: 2, maximum: 500 },
  },
  {
    env: 'DATABASE_SSL',
    default: 'off',
    description: 'TLS to DATABASE_URL: off (a server on a private network or the same host), require (encrypted, the server certificate not checked, as libpq sslmode=require), verify-full (encrypted, the certificate checked against DATABASE_SSL_CA_FILE or the system CAs, and its host name). An sslmode in the URL itself takes precedence.',
    schema: { type: 'string', enum: ['off', 'require', 'verify-full'] },
  },
  {
    env: 'DATABASE_SSL_CA_FILE',
    description: 'PEM file of the certificate authority that signed the PostgreSQL server certificate (managed databases publish theirs), for DATABASE_SSL=verify-full.',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'AUDIT_LOG_FILE',
    default: './data/audit.log',
    description: 'File receiving every audit record as a JSON line (besides the database), rotated by size; off: no audit log file.',
    schema: { type: 'string', minLength: 1 },
  },
  { env: 'AUDIT_LOG_MAX_BYTES', default: '10485760', description: 'Size in bytes at which the audit log file is rotated.', schema: { type: 'integer', minimum: 4096, maximum: 1073741824 } },
  { env: 'AUDIT_LOG_MAX_FILES', default: '10', description: 'Rotated audit log files kept (the oldest is deleted beyond that).', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
  {
    env: 'AUDIT_RETENTION_DAYS',
    default: '400',
    description: 'Days an audit record is kept in the database; older ones are pruned at start and then daily, and the count pruned is logged.',
    schema: { type: 'integer', minimum: 1, maximum: 36500 },
  },
  {
    env: 'SHUTDOWN_TIMEOUT_SECONDS',
    default: '25',
    description: 'On SIGTERM the bridge stops accepting connections and lets in-flight requests (and their journal writes) finish for at most this many seconds, then closes the change feed and the database and exits; keep it below the orchestrator\'s grace period (Kubernetes: 30 s; compose here: stop_grace_period 30s).',
    schema: { type: 'integer', minimum: 1, maximum: 600 },
  },
  {
    env: 'CHANGEFEED_MODE',
    default: 'auto',
    description: 'How the bridge reads changes made in JumpCloud by others (meta.lastModified, drift, outside deletes, activations): insights (Directory Insights events), scan (the reconciliation scan: every user and group, compared by hash), auto (Directory Insights, falling back to the scan when it refuses the key with 401/403) or off.',
    schema: { type: 'string', enum: ['auto', 'insights', 'scan', 'off'] },
  },
  { env: 'CHANGEFEED_INTERVAL_SECONDS', default: '60', description: 'Seconds between two Directory Insights polls.', schema: { type: 'integer', minimum: 1, maximum: 86400 } },
  {
    env: 'CHANGEFEED_LOOKBACK_SECONDS',
    default: '300',
    description: 'Seconds before its saved cursor each Directory Insights poll starts reading again, to catch events JumpCloud indexes late; events already applied are recognised by id and dropped.',
    schema: { type: 'integer', minimum: 0, maximum: 86400 },
  },
  {
    env: 'RECONCILE_INTERVAL_SECONDS',
    default: '3600',
    description: 'Seconds between two reconciliation scans (the change feed without Directory Insights); a change is dated when a scan sees it.',
    schema: { type: 'integer', minimum: 10, maximum: 604800 },
  },
  {
    env: 'CHANGEFEED_MATCH_WINDOW_SECONDS',
    default: '120',
    description: 'How far apart (seconds) a JumpCloud change and an audit journal record of a bridge write to the same object may be for the change to count as the bridge\'s own (not drift).',
    schema: { type: 'integer', minimum: 1, maximum: 3600 },
  },
  {
    env: 'LOG_LEVEL',
    default: 'info',
    description: 'Least severe log level written: error, warn, info, http, verbose or debug.',
    schema: { type: 'string', enum: ['error', 'warn', 'info', 'http', 'verbose', 'debug'] },
  },
  {
    env: 'RECORD_FIXTURES_DIR',
    description: 'Folder where the bridge records every SCIM exchange and the JumpCloud calls it caused as replayable fixture files (secrets, tokens, passwords and e-mail local parts redacted), e.g. to send a SailPoint run in as a bug report. While set, SCIM requests are served one at a time. Unset: nothing is recorded.',
    schema: { type: 'string', minLength: 1 },
  },
  { env: 'EMULATOR_PORT', default: '8089', description: 'Port of the embedded JumpCloud emulator (127.0.0.1 only), used when JUMPCLOUD_API_KEY is unset.', schema: { type: 'integer', minimum: 0, maximum: 65535 } },
  {
    env: 'EMULATOR_API_KEY',
    description: 'API key the embedded emulator accepts. Generated and printed when unset.',
    schema: { type: 'string', minLength: 8 },
    secret: true,
  },
  {
    env: 'EMULATOR_SEED',
    description: 'Seed file (users and groups) loaded into the embedded emulator at start; defaults to the shipped sample directory.',
    schema: { type: 'string', minLength: 1 },
  },
  {
    env: 'EMULATOR_OPTIONS_FILE',
    description: 'JSON file of behaviour switches for the embedded emulator (the same as `npm run emulator -- --options FILE`), e.g. {"associationEvent": "documented"}; a bad file stops the start. Unset: the emulator\'s defaults (real-traffic shapes).',
    schema: { type: 'string', minLength: 1 },
  },
] as const satisfies readonly SettingDefinition[];

export type SettingName = (typeof SETTINGS)[number]['env'];
