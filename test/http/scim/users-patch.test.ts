import request from 'supertest';
import { startEmulator, type RunningEmulator } from '../../../emulator/server';
import { buildScimRouter } from '../../../src/composition/scim-service';
import { loadConfig } from '../../../src/config/load-config';
import { createApp } from '../../../src/http/app';
import { JumpCloudClient } from '../../../src/jumpcloud';
import { MemoryStateStore } from '../../../src/state/memory-state-store';
import { captureLogger } from '../../support/log-scan/capture-logger';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, ENTERPRISE, ERROR, PATCH_OP, createThroughBridge, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

type Operation = Record<string, unknown>;

const patchBody = (...operations: Operation[]) => ({ schemas: [PATCH_OP], Operations: operations });

/** PATCH /Users/{id} (RFC 7644 §3.5.2) in every client dialect of CLIENTS.md, through HTTP against the emulator. */
describe('SCIM Users PATCH', () => {
  let h: BridgeHarness;
  let user: Record<string, unknown> & { id: string };

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    resetEmulator(h);
    user = await createThroughBridge(
      h,
      scimUser('pat.ch', {
        schemas: [CORE, ENTERPRISE],
        active: true,
        name: { givenName: 'Pat', familyName: 'Ch' },
        phoneNumbers: [{ value: '+1 555 0100', type: 'work' }],
        [ENTERPRISE]: { department: 'Ops' },
      }),
    );
    h.resetRequests();
  });

  const patch = (...operations: Operation[]) => h.scim('patch', `/Users/${user.id}`).send(patchBody(...operations));
  const stored = () => jumpcloudUser(h, user.id) as Record<string, unknown>;

  describe('enable and disable, as each client sends it', () => {
    it.each([
      ['SailPoint path-less add', { op: 'add', value: { active: false } }, { op: 'add', value: { active: true } }],
      ['Okta path-less replace', { op: 'replace', value: { active: false } }, { op: 'replace', value: { active: true } }],
      ['Entra without the flag ("False" strings, capitalised op)', { op: 'Replace', path: 'active', value: 'False' }, { op: 'Replace', path: 'active', value: 'True' }],
      ['RFC replace with path', { op: 'replace', path: 'active', value: false }, { op: 'replace', path: 'active', value: true }],
    ])('%s: SUSPENDED in JumpCloud, and back to ACTIVATED', async (_name, disable, enable) => {
      const off = await patch(disable).expect(200);
      expect(off.body.active).toBe(false);
      expect(off.headers.etag).toBe(off.body.meta.version);
      expect(stored()).toMatchObject({ state: 'SUSPENDED', suspended: true });
      // Entra's soft delete: a disabled user is still returned.
      await h.scim('get', `/Users/${user.id}`).expect(200);
      const on = await patch(enable).expect(200);
      expect(on.body.active).toBe(true);
      expect(stored()).toMatchObject({ state: 'ACTIVATED', suspended: false });
    });
  });

  describe('Entra ID', () => {
    it('capitalised ops Add, Replace, Remove', async () => {
      const res = await patch(
        { op: 'Add', path: 'title', value: 'Engineer' },
        { op: 'Replace', path: 'name.familyName', value: 'Changed' },
        { op: 'Remove', path: `${ENTERPRISE}:department` },
      ).expect(200);
      expect(res.body).toMatchObject({ title: 'Engineer', name: { givenName: 'Pat', familyName: 'Changed' } });
      expect(res.body).not.toHaveProperty(ENTERPRISE);
      expect(stored()).toMatchObject({ jobTitle: 'Engineer', lastname: 'Changed', department: '' });
    });

    it('with aadOptscim062020: one path-less replace with dotted and URN keys', async () => {
      const res = await patch({
        op: 'replace',
        value: {
          'name.givenName': 'Patricia',
          'name.familyName': 'Chen',
          [`${ENTERPRISE}:employeeNumber`]: '7',
          [`${ENTERPRISE}:department`]: 'R&D',
          displayName: 'Patricia Chen',
          active: false,
        },
      }).expect(200);
      expect(res.body).toMatchObject({ name: { givenName: 'Patricia', familyName: 'Chen' }, displayName: 'Patricia Chen', active: false, [ENTERPRISE]: { employeeNumber: '7', department: 'R&D' } });
      expect(stored()).toMatchObject({ firstname: 'Patricia', lastname: 'Chen', employeeIdentifier: '7', department: 'R&D', displayname: 'Patricia Chen', state: 'SUSPENDED' });
    });

    it('manager as a plain string', async () => {
      const boss = await createThroughBridge(h, scimUser('the.boss', { displayName: 'The Boss' }));
      const res = await patch({ op: 'Replace', path: `${ENTERPRISE}:manager`, value: boss.id }).expect(200);
      expect(res.body[ENTERPRISE]).toMatchObject({ manager: { value: boss.id, displayName: 'The Boss' } });
      expect(stored().manager).toBe(boss.id);
    });

    it('junk id, schemas and meta keys in the body and in a path-less value are ignored', async () => {
      const res = await h
        .scim('patch', `/Users/${user.id}`)
        .send({
          schemas: [PATCH_OP],
          id: 'junk-id',
          meta: { version: 'W/"junk"' },
          Operations: [{ op: 'Replace', value: { id: 'also-junk', schemas: ['urn:junk'], meta: { created: '1999-01-01T00:00:00Z' }, title: 'Kept' } }],
        })
        .expect(200);
      expect(res.body).toMatchObject({ id: user.id, title: 'Kept' });
      expect(res.body.meta.created).not.toBe('1999-01-01T00:00:00Z');
      expect(res.body.schemas).not.toContain('urn:junk');
      expect(stored().jobTitle).toBe('Kept');
    });
  });

  describe('value-filter paths', () => {
    it('emails[type eq "work"].value replace changes the JumpCloud e-mail', async () => {
      const res = await patch({ op: 'replace', path: 'emails[type eq "work"].value', value: 'pat.new@example.com' }).expect(200);
      expect(res.body.emails).toEqual([{ value: 'pat.new@example.com', type: 'work', primary: true }]);
      expect(stored().email).toBe('pat.new@example.com');
    });

    it('phoneNumbers[type eq "mobile"].value: add, replace, remove', async () => {
      const added = await patch({ op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0199' }).expect(200);
      expect(added.body.phoneNumbers).toEqual(expect.arrayContaining([{ value: '+1 555 0100', type: 'work' }, { value: '+1 555 0199', type: 'mobile' }]));
      expect(stored().phoneNumbers).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'mobile', number: '+1 555 0199' })]));

      const replaced = await patch({ op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0200' }).expect(200);
      expect(replaced.body.phoneNumbers).toEqual(expect.arrayContaining([{ value: '+1 555 0200', type: 'mobile' }]));
      expect((stored().phoneNumbers as { number: string }[]).map((p) => p.number).sort()).toEqual(['+1 555 0100', '+1 555 0200']);

      const removed = await patch({ op: 'remove', path: 'phoneNumbers[type eq "mobile"]' }).expect(200);
      expect(removed.body.phoneNumbers).toEqual([{ value: '+1 555 0100', type: 'work' }]);
      expect(stored().phoneNumbers).toEqual([expect.objectContaining({ type: 'work', number: '+1 555 0100' })]);
    });
  });

  describe('password', () => {
    it.each([
      ['replace with a path', { op: 'replace', path: 'password', value: 'N3w-Passw0rd!' }],
      ['path-less add (SailPoint style)', { op: 'add', value: { password: 'N3w-Passw0rd!' } }],
    ])('%s sets the password in JumpCloud (no longer pending) and never returns it', async (_name, operation) => {
      expect(stored().activated).toBe(false);
      const res = await patch(operation).expect(200);
      expect(res.body).not.toHaveProperty('password');
      expect(res.text).not.toContain('N3w-Passw0rd!');
      expect(stored().activated).toBe(true);
      // The password IS sent to JumpCloud: it is the one place it has to go.
      expect(jumpcloudWrites(h)).toEqual([expect.objectContaining({ method: 'PUT', body: expect.objectContaining({ password: 'N3w-Passw0rd!' }) })]);
    });
  });

  describe('atomicity (RFC 7644 §3.5.2)', () => {
    it('a PATCH whose third operation fails leaves JumpCloud unchanged and makes no PUT', async () => {
      const before = stored();
      const res = await patch(
        { op: 'replace', path: 'title', value: 'Never' },
        { op: 'replace', path: 'name.givenName', value: 'Never' },
        { op: 'replace', path: 'active', value: 'perhaps' },
      ).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
      expect(res.body.detail).toMatch(/active/);
      expect(stored()).toEqual(before);
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it('a PATCH whose result JumpCloud would refuse (bad e-mail) makes no PUT', async () => {
      const before = stored();
      await patch({ op: 'replace', path: 'title', value: 'Never' }, { op: 'replace', path: 'emails[type eq "work"].value', value: 'no-at-sign' }).expect(400);
      expect(stored()).toEqual(before);
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it.each([
      ['replacing a value with itself', { op: 'replace', path: 'name.givenName', value: 'Pat' }],
      ['removing an attribute that is not there', { op: 'remove', path: 'title' }],
      ['Entra "True" for an active user', { op: 'Replace', path: 'active', value: 'True' }],
    ])('a no-op PATCH (%s) makes no PUT and answers the resource', async (_name, operation) => {
      const res = await patch(operation).expect(200);
      expect(res.body.id).toBe(user.id);
      expect(res.headers.etag).toBe((user.meta as { version: string }).version);
      expect(jumpcloudWrites(h)).toEqual([]);
    });
  });

  describe('errors', () => {
    it('removing the e-mails is 400 mutability (emails is required here) and makes no PUT', async () => {
      // RFC 7644 §3.5.2.2: removing a required attribute is `mutability`; /Schemas marks emails
      // required because JumpCloud needs an e-mail on every user.
      const res = await patch({ op: 'remove', path: 'emails' }).expect(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'mutability' });
      expect(res.body.detail).toMatch(/emails/);
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it('making a user their own manager is 400 invalidValue saying so, and makes no PUT', async () => {
      const res = await patch({ op: 'replace', path: `${ENTERPRISE}:manager`, value: user.id }).expect(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue' });
      expect(res.body.detail).toMatch(/own manager/);
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it('remove without a path -> 400 noTarget', async () => {
      const res = await patch({ op: 'remove' }).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'noTarget' });
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it.each([
      ['no PatchOp schema', 'invalidSyntax', { Operations: [{ op: 'replace', path: 'title', value: 'x' }] }],
      ['an unknown op', 'invalidSyntax', patchBody({ op: 'merge', path: 'title', value: 'x' })],
      ['a malformed path', 'invalidPath', patchBody({ op: 'replace', path: 'emails[type eq', value: 'x' })],
      ['a read-only attribute', 'mutability', patchBody({ op: 'replace', path: 'id', value: '0123456789abcdef01234567' })],
    ])('%s -> 400 %s', async (_name, scimType, body) => {
      const res = await h.scim('patch', `/Users/${user.id}`).send(body).expect(400);
      expect(res.body).toMatchObject({ status: '400', scimType });
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it('PATCH on an unknown id -> 404', async () => {
      const res = await h.scim('patch', '/Users/0123456789abcdef01234567').send(patchBody({ op: 'replace', path: 'title', value: 'x' })).expect(404);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
    });
  });
});

/** The password must never reach the bridge's own log lines, on success or on failure. */
describe('SCIM Users PATCH password and the logs', () => {
  const lines: string[] = [];
  let emulator: RunningEmulator;
  let app: ReturnType<typeof createApp>;
  const token = 'log-test-token-0123456789';

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: 'log-test-emulator-key' } });
    // What this test reads of the log, the log scan reads too.
    const logger = captureLogger({ onLine: (line) => lines.push(line) });
    const config = loadConfig({ SCIM_BEARER_TOKEN: token });
    const jumpcloud = new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'log-test-emulator-key', logger, retry: { baseDelayMs: 1, maxDelayMs: 2, totalBudgetMs: 200 } });
    const router = buildScimRouter(config, { jumpcloud, state: new MemoryStateStore(), scimTokens: [token] });
    app = createApp({ logger, health: { jumpcloud: 'emulator', version: 'test' }, readiness: async () => ({ ready: true, checks: {} }), scim: { basePath: config.scimBasePath, router } });
  });
  afterAll(() => emulator.close());

  it('logs neither the password of a successful PATCH nor of one JumpCloud fails', async () => {
    const call = (method: 'post' | 'patch', path: string) => request(app)[method](`/scim/v2${path}`).set('Authorization', `Bearer ${token}`);
    const created = await call('post', '/Users').send(scimUser('log.person', { password: 'Create-Secret-111' })).expect(201);
    await call('patch', `/Users/${created.body.id}`).send(patchBody({ op: 'replace', path: 'password', value: 'Patch-Secret-222' })).expect(200);
    await request(emulator.url).post('/__emulator/faults').set('x-api-key', 'log-test-emulator-key').send({ status: 500, method: 'PUT' }).expect(201);
    await call('patch', `/Users/${created.body.id}`).send(patchBody({ op: 'replace', path: 'password', value: 'Failed-Secret-333' })).expect(503);
    const all = lines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).toContain('request failed');
    for (const secret of ['Create-Secret-111', 'Patch-Secret-222', 'Failed-Secret-333']) expect(all).not.toContain(secret);
  });
});
