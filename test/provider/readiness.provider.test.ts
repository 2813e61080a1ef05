import { startEmulator } from '../../emulator/server';
import { JumpCloudClient } from '../../src/jumpcloud/jumpcloud-client';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import { auditStoreCheck, createReadinessProbe } from '../../src/provider/readiness.provider';
import { openBridgeDatabase } from '../../src/state/sqlite-database';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';

describe('readiness probe (against the emulator)', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: 'probe-key-123456' } });
  });
  afterAll(() => emulator.close());

  it('is ready when JumpCloud accepts the key', async () => {
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'probe-key-123456' }));
    expect(await probe()).toEqual({ ready: true, checks: { jumpcloud: { ok: true, detail: 'JumpCloud accepted the API key' } } });
  });

  it('is not ready, with a hint and no JumpCloud text, when the key is rejected', async () => {
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'wrong-key' }));
    const report = await probe();
    expect(report.ready).toBe(false);
    expect(report.checks.jumpcloud?.detail).toBe('JumpCloud rejected the API key (HTTP 401): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID');
  });

  it('is not ready when JumpCloud cannot be reached', async () => {
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retry: { maxAttempts: 1 } }));
    const report = await probe();
    expect(report.ready).toBe(false);
    expect(report.checks.jumpcloud?.detail).toMatch(/^JumpCloud is unreachable \(/);
  });

  it('caches the verdict so frequent probes cost one JumpCloud call', async () => {
    let clock = 0;
    const probe = createReadinessProbe(new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'probe-key-123456' }), { cacheMs: 5000, now: () => clock });
    const before = emulator.ctx.requests.count();
    await probe();
    await probe();
    clock = 4999;
    await probe();
    expect(emulator.ctx.requests.count() - before).toBe(1);
    clock = 5000;
    await probe();
    expect(emulator.ctx.requests.count() - before).toBe(2);
  });
});

describe('audit store writability', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'readiness-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on a writable database and keeps nothing of its probe write', async () => {
    const path = join(dir, 'ok.db');
    const db = openBridgeDatabase(path);
    try {
      const before = db.prepare('SELECT description FROM schema_migrations ORDER BY version').all();
      expect(await auditStoreCheck(db, path)()).toEqual({ ok: true, detail: 'the audit database accepts writes' });
      expect(db.prepare('SELECT description FROM schema_migrations ORDER BY version').all()).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('fails on a read-only database, naming the permissions', async () => {
    const path = join(dir, 'ro.db');
    openBridgeDatabase(path).close();
    const readOnly = new Database(path, { readonly: true });
    try {
      expect(await auditStoreCheck(readOnly, path)()).toEqual({ ok: false, detail: expect.stringContaining('the audit database is read-only: check the permissions of AUDIT_DB_PATH') });
    } finally {
      readOnly.close();
    }
  });

  it('fails when the file is gone from under the process, or its disk is (nearly) full', async () => {
    const path = join(dir, 'gone.db');
    const db = openBridgeDatabase(path);
    try {
      expect(await auditStoreCheck(db, path, { minFreeBytes: Number.MAX_SAFE_INTEGER })()).toEqual({ ok: false, detail: expect.stringMatching(/^the disk holding AUDIT_DB_PATH has \d+ KiB free/) });
      rmSync(path);
      expect(await auditStoreCheck(db, path)()).toEqual({ ok: false, detail: expect.stringContaining('is gone (was its volume unmounted?)') });
    } finally {
      db.close();
    }
  });
});

describe('readiness with further checks', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: 'probe-key-123456' } });
  });
  afterAll(() => emulator.close());

  it('is ready only when every check passes, and a throwing check is a failed one', async () => {
    const client = new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'probe-key-123456' });
    const good = createReadinessProbe(client, { checks: { config: async () => ({ ok: true, detail: 'valid' }) } });
    expect(await good()).toEqual({ ready: true, checks: { jumpcloud: { ok: true, detail: 'JumpCloud accepted the API key' }, config: { ok: true, detail: 'valid' } } });
    const bad = createReadinessProbe(client, {
      checks: {
        config: async () => ({ ok: true, detail: 'valid' }),
        auditStore: async () => {
          throw new Error('disk on fire');
        },
      },
    });
    const report = await bad();
    expect(report.ready).toBe(false);
    expect(report.checks.auditStore).toEqual({ ok: false, detail: 'check failed unexpectedly: disk on fire' });
  });
});

const READYZ_ADMIN_TOKEN = 'readyz-admin-token-0123456789';

describe('GET /readyz of a running bridge', () => {
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: 'probe-key-123456' } });
  });
  afterAll(() => emulator.close());

  const start = (key: string) =>
    startScannedBridge(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SCIM_BEARER_TOKEN: 'readyz-test-token-0123456', ADMIN_TOKEN: READYZ_ADMIN_TOKEN, JUMPCLOUD_API_KEY: key, JUMPCLOUD_BASE_URL: emulator.url, AUDIT_DB_PATH: ':memory:', AUDIT_LOG_FILE: 'off', CHANGEFEED_MODE: 'off' }),
    );

  it('answers 200 with config, audit store and JumpCloud checks when all is well', async () => {
    const bridge = await start('probe-key-123456');
    try {
      const res = await fetch(`${bridge.url}/readyz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { checks: Record<string, { ok: boolean }> };
      expect(body.checks).toMatchObject({ jumpcloud: { ok: true }, config: { ok: true }, auditStore: { ok: true } });
      expect((await fetch(`${bridge.url}/healthz`)).status).toBe(200);
    } finally {
      await bridge.close();
    }
  });

  it('answers 503 when JumpCloud rejects the key, while /healthz stays 200', async () => {
    const bridge = await start('a-key-jumpcloud-rejects');
    try {
      // Anonymous probes learn the verdict and which check failed, never why (issue 12, finding 8).
      const anonymous = await fetch(`${bridge.url}/readyz`);
      expect(anonymous.status).toBe(503);
      expect(((await anonymous.json()) as { checks: Record<string, unknown> }).checks.jumpcloud).toEqual({ ok: false });
      const res = await fetch(`${bridge.url}/readyz`, { headers: { Authorization: `Bearer ${READYZ_ADMIN_TOKEN}` } });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { status: string; checks: Record<string, { ok: boolean; detail: string }> };
      expect(body.status).toBe('not ready');
      expect(body.checks.jumpcloud).toEqual({ ok: false, detail: 'JumpCloud rejected the API key (HTTP 401): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID' });
      expect(body.checks.auditStore?.ok).toBe(true);
      expect((await fetch(`${bridge.url}/healthz`)).status).toBe(200);
    } finally {
      await bridge.close();
    }
  });
});
