import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ENTERPRISE, PATCH_OP, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

/** Users as seeded (created by the emulator itself, so the seed is not a write the bridge made). */
const SEED = {
  users: [
    { username: 'alice', email: 'alice@example.com', firstname: 'Alice', jobTitle: 'Dev', password: 'Seeded-Passw0rd!' },
    { username: 'bob', email: 'bob@example.com' },
  ],
  groups: [{ name: 'Engineers', members: ['alice'] }],
};

/** DRY_RUN=true through HTTP: real-looking SCIM answers, no JumpCloud write, `dry_run` journal records. */
describe('dry run', () => {
  let h: BridgeHarness;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { DRY_RUN: 'true', PUBLIC_BASE_URL: 'https://scim.example.test' } });
  });
  afterAll(() => h.close());
  beforeEach(async () => {
    resetEmulator(h, SEED);
    h.resetRequests();
    const list = await h.scim('get', '/Users').expect(200);
    const byName = new Map((list.body.Resources as { id: string; userName: string }[]).map((r) => [r.userName, r.id]));
    alice = byName.get('alice') as string;
    bob = byName.get('bob') as string;
    h.resetRequests();
  });

  it('POST /Users answers 201 with the resource JumpCloud would have made, and the emulator receives no write', async () => {
    const res = await h.scim('post', '/Users').send(scimUser('newbie', { name: { givenName: 'New' }, active: true })).expect(201);
    expect(res.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      userName: 'newbie@example.com',
      name: { givenName: 'New' },
      active: true,
      emails: [{ value: 'newbie@example.com', type: 'work', primary: true }],
      'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User': { passwordPending: true },
      meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String), version: expect.any(String), location: `https://scim.example.test/scim/v2/Users/${res.body.id}` },
    });
    expect(res.headers.location).toBe(res.body.meta.location);
    expect(jumpcloudWrites(h)).toEqual([]);
    expect(h.emulator.ctx.users.count()).toBe(2);
    // The documented limit: what a dry run "created" cannot be read back.
    await h.scim('get', `/Users/${res.body.id}`).expect(404);
  });

  it('a duplicate create is the 409 the real run would answer', async () => {
    const res = await h.scim('post', '/Users').send(scimUser('alice')).expect(409);
    expect(res.body.scimType).toBe('uniqueness');
    expect(jumpcloudWrites(h)).toEqual([]);
  });

  it('PATCH and PUT answer the changed resource while JumpCloud keeps the old one', async () => {
    const patched = await h
      .scim('patch', `/Users/${alice}`)
      .send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }, { op: 'replace', path: 'active', value: false }] })
      .expect(200);
    expect(patched.body).toMatchObject({ id: alice, title: 'Lead', active: false, name: { givenName: 'Alice' } });
    const replaced = await h.scim('put', `/Users/${bob}`).send(scimUser('bob', { [ENTERPRISE]: { department: 'Ops' } })).expect(200);
    expect(replaced.body[ENTERPRISE]).toEqual({ department: 'Ops' });
    expect(jumpcloudWrites(h)).toEqual([]);
    expect(jumpcloudUser(h, alice)).toMatchObject({ jobTitle: 'Dev', state: 'ACTIVATED' });
    expect(jumpcloudUser(h, bob)).toMatchObject({ department: '' });
    // Nothing changed, so a read shows the user as it was, version included.
    const read = await h.scim('get', `/Users/${alice}`).expect(200);
    expect(read.body.title).toBe('Dev');
  });

  it('DELETE answers 204 and the user is still there; a missing user is still 404', async () => {
    await h.scim('delete', `/Users/${bob}`).expect(204);
    expect(jumpcloudUser(h, bob)).toBeDefined();
    await h.scim('get', `/Users/${bob}`).expect(200);
    await h.scim('delete', '/Users/0123456789abcdef01234567').expect(404);
    expect(jumpcloudWrites(h)).toEqual([]);
  });

  it('group create and membership PATCH answer as they would, with nothing written', async () => {
    const created = await h.scim('post', '/Groups').send({ schemas: [GROUP], displayName: 'Designers', members: [{ value: bob }] }).expect(201);
    expect(created.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f]{24}$/), displayName: 'Designers', members: [expect.objectContaining({ value: bob })] });
    const groups = await h.scim('get', '/Groups').query({ filter: 'displayName eq "Engineers"' }).expect(200);
    const engineers = groups.body.Resources[0].id as string;
    h.resetRequests();
    const patched = await h.scim('patch', `/Groups/${engineers}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: bob }] }] });
    expect([200, 204]).toContain(patched.status);
    expect(jumpcloudWrites(h)).toEqual([]);
    expect(h.emulator.ctx.groups.groupsOfUser(bob)).not.toContain(engineers);
  });

  it('journals every write as dry_run with the calls it made and the writes it would have made', async () => {
    // The journal outlives the emulator resets: only this test's records.
    const since = new Date().toISOString();
    await h.scim('post', '/Users').send(scimUser('rehearsed', { password: 'Rehearsal-Passw0rd!' })).expect(201);
    await h.scim('patch', `/Users/${alice}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] }).expect(200);
    await h.scim('delete', `/Users/${bob}`).expect(204);
    const { records } = await h.audit.query({ since });
    expect(records.map((r) => [r.type, r.outcome])).toEqual([
      ['delete', 'dry_run'],
      ['mover', 'dry_run'],
      ['password_set', 'dry_run'],
      ['joiner', 'dry_run'],
    ]);
    const routes = (type: string) => records.find((r) => r.type === type)?.jumpcloudCalls.map((c) => `${c.method} ${c.route} ${c.status}`);
    expect(routes('joiner')).toContain('POST /api/systemusers 200');
    expect(routes('mover')).toEqual(expect.arrayContaining(['GET /api/systemusers/{id} 200', 'PUT /api/systemusers/{id} 200']));
    expect(routes('delete')).toContain('DELETE /api/systemusers/{id} 200');
    // Skipped writes are told apart from the reads that really happened.
    const calls = (type: string) => records.find((r) => r.type === type)?.jumpcloudCalls ?? [];
    expect(calls('mover').find((c) => c.method === 'PUT')?.dryRun).toBe(true);
    expect(calls('mover').find((c) => c.method === 'GET')?.dryRun).toBeUndefined();
    expect(calls('joiner').find((c) => c.method === 'POST' && c.route === '/api/systemusers')?.dryRun).toBe(true);
    expect(JSON.stringify(records)).not.toContain('Rehearsal-Passw0rd!');
    expect(jumpcloudWrites(h)).toEqual([]);
  });
});
