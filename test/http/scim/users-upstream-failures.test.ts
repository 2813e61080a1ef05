import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ENTERPRISE, ERROR, PATCH_OP, createThroughBridge, injectFaults, jumpcloudUser, resetEmulator, scimUser } from './scim-users.fixtures';

/** The emulator's fault bodies (emulator/control/faults.ts): none of this text may reach a SCIM client. */
const JUMPCLOUD_TEXT = /Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Unauthorized|rpc error/i;

/** How the bridge answers when JumpCloud fails (RFC 7644 §3.12), through HTTP against the emulator's fault injection. */
describe('SCIM Users when JumpCloud fails', () => {
  let h: BridgeHarness;
  let user: Record<string, unknown> & { id: string };

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    resetEmulator(h);
    user = await createThroughBridge(h, scimUser('fault.user', { title: 'Before' }));
    h.resetRequests();
  });

  const patchTitle = (id: string, title: string) => h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: title }] });

  /** Asserts a SCIM 503 with Retry-After and none of JumpCloud's words. */
  const expectUnavailable = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown>; text: string }) => {
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '503' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.text).not.toMatch(JUMPCLOUD_TEXT);
  };

  describe('transient failures are retried by the client', () => {
    it.each([
      ['429 without Retry-After', { status: 429 }],
      ['429 with Retry-After: 0', { status: 429, retryAfter: 0 }],
      ['502', { status: 502 }],
      ['503', { status: 503 }],
    ])('a read after one %s answers 200', async (_name, fault) => {
      await injectFaults(h, [{ ...fault, method: 'GET', path: '/api/systemusers', count: 1 }]);
      const res = await h.scim('get', `/Users/${user.id}`).expect(200);
      expect(res.body.id).toBe(user.id);
      expect(h.jumpcloudRequests().filter((r) => r.method === 'GET' && r.path.startsWith('/api/systemusers'))).toHaveLength(2);
    });

    it('a PATCH whose PUT meets one 429 lands once and answers 200', async () => {
      await injectFaults(h, [{ status: 429, method: 'PUT', count: 1 }]);
      const res = await patchTitle(user.id, 'After').expect(200);
      expect(res.body.title).toBe('After');
      expect(jumpcloudUser(h, user.id)?.jobTitle).toBe('After');
    });

    it('a list after one 429 answers 200', async () => {
      await injectFaults(h, [{ status: 429, method: 'GET', count: 1 }]);
      const res = await h.scim('get', '/Users').expect(200);
      expect(res.body.totalResults).toBe(1);
    });
  });

  describe('persistent failures are a 503 with Retry-After, never a 404', () => {
    // A JumpCloud 500 is a 503 too (mapping/upstream-error.ts): after the client's retries it is
    // JumpCloud's trouble, not the bridge's, and 503 + Retry-After tells SailPoint to try later.
    it.each([
      ['429', 429],
      ['500', 500],
      ['502', 502],
      ['503', 503],
      ['504', 504],
    ])('JumpCloud answering %s to every read: GET /Users/{id} is 503', async (_name, status) => {
      await injectFaults(h, [{ status, path: '/api' }]);
      expectUnavailable(await h.scim('get', `/Users/${user.id}`));
    });

    it("JumpCloud's Retry-After is passed on when it asks for longer than the bridge may wait", async () => {
      await injectFaults(h, [{ status: 429, retryAfter: 30, path: '/api' }]);
      const res = await h.scim('get', `/Users/${user.id}`);
      expectUnavailable(res);
      expect(res.headers['retry-after']).toBe('30');
    });

    it.each([
      ['GET /Users', () => h.scim('get', '/Users')],
      ['GET /Users?filter=userName eq', () => h.scim('get', '/Users').query({ filter: 'userName eq "fault.user@example.com"' })],
      ['GET /Users?filter=title pr (a bridge-side scan)', () => h.scim('get', '/Users').query({ filter: 'title pr' })],
      ['POST /Users', () => h.scim('post', '/Users').send(scimUser('new.user'))],
      ['PUT /Users/{id}', () => h.scim('put', `/Users/${user.id}`).send(scimUser('fault.user'))],
      ['PATCH /Users/{id}', () => patchTitle(user.id, 'After')],
      ['DELETE /Users/{id}', () => h.scim('delete', `/Users/${user.id}`)],
    ])('%s while JumpCloud is down is 503, not 404', async (_name, call) => {
      await injectFaults(h, [{ status: 503, path: '/api' }]);
      expectUnavailable(await call());
    });

    it('a PATCH whose write JumpCloud keeps refusing with 500 changes nothing and is 503', async () => {
      await injectFaults(h, [{ status: 500, method: 'PUT' }]);
      expectUnavailable(await patchTitle(user.id, 'After'));
      expect(jumpcloudUser(h, user.id)?.jobTitle).toBe('Before');
    });

    it("a failing manager-name lookup fails the read with 503, not a 404 of the user", async () => {
      const report = await createThroughBridge(h, scimUser('the.report', { [ENTERPRISE]: { manager: { value: user.id } } }));
      // A fresh harness has no cached manager names; fault only the batched lookup.
      const fresh = await startBridgeHarness();
      try {
        fresh.emulator.ctx.seed({ users: [{ _id: user.id, username: 'fault.user', email: 'fault.user@example.com' }, { _id: report.id, username: 'the.report', email: 'the.report@example.com', manager: user.id }] });
        await injectFaults(fresh, [{ status: 503, method: 'POST', path: '/api/search/systemusers' }]);
        expectUnavailable(await fresh.scim('get', `/Users/${report.id}`));
      } finally {
        await fresh.close();
      }
    });
  });

  describe('creates whose outcome JumpCloud hid', () => {
    it.each([
      ['the connection drops after the user landed', { drop: true, phase: 'after' }],
      ['a 502 after the user landed', { status: 502, phase: 'after' }],
      ['a 503 before anything landed', { status: 503 }],
    ])('%s: 201 and exactly one user in JumpCloud', async (_name, fault) => {
      await injectFaults(h, [{ ...fault, method: 'POST', path: '/api/systemusers', count: 1 }]);
      const res = await h.scim('post', '/Users').send(scimUser('landed.once', { password: 'Landed-Passw0rd!' })).expect(201);
      expect(res.body.userName).toBe('landed.once@example.com');
      expect(h.emulator.ctx.users.count()).toBe(2);
      const listed = await h.scim('get', '/Users').query({ filter: 'userName eq "landed.once@example.com"' }).expect(200);
      expect(listed.body.totalResults).toBe(1);
      expect(listed.body.Resources[0].id).toBe(res.body.id);
    });

    it('a create JumpCloud keeps failing is 503 and creates nothing', async () => {
      await injectFaults(h, [{ status: 503, method: 'POST', path: '/api/systemusers' }]);
      expectUnavailable(await h.scim('post', '/Users').send(scimUser('never.created')));
      expect(h.emulator.ctx.users.count()).toBe(1);
    });
  });

  describe("the bridge's own JumpCloud credentials", () => {
    it('a key JumpCloud refuses is a 500 that names no JumpCloud text (the client cannot fix it)', async () => {
      const options = h.emulator.ctx.options;
      const key = options.apiKey;
      options.apiKey = 'a-different-key-the-bridge-does-not-have';
      try {
        const res = await h.scim('get', `/Users/${user.id}`).expect(500);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: '500' });
        expect(res.text).not.toMatch(JUMPCLOUD_TEXT);
        const listed = await h.scim('get', '/Users').expect(500);
        expect(listed.body.status).toBe('500');
      } finally {
        options.apiKey = key;
      }
    });
  });
});
