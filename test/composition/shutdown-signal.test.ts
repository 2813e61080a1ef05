import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase } from '../../src/state/sqlite-database';
import { registerSecret } from '../support/log-scan/scan-state';
import { captureChildOutput } from '../support/log-scan/child-output';

const TOKEN = 'signal-test-scim-token-0123456';
const KEY = 'signal-test-emulator-key';
const ROOT = join(__dirname, '..', '..');
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
registerSecret('SCIM bearer token', TOKEN);
registerSecret('JumpCloud API key', KEY);

/** `jumpcloud-scim-bridge serve` as the image runs it (TypeScript transpiled on the fly); resolves with its SCIM base URL. */
function spawnServe(emulator: RunningEmulator, dir: string): Promise<{ child: ChildProcess; url: string; exit: Promise<{ code: number | null; stderr: string }> }> {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test', 'kill', 'ts-register.cjs'), join(ROOT, 'src', 'cli', 'main.ts'), 'serve'], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      SCIM_BEARER_TOKEN: TOKEN,
      JUMPCLOUD_API_KEY: KEY,
      JUMPCLOUD_BASE_URL: emulator.url,
      AUDIT_DB_PATH: join(dir, 'bridge.db'),
      AUDIT_LOG_FILE: join(dir, 'audit.log'),
      CHANGEFEED_MODE: 'off',
      SHUTDOWN_TIMEOUT_SECONDS: '10',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildOutput('serve', child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const base = /SCIM base URL\s+(\S+)/.exec(line)?.[1];
      if (base) resolve({ child, url: base, exit });
    });
    void exit.then(({ code }) => reject(new Error(`serve exited (${code}) before listening: ${stderr}`)));
  });
}

/**
 * SIGTERM to the real CLI while a create waits on a slow JumpCloud: the create is answered 201,
 * its journal record is settled (not left pending), and the process exits 0.
 */
describe('serve on SIGTERM', () => {
  let emulator: RunningEmulator;
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: KEY } });
    dir = mkdtempSync(join(tmpdir(), 'signal-test-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the write in flight, journals it, and exits 0', async () => {
    const bridge = await spawnServe(emulator, dir);
    child = bridge.child;
    const faults = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify([{ latencyMs: 800, method: 'POST', path: '/api/systemusers' }]),
    });
    expect(faults.status).toBe(200);

    const create = fetch(`${bridge.url}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [CORE], userName: 'sigterm.joiner@example.com', name: { givenName: 'Sig', familyName: 'Term' }, emails: [{ value: 'sigterm.joiner@example.com', primary: true }] }),
    });
    while (!emulator.ctx.requests.list().some((r) => r.method === 'POST' && r.path === '/api/systemusers')) await new Promise((resolve) => setTimeout(resolve, 10));
    bridge.child.kill('SIGTERM');

    const res = await create;
    expect(res.status).toBe(201);
    const { code, stderr } = await bridge.exit;
    expect(stderr).toContain('SIGTERM received, shutting down');
    expect(code).toBe(0);

    const db = openBridgeDatabase(join(dir, 'bridge.db'));
    try {
      const page = await new SqliteAuditStore(db).query({ type: 'joiner' });
      expect(page.records.map((r) => [r.userName, r.outcome])).toEqual([['sigterm.joiner@example.com', 'succeeded']]);
    } finally {
      db.close();
    }
  });
});
