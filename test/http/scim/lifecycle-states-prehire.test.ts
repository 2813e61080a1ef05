import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { PATCH_OP, createThroughBridge, emulatorCall, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

/** The JumpCloud writes since the last reset, without their (empty) query. */
const writes = (h: BridgeHarness) => jumpcloudWrites(h).map(({ method, path, body }) => ({ method, path, body }));
const activate = (h: BridgeHarness, id: string) =>
  h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] });

/** Pre-hire (PREHIRE_STAGED): `active: false` on create is STAGED; `active: true` then goes through /state/activate. */
describe('pre-hire users', () => {
  describe('PREHIRE_STAGED=true', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness({ env: { PREHIRE_STAGED: 'true' } });
    });
    afterAll(() => h.close());
    beforeEach(() => {
      resetEmulator(h);
      h.resetRequests();
    });

    it('creates a user with active=false STAGED: no access, and SCIM reads active=false', async () => {
      const created = await createThroughBridge(h, scimUser('newhire', { active: false, name: { givenName: 'New', familyName: 'Hire' } }));
      expect(writes(h)).toEqual([{ method: 'POST', path: '/api/systemusers', body: expect.objectContaining({ state: 'STAGED' }) }]);
      expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'STAGED', suspended: false });
      expect(created.active).toBe(false);
      expect((await h.scim('get', `/Users/${created.id}`).expect(200)).body.active).toBe(false);
    });

    it('active=true later activates it with POST /state/activate (not a PUT of state), mail per ACTIVATION_EMAIL', async () => {
      const created = await createThroughBridge(h, scimUser('starter', { active: false }));
      h.resetRequests();
      const res = await activate(h, created.id).expect(200);
      expect(res.body.active).toBe(true);
      expect(writes(h)).toEqual([{ method: 'POST', path: `/api/systemusers/${created.id}/state/activate`, body: { email: true } }]);
      expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'ACTIVATED', suspended: false });
      // The answer's version is the one a later read serves.
      const read = await h.scim('get', `/Users/${created.id}`).expect(200);
      expect(read.headers.etag).toBe(res.headers.etag);
    });

    it('a PUT that activates and changes attributes sends the attributes by PUT, without state, then activates', async () => {
      const created = await createThroughBridge(h, scimUser('mixed', { active: false }));
      h.resetRequests();
      const res = await h.scim('put', `/Users/${created.id}`).send(scimUser('mixed', { active: true, title: 'Engineer' })).expect(200);
      expect(res.body).toMatchObject({ active: true, title: 'Engineer' });
      const sent = writes(h);
      expect(sent.map((w) => `${w.method} ${w.path}`)).toEqual([`PUT /api/systemusers/${created.id}`, `POST /api/systemusers/${created.id}/state/activate`]);
      expect(sent[0]?.body).toEqual({ jobTitle: 'Engineer' });
      expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'ACTIVATED', jobTitle: 'Engineer' });
    });

    it('a STAGED user left inactive stays STAGED; suspending it is a plain PUT', async () => {
      const created = await createThroughBridge(h, scimUser('waiting', { active: false }));
      await h.scim('put', `/Users/${created.id}`).send(scimUser('waiting', { active: false, title: 'Later' })).expect(200);
      expect(jumpcloudUser(h, created.id)?.state).toBe('STAGED');
      const activeUser = await createThroughBridge(h, scimUser('working', { active: true }));
      h.resetRequests();
      await h.scim('patch', `/Users/${activeUser.id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: false }] }).expect(200);
      expect(writes(h)).toEqual([{ method: 'PUT', path: `/api/systemusers/${activeUser.id}`, body: { state: 'SUSPENDED' } }]);
      expect(jumpcloudUser(h, activeUser.id)?.state).toBe('SUSPENDED');
    });

    it('journals the activation as the change of active it is', async () => {
      const created = await createThroughBridge(h, scimUser('journaled', { active: false }));
      await activate(h, created.id).expect(200);
      const { records } = await h.audit.query({ user: created.id });
      const latest = records[0];
      expect(latest).toMatchObject({
        outcome: 'succeeded',
        changes: expect.arrayContaining([{ attribute: 'active', before: false, after: true }]),
        jumpcloudCalls: expect.arrayContaining([{ method: 'POST', route: '/api/systemusers/{id}/state/activate', status: 200, attempt: 1 }]),
      });
    });
  });

  describe('PREHIRE_STAGED=true with ACTIVATION_EMAIL=false', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness({ env: { PREHIRE_STAGED: 'true', ACTIVATION_EMAIL: 'false' } });
    });
    afterAll(() => h.close());
    beforeEach(() => resetEmulator(h));

    it('activates the pre-hire with {email: false}', async () => {
      const created = await createThroughBridge(h, scimUser('silent', { active: false }));
      h.resetRequests();
      await activate(h, created.id).expect(200);
      expect(writes(h)).toEqual([{ method: 'POST', path: `/api/systemusers/${created.id}/state/activate`, body: { email: false } }]);
    });
  });

  describe('default settings', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness({ emulatorOptions: { defaultUserState: 'STAGED' } });
    });
    afterAll(() => h.close());
    beforeEach(() => {
      resetEmulator(h);
      h.resetRequests();
    });

    it('active=false on create is SUSPENDED', async () => {
      const created = await createThroughBridge(h, scimUser('leaving', { active: false }));
      expect(writes(h)).toEqual([{ method: 'POST', path: '/api/systemusers', body: expect.objectContaining({ state: 'SUSPENDED' }) }]);
      expect(jumpcloudUser(h, created.id)?.state).toBe('SUSPENDED');
    });

    it('a user STAGED by the org default reads active=false and is activated through /state/activate', async () => {
      const made = await emulatorCall(h, 'post', '/api/systemusers').send({ username: 'orgdefault', email: 'orgdefault@example.com' }).expect(200);
      expect(made.body.state).toBe('STAGED');
      expect((await h.scim('get', `/Users/${made.body._id}`).expect(200)).body.active).toBe(false);
      h.resetRequests();
      expect((await activate(h, made.body._id).expect(200)).body.active).toBe(true);
      expect(writes(h)).toEqual([{ method: 'POST', path: `/api/systemusers/${made.body._id}/state/activate`, body: { email: true } }]);
    });
  });
});
