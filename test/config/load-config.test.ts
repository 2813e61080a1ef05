import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, loadDatabaseSettings, secretValues } from '../../src/config/load-config';
import { problemsOf } from '../support/config-problems';


describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      scimBasePath: '/scim/v2',
      scimBearerTokens: [],
      scimBasic: undefined,
      publicBaseUrl: undefined,
      metrics: { enabled: true, token: undefined },
      limits: { maxBodyBytes: 1048576, filterMaxLength: 4096, filterMaxDepth: 32, maxConcurrentPerClient: 16, requestDeadlineMs: 45000 },
      paging: { defaultCount: 100, maxCount: 1000 },
      bulk: { maxOperations: 1000, maxPayloadBytes: 1048576 },
      cursor: { ttlSeconds: 3600, secret: undefined },
      console: { sessionIdleSeconds: 900, sessionMaxSeconds: 28800 },
      discovery: { advertisePagination: true },
      mappingFile: undefined,
      jumpcloud: { apiKey: undefined, region: 'us', baseUrl: undefined, orgId: undefined, timeoutMs: 15000, concurrency: 10 },
      lifecycle: { leaverPolicy: 'delete', prehireStaged: false, activationEmail: true, readOnlyProfiles: false },
      dryRun: false,
      audit: { dbPath: './data/bridge.db', logFile: './data/audit.log', logMaxBytes: 10485760, logMaxFiles: 10, retentionDays: 400 },
      changefeed: { mode: 'auto', intervalSeconds: 60, lookbackSeconds: 300, reconcileIntervalSeconds: 3600, matchWindowSeconds: 120 },
      logLevel: 'info',
      emulator: { port: 8089, apiKey: undefined, seedFile: undefined },
      adminToken: undefined,
      network: { ipAllowList: undefined, trustProxy: false },
      oauth: { clients: [], signingSecret: undefined, tokenTtlSeconds: 900 },
      recordFixturesDir: undefined,
      shutdownTimeoutMs: 25000,
      tls: undefined,
    });
  });

  it('reads the lifecycle settings and refuses an unknown leaver policy', () => {
    const config = loadConfig({ LEAVER_POLICY: 'suspend', PREHIRE_STAGED: 'true', ACTIVATION_EMAIL: 'false', READ_ONLY_PROFILES: 'yes', DRY_RUN: '1' });
    expect(config.lifecycle).toEqual({ leaverPolicy: 'suspend', prehireStaged: true, activationEmail: false, readOnlyProfiles: true });
    expect(config.dryRun).toBe(true);
    expect(() => loadConfig({ LEAVER_POLICY: 'archive' })).toThrow('LEAVER_POLICY: must be one of delete, suspend; got "archive"');
  });

  it('advertises RFC 9865 pagination unless SCIM_ADVERTISE_PAGINATION is false, and refuses a non-boolean', () => {
    expect(loadConfig({}).discovery).toEqual({ advertisePagination: true });
    expect(loadConfig({ SCIM_ADVERTISE_PAGINATION: 'false' }).discovery).toEqual({ advertisePagination: false });
    expect(loadConfig({ SCIM_ADVERTISE_PAGINATION: 'no' }).discovery).toEqual({ advertisePagination: false });
    expect(() => loadConfig({ SCIM_ADVERTISE_PAGINATION: 'sometimes' })).toThrow('SCIM_ADVERTISE_PAGINATION: must be boolean; got "sometimes"');
  });

  it('reads the audit settings: an in-memory database, no log file, and a retention of at least a day', () => {
    const config = loadConfig({ AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', AUDIT_RETENTION_DAYS: '30' });
    expect(config.audit).toMatchObject({ dbPath: ':memory:', logFile: undefined, retentionDays: 30 });
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '0' })).toThrow('AUDIT_RETENTION_DAYS: must be >= 1; got 0');
  });

  it('reads and coerces every kind of value', () => {
    const config = loadConfig({
      PORT: '9000',
      SCIM_BEARER_TOKEN: ' old-token-0123456789 , new-token-0123456789 ',
      JUMPCLOUD_API_KEY: 'jc-key-abcdef',
      JUMPCLOUD_REGION: 'eu',
      JUMPCLOUD_BASE_URL: 'http://127.0.0.1:8089/',
      JUMPCLOUD_ORG_ID: '5f0c1a2b3c4d5e6f7a8b9c0d',
      LOG_LEVEL: 'debug',
    });
    expect(config.port).toBe(9000);
    expect(config.scimBearerTokens).toEqual(['old-token-0123456789', 'new-token-0123456789']);
    expect(config.jumpcloud).toMatchObject({ apiKey: 'jc-key-abcdef', region: 'eu', baseUrl: 'http://127.0.0.1:8089', orgId: '5f0c1a2b3c4d5e6f7a8b9c0d' });
    expect(config.logLevel).toBe('debug');
  });

  it('treats empty strings as unset, as .env files write them', () => {
    expect(loadConfig({ JUMPCLOUD_API_KEY: '', PORT: '' }).jumpcloud.apiKey).toBeUndefined();
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a whole number; got "eighty"'],
    [{ PORT: '70000' }, 'PORT: must be <= 65535; got 70000'],
    [{ JUMPCLOUD_REGION: 'asia' }, 'JUMPCLOUD_REGION: must be one of us, eu; got "asia"'],
    [{ JUMPCLOUD_REGION: 'in' }, 'JUMPCLOUD_REGION: must be one of us, eu (JumpCloud documents no API host for "in"; JumpCloud.SDK.V1/V2.json name only console.jumpcloud.com and console.eu.jumpcloud.com); got "in"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of error, warn, info, http, verbose, debug; got "loud"'],
    [{ JUMPCLOUD_ORG_ID: 'acme' }, 'JUMPCLOUD_ORG_ID: must match pattern "^[0-9a-fA-F]{24}$"; got "acme"'],
    [{ SCIM_BASE_PATH: 'scim' }, 'SCIM_BASE_PATH: must match pattern'],
    [{ JUMPCLOUD_BASE_URL: 'ftp://x' }, 'JUMPCLOUD_BASE_URL: must match pattern "^https?://"'],
  ])('names the variable and the rule for %j', (env, expected) => {
    expect(problemsOf(env).join('\n')).toContain(expected);
  });

  it('wants both Basic credentials or neither, and a default page size within the maximum', () => {
    expect(problemsOf({ SCIM_BASIC_USERNAME: 'sailpoint' })).toEqual(['SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD: set both or neither']);
    expect(problemsOf({ SCIM_DEFAULT_PAGE_SIZE: '500', SCIM_MAX_PAGE_SIZE: '200' })).toEqual(['SCIM_DEFAULT_PAGE_SIZE: must not exceed SCIM_MAX_PAGE_SIZE (200); got 500']);
    expect(loadConfig({ SCIM_BASIC_USERNAME: 'sailpoint', SCIM_BASIC_PASSWORD: 'a-long-basic-password' }).scimBasic).toEqual({ username: 'sailpoint', password: 'a-long-basic-password' });
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', JUMPCLOUD_REGION: 'y' })).toHaveLength(2);
  });

  it('never echoes a secret in a problem', () => {
    const problems = problemsOf({ SCIM_BEARER_TOKEN: 'short-secret' });
    expect(problems.join('\n')).toContain('SCIM_BEARER_TOKEN');
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  describe('*_FILE secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, 'jc-key-from-file\n');

    it('reads the secret from the file, without its trailing newline', () => {
      expect(loadConfig({ JUMPCLOUD_API_KEY_FILE: keyFile }).jumpcloud.apiKey).toBe('jc-key-from-file');
    });

    it('refuses both the variable and its file', () => {
      expect(problemsOf({ JUMPCLOUD_API_KEY_FILE: keyFile, JUMPCLOUD_API_KEY: 'other' })[0]).toBe(
        'JUMPCLOUD_API_KEY: set either JUMPCLOUD_API_KEY or JUMPCLOUD_API_KEY_FILE, not both',
      );
    });

    it('names an unreadable file', () => {
      expect(problemsOf({ SCIM_BEARER_TOKEN_FILE: join(dir, 'missing') })[0]).toMatch(/^SCIM_BEARER_TOKEN_FILE: cannot read ".*missing" \(ENOENT\)$/);
    });
  });

  it('lists every secret value for redaction', () => {
    const config = loadConfig({ SCIM_BEARER_TOKEN: 'a-token-0123456789', JUMPCLOUD_API_KEY: 'jc-key', EMULATOR_API_KEY: 'emu-key-1' });
    expect(secretValues(config).sort()).toEqual(['a-token-0123456789', 'emu-key-1', 'jc-key']);
  });

  it('lists DATABASE_URL for redaction, and its password alone (as written and decoded)', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://bridge:p%40ss-word-0123@db.internal:5432/bridge',
      SCIM_CURSOR_SECRET: 'a-cursor-secret-of-at-least-32-characters',
    });
    expect(secretValues(config)).toEqual(
      expect.arrayContaining(['postgres://bridge:p%40ss-word-0123@db.internal:5432/bridge', 'p%40ss-word-0123', 'p@ss-word-0123']),
    );
  });
});

