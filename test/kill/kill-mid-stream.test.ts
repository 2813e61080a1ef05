import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase } from '../../src/state/sqlite-database';
import { registerSecret } from '../support/log-scan/scan-state';
import { captureChildOutput } from '../support/log-scan/child-output';

const TOKEN = 'kill-test-scim-token-0123456789';
const KEY = 'kill-test-emulator-key';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
registerSecret('SCIM bearer token', TOKEN);
registerSecret('JumpCloud API key', KEY);

/** Starts the bridge in its own process on `dbPath`; resolves with its SCIM base URL. */
function spawnBridge(emulator: RunningEmulator, dir: string): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  const child = spawn(process.execPath, ['-r', join(__dirname, 'ts-register.cjs'), join(__dirname, 'bridge-process.ts')], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      SCIM_BEARER_TOKEN: TOKEN,
      JUMPCLOUD_API_KEY: KEY,
      JUMPCLOUD_BASE_URL: emulator.url,
      AUDIT_DB_PATH: join(dir, 'bridge.db'),
      AUDIT_LOG_FILE: join(dir, 'audit.log'),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildOutput('bridge', child);
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (!line.startsWith('{"listening"')) return;
      resolve({ child, url: (JSON.parse(line) as { listening: string }).listening, stdout: () => stdout });
    });
    child.once('exit', (code) => reject(new Error(`bridge exited (${code}) before listening: ${stderr}`)));
  });
}

async function send(url: string, method: string, body: unknown): Promise<number> {
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/** Retries an assertion for up to two seconds (the audit log file is written asynchronously). */
async function eventually(check: () => void): Promise<void> {
  for (let tries = 0; ; tries++) {
    try {
      return check();
    } catch (err) {
      if (tries >= 40) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * SIGKILL in the middle of a stream of writes: after a restart on the same database the journal
 * is readable, and every write JumpCloud (the emulator) acknowledged is journaled, or flagged
 * `interrupted` (an intent with no outcome, found at the restart).
 */
describe('a bridge killed mid-stream', () => {
  let emulator: RunningEmulator;
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: KEY } });
    emulator.ctx.reset();
    dir = mkdtempSync(join(tmpdir(), 'kill-test-'));
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves every acknowledged JumpCloud write journaled or flagged interrupted', async () => {
    // JumpCloud takes its time over some writes: a kill then lands between the bridge sending a
    // write and learning its outcome, while JumpCloud still applies it: the case to survive.
    const faults = await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'PUT',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify([{ latencyMs: 200, path: '/api/systemusers', method: 'POST', rate: 0.25 }, { latencyMs: 200, path: '/api/systemusers/', method: 'PUT', rate: 0.25 }]),
    });
    expect(faults.status).toBe(200);
    const first = await spawnBridge(emulator, dir);
    children.push(first.child);

    // Eight writers: each creates users and patches them, until the process dies under them.
    let acknowledged = 0;
    let dead = false;
    const writer = async (w: number) => {
      for (let i = 0; !dead; i++) {
        const userName = `w${w}-u${i}@example.com`;
        try {
          const res = await fetch(`${first.url}/Users`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
            body: JSON.stringify({ schemas: [CORE], userName, name: { givenName: 'W', familyName: `${w}-${i}` }, emails: [{ value: userName, type: 'work', primary: true }] }),
          });
          const created = (await res.json()) as { id?: string };
          if (res.status !== 201 || !created.id) continue;
          acknowledged += 1;
          if ((await send(`${first.url}/Users/${created.id}`, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `T${i}` }] })) === 200) acknowledged += 1;
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const writers = [0, 1, 2, 3, 4, 5, 6, 7].map(writer);
    while (acknowledged < 40) await new Promise((resolve) => setTimeout(resolve, 5));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    dead = true;
    await exited;
    await Promise.all(writers);
    // Writes still inside their latency land now, with nobody left to hear the answer.
    await new Promise((resolve) => setTimeout(resolve, 400));

    // JumpCloud's side: every write the emulator applied (answered with success, or still
    // holding its answer back when the bridge died).
    // Searches and Directory Insights queries (the change feed) are POSTs that read.
    const writes = emulator.ctx.requests.list().filter((r) => r.method !== 'GET' && !r.path.startsWith('/api/search') && !r.path.startsWith('/insights/') && (r.status === undefined || r.status < 300));
    expect(writes.length).toBeGreaterThanOrEqual(40);

    // Restart on the same database: pending intents become interrupted, and the bridge serves.
    const second = await spawnBridge(emulator, dir);
    children.push(second.child);
    const db = openBridgeDatabase(join(dir, 'bridge.db'));
    try {
      const store = new SqliteAuditStore(db);
      const records: AuditRecord[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.query({ limit: 500, cursor });
        records.push(...page.records);
        cursor = page.nextCursor;
      } while (cursor);
      expect(records.filter((r) => r.outcome === 'pending')).toEqual([]);
      const journaled = (r: AuditRecord) => r.outcome === 'succeeded' || r.outcome === 'interrupted';

      for (const write of writes) {
        if (write.method === 'POST' && write.path === '/api/systemusers') {
          const username = (write.body as { username: string }).username;
          const email = (write.body as { email: string }).email;
          const found = records.some((r) => journaled(r) && r.type === 'joiner' && r.userName === email);
          if (!found) throw new Error(`create of ${username} (${email}) acknowledged by JumpCloud but not journaled`);
        } else if (write.method === 'PUT' && write.path.startsWith('/api/systemusers/')) {
          const id = write.path.split('/').pop() as string;
          const found = records.some((r) => journaled(r) && r.type === 'mover' && r.scimId === id);
          if (!found) throw new Error(`update of ${id} acknowledged by JumpCloud but not journaled`);
        } else {
          throw new Error(`unexpected JumpCloud write ${write.method} ${write.path}`);
        }
      }
      // The kill caught writes in flight (the late answers make sure of it), and the restart
      // said so: the warning with the count on its log, each record on the audit log.
      const interrupted = records.filter((r) => r.outcome === 'interrupted');
      expect(interrupted.length).toBeGreaterThan(0);
      expect(second.stdout()).toContain(`"count":${interrupted.length}`);
      await eventually(() => expect(readFileSync(join(dir, 'audit.log'), 'utf8')).toContain('"outcome":"interrupted"'));

      // And the next request on an interrupted resource flags it.
      const onUser = interrupted.find((r) => r.scimId !== undefined);
      if (onUser) {
        // An interrupted update (creates have no id to write to yet).
        expect(await send(`${second.url}/Users/${onUser.scimId}`, 'PATCH', { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'after restart' }] })).toBe(200);
        const [flagged] = await store.history('User', onUser.scimId as string, 1);
        expect(flagged?.interruptedBefore).toEqual([onUser.id]);
      }
    } finally {
      db.close();
    }
  }, 60_000);
});
