import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, PATCH_OP, createThroughBridge, emulatorCall, injectFaults, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

const EXT = 'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User';

/** The JumpCloud writes since the last reset, without their (empty) query. */
const writes = (h: BridgeHarness) => jumpcloudWrites(h).map(({ method, path, body }) => ({ method, path, body }));

/** Password pending (JumpCloud `activated: false`) as a read-only SCIM attribute, and ACTIVATION_EMAIL. */
describe('password pending', () => {
  describe('with the default settings (JumpCloud mails the activation link)', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness();
    });
    afterAll(() => h.close());
    beforeEach(() => resetEmulator(h));

    it('/Schemas lists passwordPending in the project extension as a readOnly boolean', async () => {
      const res = await h.scim('get', `/Schemas/${EXT}`).expect(200);
      expect(res.body.attributes).toContainEqual(expect.objectContaining({ name: 'passwordPending', type: 'boolean', mutability: 'readOnly', multiValued: false }));
    });

    it('a user created without a password is pending until a password is set; one created with a password is not', async () => {
      const pending = await createThroughBridge(h, scimUser('pending'));
      expect(pending[EXT]).toEqual({ passwordPending: true });
      expect(jumpcloudUser(h, pending.id)).toMatchObject({ activated: false, state: 'ACTIVATED' });
      const ready = await createThroughBridge(h, scimUser('ready', { password: 'Str0ng-Passw0rd!' }));
      expect(ready[EXT]).toEqual({ passwordPending: false });

      const patched = await h
        .scim('patch', `/Users/${pending.id}`)
        .send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'password', value: 'N3w-Passw0rd!' }] })
        .expect(200);
      expect(patched.body[EXT]).toEqual({ passwordPending: false });
      expect((await h.scim('get', `/Users/${pending.id}`).expect(200)).body[EXT]).toEqual({ passwordPending: false });
    });

    it('is read-only: a client value is ignored on create and on PUT', async () => {
      const created = await createThroughBridge(h, scimUser('liar', { schemas: [CORE, EXT], [EXT]: { passwordPending: false } }));
      expect(created[EXT]).toEqual({ passwordPending: true });
      const replaced = await h.scim('put', `/Users/${created.id}`).send(scimUser('liar', { schemas: [CORE, EXT], [EXT]: { passwordPending: false } })).expect(200);
      expect(replaced.body[EXT]).toEqual({ passwordPending: true });
      expect(jumpcloudUser(h, created.id)?.activated).toBe(false);
    });

    it('filters and projects like any attribute', async () => {
      const pending = await createThroughBridge(h, scimUser('p1'));
      await createThroughBridge(h, scimUser('p2', { password: 'Str0ng-Passw0rd!' }));
      const found = await h.scim('get', '/Users').query({ filter: `${EXT}:passwordPending eq true` }).expect(200);
      expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([pending.id]);
      const projected = await h.scim('get', `/Users/${pending.id}`).query({ attributes: `${EXT}:passwordPending` }).expect(200);
      expect(projected.body[EXT]).toEqual({ passwordPending: true });
      // The projection asked JumpCloud for `activated`, so the value is read, not guessed.
      const read = h.jumpcloudRequests().filter((r) => r.method === 'GET');
      expect(read.length).toBeGreaterThan(0);
    });

    it('creates in one call and lets JumpCloud mail: no state forced, no activation call', async () => {
      h.resetRequests();
      await createThroughBridge(h, scimUser('mailed'));
      const writes = jumpcloudWrites(h);
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatchObject({ method: 'POST', path: '/api/systemusers' });
      expect(writes[0]?.body).not.toHaveProperty('state');
    });
  });

  describe('ACTIVATION_EMAIL=false', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness({ env: { ACTIVATION_EMAIL: 'false' } });
    });
    afterAll(() => h.close());
    beforeEach(() => {
      resetEmulator(h);
      h.resetRequests();
    });

    it.each([
      ['active: true', { active: true }],
      ['active left out', {}],
    ])('%s without a password: created STAGED, then activated with {email: false}; SCIM sees an active, pending user', async (_name, extra) => {
      const created = await createThroughBridge(h, scimUser('quiet', extra));
      expect(writes(h)).toEqual([
        { method: 'POST', path: '/api/systemusers', body: expect.objectContaining({ username: 'quiet', state: 'STAGED' }) },
        { method: 'POST', path: `/api/systemusers/${created.id}/state/activate`, body: { email: false } },
      ]);
      expect(created).toMatchObject({ active: true, [EXT]: { passwordPending: true } });
      expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'ACTIVATED', activated: false, suspended: false });
      const read = await h.scim('get', `/Users/${created.id}`).expect(200);
      expect(read.body).toMatchObject({ active: true, [EXT]: { passwordPending: true } });
      expect(read.headers.etag).toBe(created.meta && (created.meta as { version: string }).version);
    });

    it('with a password nothing is mailed anyway: one plain create', async () => {
      const created = await createThroughBridge(h, scimUser('withpw', { active: true, password: 'Str0ng-Passw0rd!' }));
      expect(writes(h)).toEqual([{ method: 'POST', path: '/api/systemusers', body: expect.objectContaining({ state: 'ACTIVATED' }) }]);
      expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'ACTIVATED', activated: true });
    });

    it('active: false without a password stays STAGED (the only inactive state JumpCloud creates without a mail)', async () => {
      const created = await createThroughBridge(h, scimUser('notyet', { active: false }));
      expect(writes(h)).toEqual([{ method: 'POST', path: '/api/systemusers', body: expect.objectContaining({ state: 'STAGED' }) }]);
      expect(created.active).toBe(false);
      expect(jumpcloudUser(h, created.id)?.state).toBe('STAGED');
    });

    it('a failed activation fails the create with the upstream error; the STAGED user stays, and active=true later activates it', async () => {
      await injectFaults(h, [{ method: 'POST', path: '/\\/state\\/activate$/', status: 500, count: 1 }]);
      const res = await h.scim('post', '/Users').send(scimUser('halfway', { active: true }));
      expect(res.status).toBeGreaterThanOrEqual(500);
      const found = await emulatorCall(h, 'get', '/api/systemusers').query({ filter: 'username:$eq:halfway' }).expect(200);
      const staged = found.body.results[0] as { _id: string; state: string };
      expect(staged.state).toBe('STAGED');
      // The create is journaled as failed, with the calls JumpCloud did accept.
      const [record] = (await h.audit.query({ type: 'joiner' })).records;
      expect(record).toMatchObject({ outcome: 'failed', jumpcloudCalls: expect.arrayContaining([expect.objectContaining({ method: 'POST', route: '/api/systemusers', status: 200 })]) });
      h.resetRequests();
      const patched = await h.scim('patch', `/Users/${staged._id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] }).expect(200);
      expect(patched.body.active).toBe(true);
      expect(writes(h)).toEqual([{ method: 'POST', path: `/api/systemusers/${staged._id}/state/activate`, body: { email: false } }]);
    });
  });
});