describe('loadDatabaseSettings', () => {
  const url = 'postgres://bridge:a-long-database-password@db.internal:5432/bridge';

  it('reads the DATABASE_* settings alone, with their defaults, and nothing when DATABASE_URL is unset', () => {
    expect(loadDatabaseSettings({})).toBeUndefined();
    // No SCIM_CURSOR_SECRET: a tool reaching the store is not a replica and signs no cursor.
    expect(loadDatabaseSettings({ DATABASE_URL: url })).toEqual({ url, poolSize: 10, ssl: 'off', sslCaFile: undefined });
    expect(() => loadConfig({ DATABASE_URL: url })).toThrow(/SCIM_CURSOR_SECRET: required with DATABASE_URL/);
  });

  it('reads DATABASE_URL_FILE like loadConfig (a trailing newline dropped), and the TLS settings', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'database-url-')), 'url');
    writeFileSync(file, `${url}\n`);
    expect(loadDatabaseSettings({ DATABASE_URL_FILE: file, DATABASE_SSL: 'verify-full', DATABASE_SSL_CA_FILE: '/etc/ca.pem', DATABASE_POOL_SIZE: '4' })).toEqual({
      url,
      poolSize: 4,
      ssl: 'verify-full',
      sslCaFile: '/etc/ca.pem',
    });
  });

  it('refuses what loadConfig refuses in those settings, without echoing the URL, and ignores the others', () => {
    const problems = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadDatabaseSettings(env);
      } catch (err) {
        if (err instanceof ConfigError) return err.problems;
        throw err;
      }
      throw new Error('expected a ConfigError');
    };
    expect(problems({ DATABASE_URL: 'mysql://bridge:a-long-database-password@db/bridge', DATABASE_SSL: 'maybe', PORT: 'not-a-port' })).toEqual([
      'DATABASE_URL: must match pattern "^postgres(ql)?://"',
      'DATABASE_SSL: must be one of off, require, verify-full; got "maybe"',
    ]);
    expect(problems({ DATABASE_URL: url, DATABASE_SSL_CA_FILE: '/etc/ca.pem' })).toEqual([
      'DATABASE_SSL_CA_FILE: only used with DATABASE_SSL=verify-full; set that too, or remove the file setting',
    ]);
    expect(problems({ DATABASE_URL: url, DATABASE_URL_FILE: '/run/secrets/url' })).toEqual(['DATABASE_URL: set either DATABASE_URL or DATABASE_URL_FILE, not both']);
  });
});
