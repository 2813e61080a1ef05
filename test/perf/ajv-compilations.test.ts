import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import * as ajvCompiler from 'ajv/dist/compile';
import winston from 'winston';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { startBridge, type RunningBridge } from '../../src/composition/start-bridge';
import { loadConfig } from '../../src/config/load-config';
import { createLogger } from '../../src/logging/logger';
import { ORG_SEED } from '../http/scim/users-groups.fixtures';

const API_KEY = 'perf-emulator-key-0123456789';
const TOKEN = 'perf-scim-token-0123456789';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * Issue 13's work count for schema validation: every ajv schema is compiled while the bridge
 * starts, never while it answers (a compilation costs milliseconds; a request must not pay it).
 * The bridge is the one `serve` runs (start-bridge, SQLite journal and state), in front of the
 * emulator; compilations are counted at ajv's one compiler entry (`compileSchema`), which both
 * `ajv.compile` and a lazy `ajv.getSchema` go through.
 */
describe('ajv compilations after start', () => {
  let emulator: RunningEmulator;
  let bridge: RunningBridge;
  let dataDir: string;
  let compilations: jest.SpyInstance;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: API_KEY }, seed: ORG_SEED });
    dataDir = mkdtempSync(join(tmpdir(), 'perf-ajv-'));
    const logger = createLogger({ level: 'warn', transports: [new winston.transports.Console({ silent: true })] });
    const config = loadConfig({
      JUMPCLOUD_API_KEY: API_KEY,
      JUMPCLOUD_BASE_URL: emulator.url,
      SCIM_BEARER_TOKEN: TOKEN,
      AUDIT_DB_PATH: join(dataDir, 'bridge.db'),
      AUDIT_LOG_FILE: join(dataDir, 'audit.log'),
      CHANGEFEED_MODE: 'off',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    });
    bridge = await startBridge(config, { logger });
    compilations = jest.spyOn(ajvCompiler, 'compileSchema');
  });

  afterAll(async () => {
    compilations.mockRestore();
    await bridge.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const scim = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(`${bridge.scimBaseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };

  it('the counter sees a compilation (so that zero below means none)', () => {
    compilations.mockClear();
    new Ajv().compile({ type: 'string' });
    // At least once: a new Ajv may compile its meta-schema as well.
    expect(compilations).toHaveBeenCalled();
  });

  it('is zero across every kind of SCIM request, valid and refused', async () => {
    const list = await scim('GET', '/Users?count=10&excludedAttributes=groups');
    const [ann] = list.body.Resources as { id: string }[];
    const groups = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Finance"')}&excludedAttributes=members`);
    const [group] = groups.body.Resources as { id: string }[];
    compilations.mockClear();

    const user = { schemas: [CORE], userName: 'zoe@example.com', name: { givenName: 'Zoe', familyName: 'Test' }, emails: [{ value: 'zoe@example.com', type: 'work', primary: true }] };
    const answers = [
      await scim('GET', `/Users/${ann?.id}`),
      await scim('GET', `/Users/${ann?.id}?excludedAttributes=groups`),
      await scim('GET', '/Users?startIndex=1&count=100'),
      await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ann"')}`),
      await scim('POST', '/Users', user),
      await scim('POST', '/Users', { ...user, userName: 'yan@example.com', emails: 'not a list' }),
      await scim('PUT', `/Users/${ann?.id}`, { ...user, userName: 'ann', emails: [{ value: 'ann@example.com', type: 'work', primary: true }], title: 'Lead' }),
      await scim('PATCH', `/Users/${ann?.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Head' }] }),
      await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Perf group' }),
      await scim('PATCH', `/Groups/${group?.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: ann?.id }] }] }),
      await scim('GET', `/Groups/${group?.id}`),
      await scim('POST', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [{ method: 'PATCH', path: `/Users/${ann?.id}`, data: { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Bulk' }] } }] }),
      await scim('GET', '/Schemas'),
      await scim('GET', '/ResourceTypes'),
      await scim('GET', '/ServiceProviderConfig'),
      await scim('DELETE', `/Groups/${group?.id}`),
    ];
    // The requests did what they were sent for (a refused body is refused), so the count covers real work.
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 201, 400, 200, 200, 201, 204, 200, 200, 200, 200, 200, 204]);
    expect(compilations).toHaveBeenCalledTimes(0);
  });
});
