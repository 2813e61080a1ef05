import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { captureChildOutput } from '../support/log-scan/child-output';
import { registerSecret } from '../support/log-scan/scan-state';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

const TOKEN = 'replica-test-scim-token-0123456789';
const ADMIN = 'replica-test-admin-token-0123456789';
const KEY = 'replica-test-emulator-key';
const CURSOR_SECRET = 'replica-test-cursor-secret-0123456789abcdef';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
/** The change feed's poll interval: the lease lives one interval, so takeover must come within two. */
const INTERVAL_SECONDS = 1;
registerSecret('SCIM bearer token', TOKEN);
registerSecret('admin token', ADMIN);
registerSecret('JumpCloud API key', KEY);
registerSecret('cursor secret', CURSOR_SECRET);

interface Replica {
  name: string;
  child: ChildProcess;
  url: string;
  origin: string;
}

/** Starts one bridge replica (its own process, as `npm start` runs it) on the shared database. */
function startReplica(name: string, emulator: RunningEmulator, databaseUrl: string, dir: string): Promise<Replica> {
  const child = spawn(process.execPath, ['-r', join(__dirname, '..', 'kill', 'ts-register.cjs'), join(__dirname, '..', 'kill', 'bridge-process.ts')], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      HOST: '127.0.0.1',
      SCIM_BEARER_TOKEN: TOKEN,
      ADMIN_TOKEN: ADMIN,
      SCIM_CURSOR_SECRET: CURSOR_SECRET,
      JUMPCLOUD_API_KEY: KEY,
      JUMPCLOUD_BASE_URL: emulator.url,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '8',
      AUDIT_LOG_FILE: join(dir, `${name}-audit.log`),
      CHANGEFEED_MODE: 'insights',
      CHANGEFEED_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildOutput(name, child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (!line.startsWith('{"listening"')) return;
      const url = (JSON.parse(line) as { listening: string }).listening;
      resolve({ name, child, url, origin: new URL(url).origin });
    });
    child.once('exit', (code) => reject(new Error(`replica ${name} exited (${code}) before listening: ${stderr}`)));
  });
}

