import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startBridge, type RunningBridge } from '../../src/composition/start-bridge';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/logging/logger';
import { ORG_SEED } from '../http/scim/users-groups.fixtures';
import cases from './sqlite-statements.cases.json';

/**
 * Every SQL statement the bridge's SQLite connection runs, as better-sqlite3's `verbose` hook
 * reports it (one call per executed statement, BEGIN and COMMIT of a transaction included).
 * The driver is wrapped so that the bridge opens its REAL database, the one `serve` opens, with
 * the hook added; the WAL checkpoint worker opens its own connection in a worker thread, which
 * this does not reach (it runs beside requests, never inside one).
 */
const executed: string[] = [];
jest.mock('better-sqlite3', () => {
  const Actual = jest.requireActual<typeof import('better-sqlite3')>('better-sqlite3');
  function Traced(path: string, options: Record<string, unknown> = {}): InstanceType<typeof Actual> {
    return new Actual(path, { ...options, verbose: (sql: unknown) => executed.push(String(sql)) });
  }
  Traced.prototype = Actual.prototype;
  return Traced;
});

const API_KEY = 'perf-emulator-key-0123456789';
/**
 * The users were created long before the bridge's writes, as in a directory a delta aggregation
 * reads: a delta since 2025-06 is then the bridge's changes alone, one since 2000 every user too.
 */
const SEED = { ...ORG_SEED, users: ORG_SEED.users?.map((user) => ({ ...user, created: '2025-01-01T00:00:00.000Z' })) };
const TOKEN = 'perf-scim-token-0123456789';

/**
 * One row: a SCIM request and the SQLite statements it must cost. `setup` requests run first,
 * uncounted (e.g. a write that gives a resource a recorded change, or the GET whose ETag a
 * conditional GET sends back as `{etag}`). Ids are written `{user:ann}` and `{group:Sales}`.
 */
interface StatementCountCase {
  operation: string;
  setup?: Request[];
  request: Request;
  status: number;
  /** The answer's totalResults, for a list: the count covers the work of finding them. */
  totalResults?: number;
  statements: number;
}

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

interface Answer {
  status: number;
  etag: string | null;
  body: { totalResults?: number };
}

/**
 * The regression guard of issue 13 for the bridge's database: the SQLite statements each SCIM
 * operation runs, counted on the connection itself. Reads run none or one (a page of 100 users is
 * ONE statement, not one per user: a per-resource SELECT fails every list row here); writes run
 * the journal's intent before JumpCloud and its outcome before the answer, and nothing else.
 * A count cannot flake on a noisy machine: a change that adds a statement fails on any machine.
 * Each row gets a fresh bridge and database; every row first GETs another user, so that what a
 * bridge loads on its first request (the group names) does not count.
 */
describe('SQLite statements per SCIM operation', () => {
  let emulator: RunningEmulator | undefined;
  let bridge: RunningBridge | undefined;
  let dataDir: string | undefined;

  afterEach(async () => {
    await bridge?.close();
    await emulator?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    bridge = undefined;
    emulator = undefined;
    dataDir = undefined;
  });

  async function start(): Promise<{ bridge: RunningBridge; ids: Map<string, string> }> {
    emulator = await startEmulator({ port: 0, options: { apiKey: API_KEY }, seed: SEED });
    dataDir = mkdtempSync(join(tmpdir(), 'perf-sqlite-'));
    const config = loadConfig({
      JUMPCLOUD_API_KEY: API_KEY,
      JUMPCLOUD_BASE_URL: emulator.url,
      SCIM_BEARER_TOKEN: TOKEN,
      AUDIT_DB_PATH: join(dataDir, 'bridge.db'),
      // The change feed polls on its own timer, beside requests: off, so that only requests count.
      CHANGEFEED_MODE: 'off',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    bridge = await startBridge(config, { logger: createLogger({ level: 'warn', transports: [new winston.transports.Console({ silent: true })] }) });
    const jumpcloud = async <T>(path: string): Promise<T> => (await (await fetch(`${emulator?.url}${path}`, { headers: { 'x-api-key': API_KEY } })).json()) as T;
    const users = await jumpcloud<{ results: { _id: string; username: string }[] }>('/api/systemusers?limit=100');
    const groups = await jumpcloud<{ id: string; name: string }[]>('/api/v2/usergroups?limit=100');
    const ids = new Map<string, string>([...users.results.map((u) => [`user:${u.username}`, u._id] as const), ...groups.map((g) => [`group:${g.name}`, g.id] as const)]);
    return { bridge, ids };
  }

  async function send(running: RunningBridge, request: Request, ids: Map<string, string>, etag: string | null): Promise<Answer> {
    const text = JSON.stringify(request).replace(/\{(user:[^}]+|group:[^}]+|etag)\}/g, (whole, key: string) => {
      const value = key === 'etag' ? etag : ids.get(key);
      if (value === undefined || value === null) throw new Error(`nothing to put in ${whole}`);
      return JSON.stringify(value).slice(1, -1);
    });
    const { method, path, headers, body } = JSON.parse(text) as Request;
    const res = await fetch(`${running.scimBaseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answered = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: answered ? (JSON.parse(answered) as Answer['body']) : {} };
  }

  it('the hook sees the statements of a write (so that a count below is a count)', async () => {
    const { bridge: running, ids } = await start();
    executed.length = 0;
    const answer = await send(running, { method: 'PATCH', path: '/Users/{user:ann}', body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'Hooked' }] } }, ids, null);
    expect(answer.status).toBe(200);
    expect(executed.some((sql) => sql.includes('INSERT INTO audit_event'))).toBe(true);
    expect(executed.some((sql) => sql.includes('resource_state'))).toBe(true);
  });

  it.each((cases as StatementCountCase[]).map((row) => [row.operation, row] as const))('%s', async (_operation, row) => {
    const { bridge: running, ids } = await start();
    await send(running, { method: 'GET', path: '/Users/{user:cat}' }, ids, null);
    let etag: string | null = null;
    for (const request of row.setup ?? []) {
      const answer = await send(running, request, ids, etag);
      expect(answer.status).toBeLessThan(300);
      etag = answer.etag ?? etag;
    }
    executed.length = 0;
    const answer = await send(running, row.request, ids, etag);
    // Statements run after the answer (none expected) would count too: one turn of the loop for them.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answer.status).toBe(row.status);
    if (row.totalResults !== undefined) expect(answer.body.totalResults).toBe(row.totalResults);
    // The statements themselves (up to their WHERE) in the message: what a failure says to look at.
    const ran = executed.map((sql) => sql.replace(/\s+/g, ' ').replace(/ (WHERE|VALUES|SET) .*/, '')).join('; ');
    expect(`${executed.length} statements: ${ran}`).toBe(`${row.statements} statements: ${ran}`);
  });
});
