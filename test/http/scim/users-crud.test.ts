import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, ENTERPRISE, ERROR, createThroughBridge, emulatorCall, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

/** POST, GET, DELETE of /Users through HTTP against the emulator (RFC 7644 §3.3, §3.4.1, §3.6). */
describe('SCIM Users create, read, delete', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    // A fixed public origin: supertest serves each request on a new port, and meta.location must not depend on it.
    h = await startBridgeHarness({ env: { PUBLIC_BASE_URL: 'https://scim.example.test' } });
  });
  afterAll(() => h.close());
  beforeEach(() => resetEmulator(h));

  describe('POST /Users', () => {
    const full = {
      schemas: [CORE, ENTERPRISE],
      userName: 'Ada.Lovelace@Example.COM',
      externalId: 'sp-1001',
      name: { givenName: 'Ada', familyName: 'Lovelace', middleName: 'King' },
      displayName: 'Ada Lovelace',
      title: 'Analyst',
      userType: 'Employee',
      active: true,
      password: 'S3cret-Passw0rd!',
      emails: [
        { value: 'ada@example.com', type: 'work', primary: true },
        { value: 'ada.home@example.org', type: 'home' },
      ],
      phoneNumbers: [{ value: '+44 20 7946 0000', type: 'work' }],
      addresses: [{ type: 'work', streetAddress: '12 St James Sq', locality: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }],
      [ENTERPRISE]: { employeeNumber: 'E-1001', department: 'Engines', costCenter: 'CC-7', organization: 'Analytical Ltd' },
    };

    it('answers 201 with Location = meta.location, ETag = meta.version and the full resource', async () => {
      const res = await h.scim('post', '/Users').send(full).expect(201);
      const body = res.body;
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(body.id).toMatch(/^[0-9a-f]{24}$/);
      expect(res.headers.location).toBe(body.meta.location);
      expect(body.meta.location).toBe(`https://scim.example.test/scim/v2/Users/${body.id}`);
      expect(res.headers.etag).toBe(body.meta.version);
      expect(body.meta.version).toMatch(/^W\/".+"$/);
      expect(body.meta).toMatchObject({ resourceType: 'User' });
      expect(Date.parse(body.meta.created)).not.toBeNaN();
      expect(Date.parse(body.meta.lastModified)).not.toBeNaN();
      expect(body).toMatchObject({
        schemas: expect.arrayContaining([CORE, ENTERPRISE]),
        userName: 'Ada.Lovelace@Example.COM',
        externalId: 'sp-1001',
        name: { givenName: 'Ada', familyName: 'Lovelace', middleName: 'King' },
        displayName: 'Ada Lovelace',
        title: 'Analyst',
        userType: 'Employee',
        active: true,
        emails: expect.arrayContaining([
          { value: 'ada@example.com', type: 'work', primary: true },
          expect.objectContaining({ value: 'ada.home@example.org' }),
        ]),
        phoneNumbers: [{ value: '+44 20 7946 0000', type: 'work' }],
        addresses: [{ type: 'work', streetAddress: '12 St James Sq', locality: 'London', postalCode: 'SW1Y 4JH', country: 'GB' }],
        [ENTERPRISE]: { employeeNumber: 'E-1001', department: 'Engines', costCenter: 'CC-7', organization: 'Analytical Ltd' },
      });
      expect(body).not.toHaveProperty('password');
      expect(JSON.stringify(body)).not.toContain('S3cret-Passw0rd!');
    });

    it('derives the JumpCloud username from an e-mail userName and round-trips the userName exactly', async () => {
      const created = await createThroughBridge(h, full);
      const stored = jumpcloudUser(h, created.id);
      expect(stored).toMatchObject({ username: 'ada.lovelace', email: 'ada@example.com', activated: true, state: 'ACTIVATED' });
      const listed = await emulatorCall(h, 'get', '/api/systemusers').query({ filter: 'username:$eq:ada.lovelace' }).expect(200);
      expect(listed.body.totalCount).toBe(1);

      const read = await h.scim('get', `/Users/${created.id}`).expect(200);
      expect(read.body.userName).toBe('Ada.Lovelace@Example.COM');
      expect(read.body).toEqual(created);
      expect(read.headers.etag).toBe(created.meta && (created.meta as { version: string }).version);
    });

    it('a user created without a password is password pending in JumpCloud (activated false)', async () => {
      const created = await createThroughBridge(h, scimUser('pending.person'));
      expect(jumpcloudUser(h, created.id)).toMatchObject({ username: 'pending.person', activated: false });
      expect(created).not.toHaveProperty('password');
    });

    it('a duplicate userName is 409 uniqueness naming the userName, and creates nothing', async () => {
      await createThroughBridge(h, scimUser('dup.person'));
      const res = await h
        .scim('post', '/Users')
        .send(scimUser('dup.person', { emails: [{ value: 'other.address@example.com', type: 'work' }] }))
        .expect(409);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
      expect(res.body.detail).toContain('"dup.person@example.com"');
      expect(h.emulator.ctx.users.count()).toBe(1);
    });

    it('a second user with the same work e-mail is 409 uniqueness (JumpCloud e-mails are unique)', async () => {
      await createThroughBridge(h, scimUser('first.owner', { emails: [{ value: 'shared@example.com', type: 'work' }] }));
      const res = await h
        .scim('post', '/Users')
        .send(scimUser('second.owner', { emails: [{ value: 'shared@example.com', type: 'work' }] }))
        .expect(409);
      expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
      expect(res.body.detail).toMatch(/e-mail/);
      expect(h.emulator.ctx.users.count()).toBe(1);
    });

    it('active: false on create makes a SUSPENDED JumpCloud user that is still returned', async () => {
      const created = await createThroughBridge(h, scimUser('starts.off', { active: false }));
      expect(created.active).toBe(false);
      expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'SUSPENDED' });
      await h.scim('get', `/Users/${created.id}`).expect(200);
    });

    it('two userNames deriving the same JumpCloud username are 409 uniqueness', async () => {
      await createThroughBridge(h, scimUser('same.local', { userName: 'same.local@one.example.com' }));
      const res = await h
        .scim('post', '/Users')
        .send(scimUser('same.local', { userName: 'Same.Local@two.example.com', emails: [{ value: 'x.y@two.example.com', type: 'work' }] }))
        .expect(409);
      expect(res.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
      expect(res.body.detail).toContain('"Same.Local@two.example.com"');
      expect(res.body.detail).toContain('"same.local"');
      expect(h.emulator.ctx.users.count()).toBe(1);
    });

    it.each([
      ['a body that is not an object', 'invalidSyntax', ['not', 'a', 'user']],
      ['a JSON string body', 'invalidSyntax', '"just a string"'],
      ['userName missing', 'invalidValue', { schemas: [CORE], emails: [{ value: 'a@example.com', type: 'work' }] }],
      ['userName of the wrong type', 'invalidValue', scimUser('typed', { userName: 42 })],
      ['active not a boolean', 'invalidValue', scimUser('typed', { active: 'sometimes' })],
      ['emails not a list', 'invalidValue', scimUser('typed', { emails: 'typed@example.com' })],
      ['no e-mail at all', 'invalidValue', { schemas: [CORE], userName: 'mail.less@example.com' }],
      ['a work e-mail that is not an address', 'invalidValue', scimUser('typed', { emails: [{ value: 'not-an-address', type: 'work' }] })],
      ['a userName that derives no JumpCloud username', 'invalidValue', scimUser('typed', { userName: '@@@example.com' })],
      ['name.givenName of the wrong type', 'invalidValue', scimUser('typed', { name: { givenName: ['A'] } })],
      ['a manager that is not a user id', 'invalidValue', scimUser('typed', { [ENTERPRISE]: { manager: { value: 'nobody' } } })],
    ])('%s -> 400 %s and nothing created in JumpCloud', async (_name, scimType, body) => {
      const test = h.scim('post', '/Users');
      const res = await (typeof body === 'string' ? test.set('Content-Type', 'application/scim+json').send(body) : test.send(body as object)).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType });
      expect(typeof res.body.detail).toBe('string');
      expect(res.body.detail.length).toBeGreaterThan(10);
      expect(h.emulator.ctx.users.count()).toBe(0);
      expect(jumpcloudWrites(h)).toEqual([]);
    });

    it('malformed JSON -> 400 invalidSyntax', async () => {
      const res = await h.scim('post', '/Users').set('Content-Type', 'application/scim+json').send('{"userName": ').expect(400);
      expect(res.body).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      expect(h.emulator.ctx.users.count()).toBe(0);
    });

    it('a body in another media type -> 415 and nothing created', async () => {
      const res = await h.scim('post', '/Users').set('Content-Type', 'text/plain').send('userName=someone').expect(415);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '415' });
      expect(h.emulator.ctx.users.count()).toBe(0);
    });

    it('accepts application/json as well as application/scim+json', async () => {
      await h.scim('post', '/Users').set('Content-Type', 'application/json').send(JSON.stringify(scimUser('json.one'))).expect(201);
      await h.scim('post', '/Users').set('Content-Type', 'application/scim+json; charset=utf-8').send(JSON.stringify(scimUser('json.two'))).expect(201);
      expect(h.emulator.ctx.users.count()).toBe(2);
    });

    it("Entra's create body: unknown attributes, extra schema URIs, \"True\" strings, roles: [] and meta junk are ignored", async () => {
      const entra = {
        schemas: [CORE, ENTERPRISE, 'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User'],
        externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
        userName: 'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1@testuser.com',
        active: 'True',
        emails: [{ primary: 'True', type: 'work', value: 'Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com' }],
        meta: { resourceType: 'User', created: '2001-01-01T00:00:00Z', version: 'W/"junk"' },
        name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
        roles: [],
        nickName: 'nick',
        'urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User': { CustomAttribute: 'x' },
        [ENTERPRISE]: { department: 'Dept' },
      };
      const res = await h.scim('post', '/Users').send(entra).expect(201);
      expect(res.body).toMatchObject({
        userName: entra.userName,
        externalId: entra.externalId,
        active: true,
        name: { givenName: 'givenName', familyName: 'familyName' },
        [ENTERPRISE]: { department: 'Dept' },
      });
      expect(res.body.schemas).not.toContain('urn:ietf:params:scim:schemas:extension:CustomExtensionName:2.0:User');
      expect(res.body).not.toHaveProperty('roles');
      expect(res.body).not.toHaveProperty('nickName');
      expect(res.body.meta.created).not.toBe('2001-01-01T00:00:00Z');
      expect(res.body.meta.version).not.toBe('W/"junk"');
      expect(jumpcloudUser(h, res.body.id)).toMatchObject({ username: 'test_user_ab6490ee-1e48-479e-a', state: 'ACTIVATED' });
    });

    it("Okta's create body with password, groups: [] and active: true", async () => {
      const okta = {
        schemas: [CORE],
        userName: 'Runscope123Abc@atko.com',
        name: { givenName: 'Run', familyName: 'Scope' },
        emails: [{ primary: true, value: 'Runscope123Abc@atko.com', type: 'work' }],
        displayName: 'Run Scope',
        locale: 'en-US',
        externalId: '00ujl29u0le5T6Aj10h7',
        groups: [],
        password: '1mz050nq',
        active: true,
      };
      const res = await h.scim('post', '/Users').send(okta).expect(201);
      expect(res.body).toMatchObject({ userName: 'Runscope123Abc@atko.com', active: true, displayName: 'Run Scope' });
      expect(res.body).not.toHaveProperty('password');
      expect(res.body).not.toHaveProperty('groups');
      expect(jumpcloudUser(h, res.body.id)).toMatchObject({ username: 'runscope123abc', activated: true });
      // Okta's existence check after the create finds it in any letter case.
      const found = await h.scim('get', '/Users').query({ filter: 'userName eq "RUNSCOPE123ABC@ATKO.COM"', startIndex: 1, count: 100 }).expect(200);
      expect(found.body.totalResults).toBe(1);
    });
  });

  describe('GET /Users/{id}', () => {
    it.each([
      ['an unknown well-formed id', '0123456789abcdef01234567'],
      ['a malformed id', 'not-an-id'],
      ['an upper-case id', 'ABCDEF0123456789ABCDEF01'],
    ])('%s -> 404 with a SCIM error body', async (_name, id) => {
      const res = await h.scim('get', `/Users/${id}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
      expect(res.body.detail).toContain(id);
    });

    it.each(['put', 'patch', 'delete'] as const)('%s on a malformed id -> 404, not 400', async (method) => {
      const test = h.scim(method, '/Users/not-an-id');
      const res = await (method === 'put' ? test.send(scimUser('x')) : method === 'patch' ? test.send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'active', value: false }] }) : test).expect(404);
      expect(res.body).toMatchObject({ status: '404' });
    });
  });

  describe('DELETE /Users/{id}', () => {
    it('answers 204 with no body, then the user is 404 and gone from JumpCloud', async () => {
      const created = await createThroughBridge(h, scimUser('leaver'));
      const res = await h.scim('delete', `/Users/${created.id}`).expect(204);
      expect(res.text).toBe('');
      expect(jumpcloudUser(h, created.id)).toBeUndefined();
      await h.scim('get', `/Users/${created.id}`).expect(404);
      await h.scim('delete', `/Users/${created.id}`).expect(404);
    });

    it("deleting a manager clears the reports' manager", async () => {
      const boss = await createThroughBridge(h, scimUser('boss', { name: { givenName: 'Big', familyName: 'Boss' } }));
      const report = await createThroughBridge(h, scimUser('report', { [ENTERPRISE]: { manager: { value: boss.id } } }));
      expect(report[ENTERPRISE]).toEqual({ manager: { value: boss.id, displayName: 'Big Boss' } });
      await h.scim('delete', `/Users/${boss.id}`).expect(204);
      expect(jumpcloudUser(h, report.id)?.manager).toBe('');
      const read = await h.scim('get', `/Users/${report.id}`).expect(200);
      expect(read.body).not.toHaveProperty(ENTERPRISE);
    });
  });
});
