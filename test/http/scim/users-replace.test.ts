import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, ENTERPRISE, ERROR, createThroughBridge, emulatorCall, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

/** PUT /Users/{id} (RFC 7644 §3.5.1) through HTTP against the emulator. */
describe('SCIM Users replace (PUT)', () => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { PUBLIC_BASE_URL: 'https://scim.example.test' } });
  });
  afterAll(() => h.close());
  beforeEach(() => resetEmulator(h));

  const rich = (local: string) =>
    scimUser(local, {
      schemas: [CORE, ENTERPRISE],
      externalId: `ext-${local}`,
      displayName: 'Grace Hopper',
      name: { givenName: 'Grace', familyName: 'Hopper', middleName: 'Brewster' },
      title: 'Rear Admiral',
      userType: 'Officer',
      emails: [
        { value: `${local}@example.com`, type: 'work', primary: true },
        { value: `${local}.home@example.org`, type: 'home' },
      ],
      phoneNumbers: [
        { value: '+1 555 0100', type: 'work' },
        { value: '+1 555 0101', type: 'mobile' },
      ],
      addresses: [{ type: 'work', streetAddress: '1 Navy Way', locality: 'Arlington', region: 'VA', postalCode: '22201', country: 'US' }],
      [ENTERPRISE]: { employeeNumber: 'N-1', department: 'Navy', costCenter: 'CC-1', organization: 'USN' },
    });

  it('replaces every writable attribute: attributes left out are cleared in JumpCloud', async () => {
    const created = await createThroughBridge(h, rich('grace'));
    const res = await h
      .scim('put', `/Users/${created.id}`)
      .send(scimUser('grace', { name: { givenName: 'Grace' }, active: false }))
      .expect(200);
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(res.body).toEqual({
      schemas: [CORE, 'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User'],
      id: created.id,
      userName: 'grace@example.com',
      name: { givenName: 'Grace' },
      active: false,
      emails: [{ value: 'grace@example.com', type: 'work', primary: true }],
      // Read-only state, not an attribute the PUT could clear: created without a password.
      'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User': { passwordPending: true },
      meta: expect.objectContaining({ resourceType: 'User', location: `https://scim.example.test/scim/v2/Users/${created.id}` }),
    });
    expect(jumpcloudUser(h, created.id)).toMatchObject({
      firstname: 'Grace',
      lastname: '',
      middlename: '',
      displayname: '',
      jobTitle: '',
      employeeType: '',
      alternateEmail: '',
      external_dn: '',
      department: '',
      costCenter: '',
      company: '',
      phoneNumbers: [],
      addresses: [],
      state: 'SUSPENDED',
    });
    expect(jumpcloudUser(h, created.id)?.employeeIdentifier ?? '').toBe('');
    // One read, one write: the whole replacement is one JumpCloud update.
    expect(jumpcloudWrites(h).filter((w) => w.method === 'PUT')).toHaveLength(1);
  });

  it('ignores an id in the body: the URL names the resource', async () => {
    const created = await createThroughBridge(h, scimUser('id.owner'));
    const other = await createThroughBridge(h, scimUser('id.other'));
    const res = await h
      .scim('put', `/Users/${created.id}`)
      .send(scimUser('id.owner', { id: other.id, displayName: 'Renamed' }))
      .expect(200);
    expect(res.body.id).toBe(created.id);
    expect(jumpcloudUser(h, created.id)?.displayname).toBe('Renamed');
    expect(jumpcloudUser(h, other.id)?.displayname).toBe('');
  });

  it('keeps the JumpCloud custom attributes and address parts the mapping does not own (read-merge-write)', async () => {
    const created = await createThroughBridge(h, rich('merge.me'));
    // Set elsewhere (the JumpCloud console, another integration): SCIM cannot see these.
    await emulatorCall(h, 'put', `/api/systemusers/${created.id}`)
      .send({
        attributes: [
          { name: 'badgeNumber', value: '4711' },
          { name: 'scimUserName', value: 'merge.me@example.com' },
        ],
        addresses: [{ type: 'work', streetAddress: '1 Navy Way', locality: 'Arlington', region: 'VA', postalCode: '22201', country: 'US', poBox: 'PO 9', extendedAddress: 'Suite 5' }],
      })
      .expect(200);

    const read = await h.scim('get', `/Users/${created.id}`).expect(200);
    const replacement = { ...read.body, title: 'Commodore', addresses: [{ ...read.body.addresses[0], locality: 'Washington', region: 'DC' }] };
    delete replacement.meta;
    await h.scim('put', `/Users/${created.id}`).send(replacement).expect(200);

    const stored = jumpcloudUser(h, created.id) as Record<string, unknown> & { attributes: { name: string; value: string }[]; addresses: Record<string, unknown>[] };
    expect(stored.jobTitle).toBe('Commodore');
    expect(stored.attributes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'badgeNumber', value: '4711' })]));
    expect(stored.addresses).toEqual([expect.objectContaining({ locality: 'Washington', region: 'DC', poBox: 'PO 9', extendedAddress: 'Suite 5' })]);
  });

  it('renames the JumpCloud user when the userName derives a new username', async () => {
    const created = await createThroughBridge(h, scimUser('old.name'));
    const res = await h
      .scim('put', `/Users/${created.id}`)
      .send(scimUser('old.name', { userName: 'New.Name@example.com' }))
      .expect(200);
    expect(res.body.userName).toBe('New.Name@example.com');
    expect(jumpcloudUser(h, created.id)?.username).toBe('new.name');
  });

  it('a userName change in letter case only renames nothing in JumpCloud but round-trips the new spelling', async () => {
    const created = await createThroughBridge(h, scimUser('case.only'));
    const res = await h
      .scim('put', `/Users/${created.id}`)
      .send(scimUser('case.only', { userName: 'Case.Only@EXAMPLE.com' }))
      .expect(200);
    expect(res.body.userName).toBe('Case.Only@EXAMPLE.com');
    expect(jumpcloudUser(h, created.id)?.username).toBe('case.only');
    const read = await h.scim('get', `/Users/${created.id}`).expect(200);
    expect(read.body.userName).toBe('Case.Only@EXAMPLE.com');
  });

  it('leaves the state and the password alone when the body omits active and password', async () => {
    // Deliberate: RFC 7644 §3.5.1 clears omitted attributes, but JumpCloud has no "unassigned"
    // state and a password cannot be read back; clearing either would lock the person out.
    const created = await createThroughBridge(h, scimUser('keep.state', { active: false, password: 'Keep-Passw0rd!' }));
    await h.scim('put', `/Users/${created.id}`).send(scimUser('keep.state', { title: 'New' })).expect(200);
    expect(jumpcloudUser(h, created.id)).toMatchObject({ state: 'SUSPENDED', activated: true, jobTitle: 'New' });
  });

  it('a userName change JumpCloud refuses because the user is bound is 400 mutability, in our words', async () => {
    const created = await createThroughBridge(h, scimUser('bound.user'));
    await emulatorCall(h, 'post', `/__emulator/users/${created.id}/bind`).send({ bound: true }).expect(200);
    const res = await h
      .scim('put', `/Users/${created.id}`)
      .send(scimUser('bound.user', { userName: 'renamed.user@example.com' }))
      .expect(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'mutability' });
    expect(res.body.detail).toMatch(/userName/);
    expect(res.body.detail).toMatch(/bound/);
    expect(res.body.detail).not.toMatch(/rpc error|InvalidArgument/);
    expect(jumpcloudUser(h, created.id)?.username).toBe('bound.user');
  });

  it("Okta's GET-then-PUT of the unchanged resource writes nothing to JumpCloud", async () => {
    const created = await createThroughBridge(h, rich('okta.unchanged'));
    const read = await h.scim('get', `/Users/${created.id}`).expect(200);
    h.resetRequests();
    const res = await h.scim('put', `/Users/${created.id}`).send(read.body).expect(200);
    expect(res.body).toEqual(read.body);
    expect(res.headers.etag).toBe(read.headers.etag);
    expect(jumpcloudWrites(h)).toEqual([]);
  });

  it.each([
    ['userName missing', 'invalidValue', { schemas: [CORE], emails: [{ value: 'x@example.com', type: 'work' }] }],
    ['active of the wrong type', 'invalidValue', scimUser('bad.put', { active: 3 })],
    ['a list body', 'invalidSyntax', []],
  ])('a bad body (%s) is 400 %s and writes nothing', async (_name, scimType, body) => {
    const created = await createThroughBridge(h, scimUser('bad.put'));
    h.resetRequests();
    const res = await h.scim('put', `/Users/${created.id}`).send(body as object).expect(400);
    expect(res.body).toMatchObject({ status: '400', scimType });
    expect(jumpcloudWrites(h)).toEqual([]);
  });

  it('PUT on an unknown id is 404 and creates nothing', async () => {
    const res = await h.scim('put', '/Users/0123456789abcdef01234567').send(scimUser('ghost')).expect(404);
    expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
    expect(h.emulator.ctx.users.count()).toBe(0);
  });
});
