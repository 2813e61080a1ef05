import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import winston from 'winston';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startBridge, type RunningBridge } from '../../src/composition/start-bridge';
import { loadConfig } from '../../src/config/load-config';
import { createLogger, type Logger } from '../../src/logging/logger';
import { ORG_SEED } from '../http/scim/users-groups.fixtures';

const API_KEY = 'perf-emulator-key-0123456789';
const TOKEN = 'perf-scim-token-0123456789';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** A bridge as `serve` starts it (SQLite journal and state) at `level`, whose logger counts the entries it is handed. */
async function bridgeLoggingAt(level: 'warn' | 'debug', emulatorUrl: string, dataDir: string): Promise<{ bridge: RunningBridge; entries: jest.SpyInstance; lines: string[] }> {
  const lines: string[] = [];
  const sink = new Writable({ decodeStrings: false, write: (chunk: string | Buffer, _encoding, done) => { lines.push(String(chunk)); done(); } });
  const logger: Logger = createLogger({ level, transports: [new winston.transports.Stream({ stream: sink })] });
  // Every entry, whatever level method or `log` call built it, enters winston's pipeline here.
  const entries = jest.spyOn(logger, 'write');
  const config = loadConfig({
    JUMPCLOUD_API_KEY: API_KEY,
    JUMPCLOUD_BASE_URL: emulatorUrl,
    SCIM_BEARER_TOKEN: TOKEN,
    AUDIT_DB_PATH: join(dataDir, `${level}.db`),
    AUDIT_LOG_FILE: join(dataDir, `${level}.log`),
    CHANGEFEED_MODE: 'off',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: level,
  });
  return { bridge: await startBridge(config, { logger }), entries, lines };
}

/** Every kind of SCIM request, valid and refused; answers the statuses seen. */
async function requestMix(scimBaseUrl: string, tag: string): Promise<number[]> {
  const scim = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${scimBaseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const list = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ann"')}&excludedAttributes=groups`);
  const [ann] = list.body.Resources as { id: string }[];
  const group = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: `Perf group ${tag}` })).body as { id: string };
  const user = { schemas: [CORE], userName: `zoe-${tag}@example.com`, name: { givenName: 'Zoe', familyName: 'Test' }, emails: [{ value: `zoe-${tag}@example.com`, type: 'work', primary: true }] };
  const created = await scim('POST', '/Users', user);
  const answers = [
    created,
    await scim('GET', `/Users/${ann?.id}`),
    await scim('GET', `/Users/${ann?.id}?excludedAttributes=groups`),
    await scim('GET', '/Users?startIndex=1&count=100'),
    await scim('POST', '/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName sw "a"' }),
    await scim('POST', '/Users', { ...user, userName: `yan-${tag}@example.com`, emails: 'not a list' }),
    await scim('PATCH', `/Users/${ann?.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: `Head ${tag}` }] }),
    await scim('PATCH', `/Groups/${group.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: ann?.id }] }] }),
    await scim('GET', `/Groups/${group.id}`),
    await scim('GET', '/Users/5f0c0c0c0c0c0c0c0c0c0c0c'),
    await scim('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [{ method: 'PATCH', path: `/Users/${ann?.id}`, data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Bulk' }] } }] }),
    await scim('GET', '/ServiceProviderConfig'),
    await scim('DELETE', `/Users/${(created.body as { id: string }).id}`),
    await scim('DELETE', `/Groups/${group.id}`),
  ];
  return answers.map((a) => a.status);
}

const EXPECTED_STATUSES = [201, 200, 200, 200, 200, 400, 200, 204, 200, 404, 200, 200, 204, 204];

/**
 * Issue 13's work count for logging: at LOG_LEVEL=warn (production's level) a request whose
 * answer needs no warning builds no log entry at all. Winston would otherwise build each dropped
 * entry (the access line, a debug line per JumpCloud call) and run it through every format before
 * its transport throws it away. The same requests at LOG_LEVEL=debug do write entries, so the
 * counter is shown to see them.
 */
describe('log entries built per request', () => {
  let emulator: RunningEmulator;
  let dataDir: string;
  let bridge: RunningBridge | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: API_KEY }, seed: ORG_SEED });
    dataDir = mkdtempSync(join(tmpdir(), 'perf-log-'));
  });

  afterEach(async () => {
    await bridge?.close();
    bridge = undefined;
  });

  afterAll(async () => {
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is zero at LOG_LEVEL=warn, across every kind of SCIM request', async () => {
    const started = await bridgeLoggingAt('warn', emulator.url, dataDir);
    bridge = started.bridge;
    started.entries.mockClear();
    expect(await requestMix(bridge.scimBaseUrl, 'warn')).toEqual(EXPECTED_STATUSES);
    expect(started.lines).toEqual([]);
    expect(started.entries).toHaveBeenCalledTimes(0);
  });

  it('the same requests at LOG_LEVEL=debug write an access line each and a line per JumpCloud call (the counter sees entries)', async () => {
    const started = await bridgeLoggingAt('debug', emulator.url, dataDir);
    bridge = started.bridge;
    started.entries.mockClear();
    started.lines.length = 0;
    expect(await requestMix(bridge.scimBaseUrl, 'debug')).toEqual(EXPECTED_STATUSES);
    const messages = started.lines.map((line) => (JSON.parse(line) as { message: string }).message);
    expect(messages.filter((m) => m === 'request').length).toBeGreaterThanOrEqual(EXPECTED_STATUSES.length);
    expect(messages.filter((m) => m === 'JumpCloud call').length).toBeGreaterThanOrEqual(EXPECTED_STATUSES.length);
    expect(started.entries.mock.calls.length).toBeGreaterThanOrEqual(started.lines.length);
  });
});
