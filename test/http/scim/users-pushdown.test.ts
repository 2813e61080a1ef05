import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';

/**
 * Cost assertions (issue: "Pushdown and cost"): what each SCIM query costs in JumpCloud requests,
 * read from the emulator's request log, at 10 users and at 100,000. `groups` is excluded where a
 * count is exact: its one batched lookup is costed in users-groups-read.test.ts.
 */
describe.each([10, 100_000])('pushdown and cost with %i users', (userCount) => {
  let h: BridgeHarness;
  let target: { id: string; username: string; email: string };

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { generate: { users: userCount - 1, usernamePrefix: 'user' } } });
    const created = await h
      .scim('post', '/Users')
      .send({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'Target.Person@Example.com',
        externalId: 'ext-42:7',
        name: { givenName: 'Target', familyName: 'Person' },
        emails: [{ value: 'Target.Person@Example.com', type: 'work', primary: true }],
      })
      .expect(201);
    target = { id: created.body.id, username: 'target.person', email: 'Target.Person@Example.com' };
  }, 60_000);
  afterAll(() => h.close());
  beforeEach(() => h.resetRequests());

  it.each([
    ['userName eq (another letter case)', () => 'userName eq "TARGET.PERSON@example.COM"'],
    ['externalId eq (with a colon JumpCloud filters cannot carry raw)', () => 'externalId eq "ext-42:7"'],
    ['emails[type eq "work"].value eq', () => 'emails[type eq "work"].value eq "target.person@example.com"'],
    ['id eq', () => `id eq "${target.id}"`],
  ])('%s: one JumpCloud request, exactly the one user', async (_name, filter) => {
    const res = await h.scim('get', '/Users').query({ filter: filter(), excludedAttributes: 'groups' }).expect(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0].id).toBe(target.id);
    expect(h.jumpcloudRequests()).toHaveLength(1);
  });

  it('an existence check for nobody costs one request and answers totalResults 0', async () => {
    const res = await h.scim('get', '/Users').query({ filter: 'userName eq "nobody@example.com"', startIndex: 1, count: 100 }).expect(200);
    expect(res.body).toMatchObject({ totalResults: 0, Resources: [] });
    expect(h.jumpcloudRequests()).toHaveLength(1);
  });

  it.each([1, 10, 100, 250])('a page of %i users costs ceil(N/100) requests and no per-user call', async (count) => {
    const res = await h.scim('get', '/Users').query({ startIndex: 2, count, excludedAttributes: 'groups' }).expect(200);
    const expected = Math.min(count, userCount - 1);
    expect(res.body.Resources).toHaveLength(expected);
    expect(res.body.totalResults).toBe(userCount);
    const calls = h.jumpcloudRequests();
    expect(calls).toHaveLength(Math.ceil(expected / 100));
    expect(calls.every((c) => c.method === 'GET' && c.path === '/api/systemusers')).toBe(true);
  });

  it('attributes= narrows the JumpCloud fields', async () => {
    await h.scim('get', '/Users').query({ count: 5, attributes: 'userName' }).expect(200);
    const [call] = h.jumpcloudRequests();
    const fields = String(call?.query.fields ?? '').split(' ');
    expect(fields).toContain('username');
    expect(fields).not.toContain('addresses');
  });
});
