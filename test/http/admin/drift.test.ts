import request from 'supertest';
import { startFeedHarness, type FeedHarness } from '../../changefeed/support/feed-harness';

/** GET /admin/drift: open drift from the change feed, oldest first, paged; closed by a bridge write. */
describe('GET /admin/drift', () => {
  let f: FeedHarness;
  let ada: string;
  let bob: string;
  beforeAll(async () => {
    f = await startFeedHarness();
    ada = await f.createUser('ada@example.com');
    bob = await f.createUser('bob@example.com');
    await f.consoleUpdate(ada, { jobTitle: 'Countess' });
    await f.consoleUpdate(bob, { department: 'Ops', lastname: 'Builder' });
    await f.service.built.poller.pollOnce();
  });
  afterAll(() => f.close());

  it('lists every open drift with who, which attribute (SCIM and JumpCloud), from and to', async () => {
    const res = await f.admin('/admin/drift').expect(200);
    expect(res.body.totalResults).toBe(3);
    expect(res.body.nextCursor).toBeUndefined();
    expect(res.body.drift.map((d: { resourceId: string; attribute: string; jumpcloudField: string; to: unknown }) => [d.resourceId, d.attribute, d.jumpcloudField, d.to])).toEqual([
      [ada, 'title', 'jobTitle', 'Countess'],
      // Same time: ordered by JumpCloud field.
      [bob, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', 'department', 'Ops'],
      [bob, 'name.familyName', 'lastname', 'Builder'],
    ]);
    const [first] = res.body.drift;
    expect(first).toMatchObject({ resourceType: 'User', userName: 'ada@example.com', source: 'directory_insights', initiatedBy: { type: 'admin', email: 'console.admin@example.com', authMethod: 'session' }, openedAt: expect.any(String), auditId: expect.any(String) });
    expect(first.from).toBeUndefined();
    // The audit record it points at is the drift event.
    const events = await f.admin(`/admin/events?type=drift`).expect(200);
    expect(events.body.events.map((e: { id: string }) => e.id)).toContain(first.auditId);
  });

  it('pages with limit and nextCursor, and filters by resource', async () => {
    const one = await f.admin('/admin/drift?limit=2').expect(200);
    expect(one.body.drift).toHaveLength(2);
    const two = await f.admin(`/admin/drift?limit=2&cursor=${one.body.nextCursor}`).expect(200);
    expect(two.body.drift).toHaveLength(1);
    expect(two.body.nextCursor).toBeUndefined();
    const onlyBob = await f.admin(`/admin/drift?resource=${bob}`).expect(200);
    expect(onlyBob.body.drift.map((d: { resourceId: string }) => d.resourceId)).toEqual([bob, bob]);
  });

  it.each([
    ['limit=0', 'Query parameter "limit" must be a whole number from 1 to 1000; got "0".'],
    ['limit=x', 'Query parameter "limit" must be a whole number from 1 to 1000; got "x".'],
    ['cursor=nope', 'Query parameter "cursor" is not a cursor this service issued; use the nextCursor of a previous answer.'],
    ['user=ada', 'Unknown query parameter "user"; supported: limit, cursor, resource.'],
  ])('refuses %s with a 400 naming it', async (query, detail) => {
    const res = await f.admin(`/admin/drift?${query}`).expect(400);
    expect(res.body.detail).toBe(detail);
  });

  it('takes the admin token only', async () => {
    await request(f.adminApp).get('/admin/drift').expect(401);
    await request(f.adminApp).get('/admin/drift').set('Authorization', 'Bearer test-scim-token-0123456789').expect(401);
  });

  it('drops what SailPoint overwrites (a later bridge write of the attribute)', async () => {
    await f.h
      .scim('patch', `/Users/${ada}`)
      .send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'Analyst' }] })
      .expect(200);
    await f.service.built.poller.pollOnce();
    const res = await f.admin('/admin/drift').expect(200);
    expect(res.body.totalResults).toBe(2);
    expect(res.body.drift.every((d: { resourceId: string }) => d.resourceId === bob)).toBe(true);
  });
});
