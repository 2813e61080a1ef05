import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config';
import type { RunningBridge } from '../../src/composition/start-bridge';
import { loadFixtureFolder } from '../../src/fixtures/load-fixtures';
import { describeFailure, replayFixture } from '../../src/fixtures/replay-engine';
import { scimHttpClient, type ScimWireResponse } from '../../src/fixtures/scim-http-client';
import { NOCK_JUMPCLOUD_ORIGIN, nockTarget } from './support/nock-target';
import { REPLAY_SCIM_TOKEN, startReplayBridge } from './support/replay-bridge';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';

// An admin sets RECORD_FIXTURES_DIR, runs a client against the bridge, and sends the file in.
// This proves that file replays green and carries no secret: tokens, the JumpCloud key,
// passwords, e-mail local parts.
const SCIM_TOKEN = 'recorder-scim-token-Q7w9e2r4t6';
const EMULATOR_KEY = 'recorder-emulator-key-Z3x5c7v9';
const PASSWORDS = ['First-Secret-Passw0rd!', 'Second-Secret-Passw0rd!', 'Seeded-Secret-Passw0rd!'];
const LOCAL_PARTS = ['zoe.quinn', 'yusuf.amari', 'xena.warrior'];

let work: string;
let recordDir: string;
let bridge: RunningBridge;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'recorder-'));
  recordDir = join(work, 'recordings');
  const seedFile = join(work, 'seed.json');
  writeFileSync(
    seedFile,
    JSON.stringify({
      users: [
        { _id: '64b0a1f2c3d4e5f6a7b8c911', username: 'yusuf.amari', email: 'yusuf.amari@example.com', firstname: 'Yusuf', lastname: 'Amari', password: PASSWORDS[2] },
        { _id: '64b0a1f2c3d4e5f6a7b8c912', username: 'xena.warrior', email: 'Xena.Warrior@example.com', firstname: 'Xena', lastname: 'Warrior' },
      ],
      groups: [{ name: 'Recorded-Admins', members: ['yusuf.amari'] }],
    }),
  );
  const config = loadConfig({
    AUDIT_DB_PATH: ':memory:',
    AUDIT_LOG_FILE: 'off',
    PORT: '0',
    HOST: '127.0.0.1',
    EMULATOR_PORT: '0',
    EMULATOR_SEED: seedFile,
    EMULATOR_API_KEY: EMULATOR_KEY,
    SCIM_BEARER_TOKEN: SCIM_TOKEN,
    RECORD_FIXTURES_DIR: recordDir,
  });
  bridge = await startScannedBridge(config);
  const send = scimHttpClient(bridge.scimBaseUrl);
  const call = (method: string, path: string, body?: unknown): Promise<ScimWireResponse> =>
    send({
      method,
      path,
      headers: { authorization: `Bearer ${SCIM_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  // A SailPoint-like run: test connection, aggregation, joiner with a password, password change, disable, entitlement.
  expect((await call('GET', '/ServiceProviderConfig')).status).toBe(200);
  expect((await call('GET', '/Users?startIndex=1&count=10')).status).toBe(200);
  const created = await call('POST', '/Users', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'zoe.quinn@example.com',
    name: { givenName: 'Zoe', familyName: 'Quinn' },
    emails: [{ value: 'zoe.quinn@example.com', type: 'work', primary: true }],
    password: PASSWORDS[0],
    active: true,
  });
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  expect((await call('GET', `/Users?filter=${encodeURIComponent('userName eq "Zoe.Quinn@example.com"')}`)).status).toBe(200);
  const patchOp = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
  expect((await call('PATCH', `/Users/${id}`, { schemas: [patchOp], Operations: [{ op: 'replace', path: 'password', value: PASSWORDS[1] }] })).status).toBe(200);
  expect((await call('PATCH', `/Users/${id}`, { schemas: [patchOp], Operations: [{ op: 'add', value: { active: false } }] })).status).toBe(200);
  const groups = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Recorded-Admins"')}`);
  const groupId = (groups.body as { Resources: { id: string }[] }).Resources[0]?.id;
  expect((await call('PATCH', `/Groups/${groupId}`, { schemas: [patchOp], Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }] })).status).toBe(204);
  expect((await call('GET', '/Users/64b0a1f2c3d4e5f6a7b8c999')).status).toBe(404);
  await bridge.close();
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

function recordingText(): string {
  const files = readdirSync(recordDir).filter((name) => name.endsWith('.json'));
  expect(files).toHaveLength(1);
  return readFileSync(join(recordDir, files[0] as string), 'utf8');
}

describe('RECORD_FIXTURES_DIR', () => {
  it('writes one valid fixture with a step per SCIM exchange and the JumpCloud calls each caused', () => {
    const [loaded] = loadFixtureFolder(recordDir);
    const steps = loaded?.fixture.steps ?? [];
    expect(steps.map((step) => `${step.request.method} ${step.response.status}`)).toEqual(['GET 200', 'GET 200', 'POST 201', 'GET 200', 'PATCH 200', 'PATCH 200', 'GET 200', 'PATCH 204', 'GET 404']);
    expect(steps[0]?.jumpcloud).toEqual([]);
    expect(steps[2]?.jumpcloud?.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual(['/api/systemusers']);
    expect(steps[7]?.jumpcloud?.some((call) => call.method === 'POST' && /^\/api\/v2\/usergroups\/[0-9a-f]{24}\/members$/.test(call.path))).toBe(true);
  });

  it('keeps no secret: no token, no JumpCloud key, no password, no e-mail local part', () => {
    const text = recordingText();
    for (const secret of [SCIM_TOKEN, EMULATOR_KEY, ...PASSWORDS, bridge.jumpcloud.apiKey]) expect(text).not.toContain(secret);
    for (const local of LOCAL_PARTS) expect(text.toLowerCase()).not.toContain(local);
    expect(text).not.toMatch(/"(authorization|x-api-key)"\s*:/i);
    expect(text).toContain('person1@example.com');
    expect(text).toContain('"password": "[redacted]"');
  });

  it('replays green on the nock target', async () => {
    const [loaded] = loadFixtureFolder(recordDir);
    const replayBridge = await startReplayBridge({ jumpcloudUrl: NOCK_JUMPCLOUD_ORIGIN, apiKey: 'replay-nock-key' });
    try {
      const result = await replayFixture(loaded!.fixture, nockTarget({ baseUrl: replayBridge.scimBaseUrl, token: REPLAY_SCIM_TOKEN, send: scimHttpClient(replayBridge.scimBaseUrl) }));
      expect(describeFailure(result)).toEqual([]);
      expect(result.steps).toHaveLength(9);
    } finally {
      await replayBridge.close();
    }
  });
});
