import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { loadConfig, secretValues, type BridgeConfig } from '../../src/config/load-config';
import { loadTenants, TenantsFileError, type TenantDefinition } from '../../src/config/tenants-file';
import cases from './tenants-file.cases.json';

/** The secrets the tenants files below refer to; every one contains "-secret" so a leak is easy to find. */
const SECRETS = {
  ACME_KEY: 'jc-acme-api-key-secret-0001',
  BETA_KEY: 'jc-beta-api-key-secret-0002',
  ACME_TOKEN: 'acme-scim-token-secret-0001',
  ACME_TOKEN_COPY: 'acme-scim-token-secret-0001',
  ACME_OTHER_TOKEN: 'acme-other-token-secret-0004',
  BETA_TOKEN: 'beta-scim-token-secret-0002',
  ACME_ADMIN: 'acme-admin-token-secret-0003',
  SHORT_TOKEN: 'short-secret',
  CURSOR_SECRET: 'cursor-signing-key-secret-0123456789abcdef',
} as const;
const ENV: NodeJS.ProcessEnv = { ...SECRETS, EMPTY: '' };

const ACME_ORG = '5f1a2b3c4d5e6f7a8b9c0d1e';
const BETA_ORG = '5f1a2b3c4d5e6f7a8b9c0d2f';
const GAMMA_ORG = '5f1a2b3c4d5e6f7a8b9c0d3a';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tenants-file-'));
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The global configuration with TENANTS_FILE=path and the given variables. */
function baseFor(path: string, env: NodeJS.ProcessEnv = {}): BridgeConfig {
  return loadConfig({ AUDIT_DB_PATH: '/var/lib/bridge/bridge.db', AUDIT_LOG_FILE: '/var/log/bridge/audit.log', ...env, TENANTS_FILE: path });
}

/** The problems loadTenants reports; fails the test when the file is accepted. */
function problemsOf(path: string, base: BridgeConfig, env: NodeJS.ProcessEnv = ENV): string[] {
  try {
    loadTenants(path, base, env);
  } catch (err) {
    if (err instanceof TenantsFileError) return err.problems;
    throw err;
  }
  throw new Error('expected a TenantsFileError');
}

/** Every string in `value` that looks like one of the test's secrets. */
function secretLooking(value: unknown): string[] {
  if (typeof value === 'string') return value.includes('-secret') ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(secretLooking);
  if (value && typeof value === 'object') return Object.values(value).flatMap(secretLooking);
  return [];
}

/**
 * Three tenants: a bearer token; Basic, OAuth, its own admin token and every override; a base URL,
 * two tokens and an API key in a file named by absolute path. Secret files are relative to `folder`.
 */
const threeTenants = (folder: string) => ({
  tenants: [
    {
      id: 'acme',
      description: 'Acme Corp',
      jumpcloud: { orgId: ACME_ORG, region: 'us', apiKey: { env: 'ACME_KEY' } },
      scim: { bearerTokens: [{ env: 'ACME_TOKEN' }] },
    },
    {
      id: 'beta',
      jumpcloud: { orgId: BETA_ORG, region: 'eu', apiKey: { env: 'BETA_KEY' }, concurrency: 3 },
      scim: {
        basic: { username: 'sailpoint', password: { env: 'ACME_OTHER_TOKEN' } },
        oauthClients: [{ clientId: 'entra', secret: { file: 'secrets/beta-oauth' } }],
      },
      adminToken: { env: 'ACME_ADMIN' },
      mappingFile: 'beta.mapping.json',
      leaverPolicy: 'suspend',
      readOnlyProfiles: true,
      prehireStaged: true,
      activationEmail: false,
      dryRun: true,
      changefeedMode: 'scan',
    },
    {
      id: 'gamma-7',
      jumpcloud: { orgId: GAMMA_ORG, baseUrl: 'http://127.0.0.1:8089/', apiKey: { file: join(folder, 'secrets', 'gamma-key') } },
      scim: { bearerTokens: [{ env: 'BETA_TOKEN' }, { file: 'secrets/gamma-token' }] },
    },
  ],
});

/** Writes the secret files and the mapping file of threeTenants into the test's folder; returns the document. */
function writeThreeTenantsSupport(): ReturnType<typeof threeTenants> {
  mkdirSync(join(dir, 'secrets'));
  write('secrets/beta-oauth', 'beta-oauth-client-secret-0005\n');
  write('secrets/gamma-token', 'gamma-scim-token-secret-0006\n');
  write('secrets/gamma-key', 'jc-gamma-api-key-secret-0007\n');
  write('beta.mapping.json', '{}');
  return threeTenants(dir);
}