async function scim(replica: Replica, method: string, path: string, body?: unknown, requestId?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${replica.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json', ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Whether the replica says (in /readyz details) that it runs the change feed now. */
async function leads(replica: Replica): Promise<boolean> {
  const res = await fetch(`${replica.origin}/readyz`, { headers: { authorization: `Bearer ${ADMIN}` } });
  const body = (await res.json()) as { changefeed?: { replica?: { leadsChangeFeed?: boolean } } };
  return body.changefeed?.replica?.leadsChangeFeed === true;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Every journal record, straight from the shared database. */
async function journal(databaseUrl: string): Promise<AuditRecord[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ record: string }>('SELECT record FROM audit_event ORDER BY seq');
    return rows.map((row) => JSON.parse(row.record) as AuditRecord);
  } finally {
    await client.end();
  }
}

function user(userName: string): Record<string, unknown> {
  return { schemas: [CORE], userName, name: { givenName: 'Rep', familyName: userName.split('@')[0] }, emails: [{ value: userName, type: 'work', primary: true }] };
}

/**
 * Three bridge processes on one PostgreSQL and one JumpCloud (the emulator), driven round-robin
 * like a SailPoint behind a load balancer, with the change feed's leader killed half way.
 */
describe('three replicas on one PostgreSQL', () => {
  let emulator: RunningEmulator;
  let database: TestDatabase;
  let dir: string;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: KEY } });
    emulator.ctx.reset();
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'replica-test-'));
    // One first, so that it migrates the schema alone; then two more at once (they find it current).
    replicas.push(await startReplica('replica-a', emulator, database.url, dir));
    replicas.push(...(await Promise.all([startReplica('replica-b', emulator, database.url, dir), startReplica('replica-c', emulator, database.url, dir)])));
  }, 90_000);

  afterAll(async () => {
    for (const replica of replicas) {
      if (replica.child.exitCode === null && replica.child.signalCode === null) {
        const exited = new Promise((resolve) => replica.child.once('exit', resolve));
        replica.child.kill('SIGTERM');
        await exited;
      }
    }
    await emulator?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loses no update, makes no duplicate, journals every write once, and hands the change feed over', async () => {
    const startedAt = new Date(Date.now() - 1000).toISOString();
    const at = (i: number) => replicas[i % replicas.length] as Replica;
    const writes: string[] = [];
    const statuses = new Map<string, number>();
    const write = async (i: number, method: string, path: string, body?: unknown) => {
      const requestId = `replica-test-${writes.length}`;
      writes.push(requestId);
      const answer = await scim(at(i), method, path, body, requestId);
      statuses.set(requestId, answer.status);
      return answer;
    };

    // Joiners, round-robin.
    const created = await Promise.all(Array.from({ length: 9 }, (_, i) => write(i, 'POST', '/Users', user(`joiner${i}@example.com`))));
    expect(created.map((r) => r.status)).toEqual(Array(9).fill(201));
    const ids = created.map((r) => r.body.id as string);

    // The same joiner sent to all three replicas at once: one user, two conflicts.
    const racing = await Promise.all([0, 1, 2].map((i) => write(i, 'POST', '/Users', user('twice@example.com'))));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409, 409]);

    // Movers: each replica adds a different phone number to the same user at once. JumpCloud
    // replaces phoneNumbers on every PUT, so without the shared lock two of three would be lost.
    const target = ids[0] as string;
    const types = ['work', 'mobile', 'home'];
    const adds = await Promise.all(
      types.map((type, i) => write(i, 'PATCH', `/Users/${target}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'phoneNumbers', value: [{ type, value: `+1 555 010${i}` }] }] })),
    );
    expect(adds.map((r) => r.status)).toEqual([200, 200, 200]);
    // Titles of one user from every replica, many times: the last answer is what JumpCloud holds.
    for (let round = 0; round < 3; round++) {
      const titles = await Promise.all([0, 1, 2].map((i) => write(i + round, 'PATCH', `/Users/${ids[1]}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `Title ${round}-${i}` }] })));
      expect(titles.map((r) => r.status)).toEqual([200, 200, 200]);
    }

    // Entitlements: one group, members added from every replica at once.
    const group = await write(0, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Replicated' });
    expect(group.status).toBe(201);
    const groupId = group.body.id as string;
    const members = await Promise.all(ids.slice(2, 8).map((id, i) => write(i, 'PATCH', `/Groups/${groupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] })));
    expect(members.map((r) => r.status).every((status) => status === 200 || status === 204)).toBe(true);

    // Leavers from two replicas.
    expect((await write(1, 'DELETE', `/Users/${ids[8]}`)).status).toBe(204);
    expect((await write(2, 'DELETE', `/Users/${ids[7]}`)).status).toBe(204);

    // A console change while the first leader runs the feed.
    const leader = await waitFor('a change feed leader', async () => {
      const flags = await Promise.all(replicas.map(leads));
      const leading = replicas.filter((_, i) => flags[i]);
      expect(leading.length).toBeLessThanOrEqual(1);
      return leading[0];
    }, 10_000);
    const consoleChange = (id: string, jobTitle: string) =>
      fetch(`${emulator.url}/__emulator/users/${id}/console`, { method: 'PUT', headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, body: JSON.stringify({ jobTitle }) }).then((res) => expect(res.status).toBe(200));
    await consoleChange(ids[2] as string, 'Changed in the console before');

    // SIGKILL the leader: no goodbye, its lease simply stops being renewed.
    const killedAt = Date.now();
    const exited = new Promise((resolve) => leader.child.once('exit', resolve));
    leader.child.kill('SIGKILL');
    await exited;
    const survivors = replicas.filter((replica) => replica !== leader);
    const successor = await waitFor('another replica to lead the change feed', async () => {
      const flags = await Promise.all(survivors.map(leads));
      return survivors.find((_, i) => flags[i]);
    }, 10 * INTERVAL_SECONDS * 1000);
    const takeoverMs = Date.now() - killedAt;
    expect(takeoverMs).toBeLessThanOrEqual(2 * INTERVAL_SECONDS * 1000 + 500);
    await consoleChange(ids[3] as string, 'Changed in the console after');
    await consoleChange(ids[4] as string, 'Changed in the console after, too');

    // Each console change becomes exactly one drift record, whoever led when it was read.
    const drifted = [ids[2], ids[3], ids[4]] as string[];
    const records = await waitFor('the three console changes in the journal', async () => {
      const all = await journal(database.url);
      const drift = all.filter((record) => record.type === 'drift' && drifted.includes(record.scimId as string));
      return drift.length >= 3 ? all : undefined;
    }, 15_000, 200);
    // One more poll interval and a bit: a duplicate would have arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_SECONDS * 1000));
    const settled = await journal(database.url);
    for (const id of drifted) expect(settled.filter((record) => record.type === 'drift' && record.scimId === id)).toHaveLength(1);
    expect(records.length).toBeGreaterThan(0);

    // No lost update: every phone number arrived; no duplicate user.
    const read = await scim(successor, 'GET', `/Users/${target}`);
    expect(((read.body.phoneNumbers as { type: string }[]) ?? []).map((phone) => phone.type).sort()).toEqual([...types].sort());
    const usernames = emulator.ctx.users.idsInOrder(0, emulator.ctx.users.count()).map((id) => emulator.ctx.users.usernameOf(id) as string);
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(usernames.filter((name) => name.startsWith('twice'))).toHaveLength(1);

    // The journal: every write this test sent has its outcome, no intent is left pending.
    expect(settled.filter((record) => record.outcome === 'pending')).toEqual([]);
    let journaledWrites = 0;
    for (const requestId of writes) {
      const outcomes = settled.filter((record) => record.requestId === requestId);
      const succeeded = (statuses.get(requestId) ?? 0) < 300;
      // A write that succeeded has its outcome records, all succeeded; a refused one (the race's
      // 409s) has none, or failed ones: never an intent left, never a success.
      const expected = succeeded ? 'succeeded' : 'failed';
      if ((succeeded && outcomes.length === 0) || !outcomes.every((record) => record.outcome === expected)) {
        throw new Error(`write ${requestId} (HTTP ${statuses.get(requestId)}): journal holds ${JSON.stringify(outcomes.map((record) => record.outcome))}`);
      }
      if (outcomes.length > 0) journaledWrites += 1;
    }

    // Delta aggregation: every replica still running answers the same set.
    const deltas = await Promise.all(
      survivors.map(async (replica) => {
        const page = await scim(replica, 'GET', `/Users?filter=${encodeURIComponent(`meta.lastModified gt "${startedAt}"`)}&count=1000&attributes=id`);
        expect(page.body.schemas).toEqual([LIST]);
        return ((page.body.Resources as { id: string }[]) ?? []).map((resource) => resource.id).sort();
      }),
    );
    expect(deltas[0]?.length).toBeGreaterThanOrEqual(8);
    for (const delta of deltas) expect(delta).toEqual(deltas[0]);
    console.log(JSON.stringify({ takeoverMs, writes: writes.length, journaledWrites, journalRecords: settled.length, drift: drifted.length, deltaSize: deltas[0]?.length }));
  }, 120_000);
});