describe('loadTenants: a valid file', () => {
  it('derives one configuration per tenant from a JSON file with three tenants', () => {
    const path = write('tenants.json', JSON.stringify(writeThreeTenantsSupport()));
    const base = baseFor(path, { JUMPCLOUD_CONCURRENCY: '8', SCIM_DEFAULT_PAGE_SIZE: '50', JUMPCLOUD_BASE_URL: 'http://127.0.0.1:9999' });
    const tenants = loadTenants(path, base, ENV);
    expect(tenants.map((tenant) => tenant.id)).toEqual(['acme', 'beta', 'gamma-7']);
    const [acme, beta, gamma] = tenants.map((tenant) => tenant.config) as [BridgeConfig, BridgeConfig, BridgeConfig];

    expect(acme.scimBasePath).toBe('/acme/scim/v2');
    expect(acme.scimBearerTokens).toEqual([SECRETS.ACME_TOKEN]);
    expect(acme.scimBasic).toBeUndefined();
    expect(acme.oauth.clients).toEqual([]);
    expect(acme.adminToken).toBeUndefined();
    // The tenant named a region: the global JUMPCLOUD_BASE_URL does not redirect it elsewhere.
    expect(acme.jumpcloud).toEqual({ apiKey: SECRETS.ACME_KEY, orgId: ACME_ORG, region: 'us', baseUrl: undefined, timeoutMs: 15000, concurrency: 8 });
    expect(acme.lifecycle).toEqual(base.lifecycle);
    expect(acme.dryRun).toBe(false);
    expect(acme.changefeed).toEqual(base.changefeed);
    expect(acme.mappingFile).toBeUndefined();
    expect(acme.audit).toEqual({ ...base.audit, dbPath: '/var/lib/bridge/tenants/acme.db', logFile: '/var/log/bridge/tenants/acme-audit.log' });
    expect(acme.tenants).toBeUndefined();
    // Everything else is the global configuration's.
    expect(acme.paging).toEqual({ defaultCount: 50, maxCount: 1000 });
    expect({ ...acme, scimBasePath: 0, scimBearerTokens: 0, oauth: 0, cursor: 0, jumpcloud: 0, audit: 0, tenants: 0 }).toEqual({
      ...base,
      scimBasePath: 0,
      scimBearerTokens: 0,
      oauth: 0,
      cursor: 0,
      jumpcloud: 0,
      audit: 0,
      tenants: 0,
    });

    expect(beta.scimBearerTokens).toEqual([]);
    expect(beta.scimBasic).toEqual({ username: 'sailpoint', password: SECRETS.ACME_OTHER_TOKEN });
    expect(beta.oauth.clients).toEqual([{ id: 'entra', secret: 'beta-oauth-client-secret-0005' }]);
    expect(beta.oauth.tokenTtlSeconds).toBe(base.oauth.tokenTtlSeconds);
    expect(beta.adminToken).toBe(SECRETS.ACME_ADMIN);
    expect(beta.jumpcloud).toMatchObject({ apiKey: SECRETS.BETA_KEY, orgId: BETA_ORG, region: 'eu', baseUrl: undefined, concurrency: 3 });
    expect(beta.mappingFile).toBe(join(dir, 'beta.mapping.json'));
    expect(beta.lifecycle).toEqual({ leaverPolicy: 'suspend', readOnlyProfiles: true, prehireStaged: true, activationEmail: false });
    expect(beta.dryRun).toBe(true);
    expect(beta.changefeed).toEqual({ ...base.changefeed, mode: 'scan' });

    expect(gamma.scimBasePath).toBe('/gamma-7/scim/v2');
    expect(gamma.scimBearerTokens).toEqual([SECRETS.BETA_TOKEN, 'gamma-scim-token-secret-0006']);
    expect(gamma.jumpcloud).toMatchObject({ apiKey: 'jc-gamma-api-key-secret-0007', baseUrl: 'http://127.0.0.1:8089', region: 'us' });
  });

  it('reads the same three tenants from a YAML file', () => {
    const document = writeThreeTenantsSupport();
    const fromJson = loadTenants(write('tenants.json', JSON.stringify(document)), baseFor(join(dir, 'tenants.json')), ENV);
    const yamlPath = write('tenants.yaml', `# three client organisations\n${stringify(document)}`);
    const fromYaml = loadTenants(yamlPath, baseFor(yamlPath), ENV);
    expect(fromYaml).toEqual(fromJson);
    expect(loadTenants(write('tenants.yml', stringify(document)), baseFor(join(dir, 'tenants.yml')), ENV)).toEqual(fromJson);
  });

  it('gives each tenant its own OAuth and cursor keys, derived from the global secrets, stable across loads', () => {
    const path = write('tenants.json', JSON.stringify(writeThreeTenantsSupport()));
    const oauthSecret = 'oauth-signing-key-secret-0123456789abcdef';
    const base = baseFor(path, { OAUTH_SIGNING_SECRET: oauthSecret, SCIM_CURSOR_SECRET: SECRETS.CURSOR_SECRET });
    const [acme, beta] = loadTenants(path, base, ENV).map((tenant) => tenant.config) as [BridgeConfig, BridgeConfig];
    const hmac = (key: string, label: string): string => createHmac('sha256', key).update(label).digest('hex');
    expect(acme.oauth.signingSecret).toBe(hmac(oauthSecret, 'oauth:acme'));
    expect(acme.cursor.secret).toBe(hmac(SECRETS.CURSOR_SECRET, 'cursor:acme'));
    expect(beta.oauth.signingSecret).toBe(hmac(oauthSecret, 'oauth:beta'));
    expect(beta.cursor.secret).toBe(hmac(SECRETS.CURSOR_SECRET, 'cursor:beta'));
    expect(acme.cursor.ttlSeconds).toBe(base.cursor.ttlSeconds);

    // Without global secrets: a process key, still one per tenant, and the same at the next load (SIGHUP).
    const unsigned = baseFor(path);
    const first = loadTenants(path, unsigned, ENV).map((tenant) => tenant.config);
    const second = loadTenants(path, unsigned, ENV).map((tenant) => tenant.config);
    const keys = first.flatMap((config) => [config.oauth.signingSecret, config.cursor.secret]);
    expect(new Set(keys).size).toBe(6);
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(second.map((config) => [config.oauth.signingSecret, config.cursor.secret])).toEqual(first.map((config) => [config.oauth.signingSecret, config.cursor.secret]));
  });

  it('keeps an in-memory database in memory and an audit log that is off, off', () => {
    const path = write('tenants.json', JSON.stringify(writeThreeTenantsSupport()));
    const [acme] = loadTenants(path, baseFor(path, { AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off' }), ENV);
    expect(acme?.config.audit).toMatchObject({ dbPath: ':memory:', logFile: undefined });
  });

  it('lists every tenant secret for the log redaction through secretValues', () => {
    const path = write('tenants.json', JSON.stringify(writeThreeTenantsSupport()));
    const [, beta] = loadTenants(path, baseFor(path), ENV);
    const secrets = secretValues((beta as TenantDefinition).config);
    for (const value of [SECRETS.BETA_KEY, SECRETS.ACME_OTHER_TOKEN, 'beta-oauth-client-secret-0005', SECRETS.ACME_ADMIN]) expect(secrets).toContain(value);
  });

  it('accepts TENANT_HOSTS naming tenants of the file', () => {
    const path = write('tenants.json', JSON.stringify(writeThreeTenantsSupport()));
    const base = baseFor(path, { TENANT_HOSTS: 'SCIM.Acme.example=acme, scim.gamma.example:8443=gamma-7' });
    expect(base.tenants).toEqual({ file: path, hosts: { 'scim.acme.example': 'acme', 'scim.gamma.example:8443': 'gamma-7' } });
    expect(loadTenants(path, base, ENV)).toHaveLength(3);
  });

  it('loads the worked example of README "Managed service providers"', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Managed service providers'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
    // The example's mounted secrets, written into the test's folder instead of /run/secrets.
    const text = example.replace(/\/run\/secrets\/([a-z-]+)/g, (_match, name: string) => {
      write(name, `${name}-value-secret-0123456789`);
      return join(dir, name);
    });
    write('initech.mapping.json', '{}');
    const path = write('tenants.yaml', text);
    const tenants = loadTenants(path, baseFor(path), { MSP_JUMPCLOUD_KEY: 'jc-msp-api-key-secret-0001' });
    expect(tenants.map((tenant) => [tenant.id, tenant.config.scimBasePath])).toEqual([
      ['acme', '/acme/scim/v2'],
      ['globex', '/globex/scim/v2'],
      ['initech', '/initech/scim/v2'],
    ]);
    expect((parse(example) as { tenants: unknown[] }).tenants).toHaveLength(3);
  });

  it('loads 50 tenants quickly', () => {
    const env: NodeJS.ProcessEnv = {};
    const tenants = Array.from({ length: 50 }, (_, i) => {
      const n = String(i).padStart(2, '0');
      env[`T${n}_KEY`] = `jc-api-key-secret-tenant-${n}`;
      env[`T${n}_TOKEN`] = `scim-token-secret-tenant-${n}`;
      env[`T${n}_ADMIN`] = `admin-token-secret-tenant-${n}`;
      return {
        id: `client-${n}`,
        jumpcloud: { orgId: `5f1a2b3c4d5e6f7a8b9c${n}ff`, region: i % 2 === 0 ? 'us' : 'eu', apiKey: { env: `T${n}_KEY` } },
        scim: { bearerTokens: [{ env: `T${n}_TOKEN` }] },
        adminToken: { env: `T${n}_ADMIN` },
      };
    });
    const path = write('tenants.json', JSON.stringify({ tenants }));
    const base = baseFor(path);
    const started = process.hrtime.bigint();
    const loaded = loadTenants(path, base, env);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`50 tenants loaded in ${elapsedMs.toFixed(1)} ms`);
    expect(loaded.map((tenant) => tenant.id)).toEqual(tenants.map((tenant) => tenant.id));
    expect(new Set(loaded.map((tenant) => tenant.config.audit.dbPath)).size).toBe(50);
    // A generous bound for a shared 2-core machine; it measures a few milliseconds.
    expect(elapsedMs).toBeLessThan(500);
  });
});

describe('loadTenants: an invalid file', () => {
  it.each(cases)('refuses $name, naming the tenant and field, never a secret', (testCase) => {
    const { document, problems } = testCase;
    const configEnv = (testCase as { configEnv?: Record<string, string> }).configEnv ?? {};
    const path = write('tenants.json', JSON.stringify(document));
    const resolvedEnv = Object.fromEntries(Object.entries(configEnv).map(([name, value]) => [name, value.startsWith('$') ? ENV[value.slice(1)] : value]));
    const reported = problemsOf(path, baseFor(path, resolvedEnv));
    expect(reported).toEqual(problems);
    const text = reported.join('\n');
    for (const secret of [...Object.values(SECRETS), ...secretLooking(document), ...secretLooking(configEnv)]) expect(text).not.toContain(secret);
  });

  it('lists the problems in the error message too', () => {
    const path = write('tenants.json', JSON.stringify({ tenants: [] }));
    expect(() => loadTenants(path, baseFor(path), ENV)).toThrow('Invalid tenants file:\n  - tenants: must list at least one tenant');
  });

  it('refuses a file that cannot be read', () => {
    const path = join(dir, 'missing.json');
    expect(problemsOf(path, baseFor(path))).toEqual([`TENANTS_FILE: cannot read "${path}" (ENOENT)`]);
  });

  it('refuses JSON that does not parse, without quoting it (a pasted secret stays out of the log)', () => {
    const path = write('tenants.json', '{"tenants": [\n  {"id": "acme", "apiKey": jc-pasted-key-secret-0009}\n]}');
    const [problem] = problemsOf(path, baseFor(path));
    expect(problem).toMatch(new RegExp(`^TENANTS_FILE: "${path}" is not valid JSON`));
    expect(problem).not.toContain('jc-pasted-key-secret-0009');
    const trailingComma = write('comma.json', '{"tenants": [],\n}');
    expect(problemsOf(trailingComma, baseFor(trailingComma))).toEqual([`TENANTS_FILE: "${trailingComma}" is not valid JSON at line 2, column 1`]);
    const empty = write('empty.json', '');
    expect(problemsOf(empty, baseFor(empty))).toEqual([`TENANTS_FILE: "${empty}" is not valid JSON: the file is empty`]);
  });

  it('refuses YAML that does not parse, naming line and column without quoting it', () => {
    const path = write('tenants.yaml', 'tenants:\n  - id: acme\n    apiKey: [jc-pasted-key-secret-0009: x\n');
    const [problem] = problemsOf(path, baseFor(path));
    expect(problem).toMatch(new RegExp(`^TENANTS_FILE: "${path}" is not valid YAML \\([A-Z_]+ at line \\d+, column \\d+\\)$`));
    const twice = write('twice.yml', 'tenants: []\ntenants: []\n');
    expect(problemsOf(twice, baseFor(twice))).toEqual([`TENANTS_FILE: "${twice}" is not valid YAML (DUPLICATE_KEY at line 2, column 1)`]);
  });

  it('takes a relative secret file from the tenants file folder and drops one trailing newline', () => {
    write('token', 'acme-file-token-secret-0008\n');
    const path = write('tenants.json', JSON.stringify({ tenants: [{ id: 'acme', jumpcloud: { orgId: ACME_ORG, region: 'us', apiKey: { env: 'ACME_KEY' } }, scim: { bearerTokens: [{ file: 'token' }] } }] }));
    expect(loadTenants(path, baseFor(path), ENV)[0]?.config.scimBearerTokens).toEqual(['acme-file-token-secret-0008']);
  });
});
