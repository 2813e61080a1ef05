import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { emulatorGroup, emulatorMembers, patch, resetWithUsers } from './groups-fixtures';
import { jumpcloudWrites } from './scim-users.fixtures';
import cases from './hostile-ids.cases.json';

interface Case {
  name: string;
  method: 'get' | 'put' | 'patch' | 'delete';
  /** `{group}` stands for an existing group with one member. */
  path: string;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
  status: number;
  totalResults?: number;
  scimType?: string;
  /** Text the error `detail` must hold (the id it names). */
  detail?: string;
  /** `none`: no JumpCloud request at all; `noMemberOf`: no memberof read; `noWrites`: reads only. */
  jumpcloud: 'none' | 'noMemberOf' | 'noWrites';
}

const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

// Issue 12 finding 3 (and the member part of 11): an id from a client that is no 24-hex ObjectId
// names nothing in JumpCloud; it is answered without ever reaching a JumpCloud path or write.
describe('ids that cannot exist never reach JumpCloud (issue 12 finding 3)', () => {
  let h: BridgeHarness;
  let group: string;
  let member: string;

  beforeAll(async () => {
    h = await startBridgeHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    [member] = resetWithUsers(h, 1) as [string];
    group = emulatorGroup(h, { name: 'Team' }, [member]);
    h.resetRequests();
  });

  it.each(cases as Case[])('$name: $status', async (c) => {
    let call = h.scim(c.method, c.path.replace('{group}', group));
    if (c.query) call = call.query(c.query);
    const res = c.body ? await call.send(c.body) : await call;
    expect(res.status).toBe(c.status);
    if (c.totalResults !== undefined) expect(res.body.totalResults).toBe(c.totalResults);
    if (c.scimType !== undefined) expect(res.body.scimType).toBe(c.scimType);
    if (c.detail !== undefined) expect(res.body.detail).toContain(c.detail);
    const requests = h.jumpcloudRequests();
    if (c.jumpcloud === 'none') expect(requests).toEqual([]);
    if (c.jumpcloud === 'noMemberOf') expect(requests.filter((r) => r.path.includes('memberof'))).toEqual([]);
    expect(jumpcloudWrites(h)).toEqual([]);
    // No request of any kind carries a dot segment or a junk id in its path.
    expect(requests.filter((r) => /\/\.\.?(\/|$)|junk|\/x(\/|$)/.test(r.path))).toEqual([]);
    expect(await emulatorMembers(h, group)).toEqual([member]);
  });

  it('inside /Bulk: removing a non-ObjectId member is already done, adding one is a 400 naming it, nothing written', async () => {
    const res = await h
      .scim('post', '/Bulk')
      .send({
        schemas: [BULK_REQUEST],
        Operations: [
          { method: 'PATCH', path: `/Groups/${group}`, data: patch({ op: 'remove', path: 'members[value eq "junk"]' }) },
          { method: 'PATCH', path: `/Groups/${group}`, data: patch({ op: 'add', path: 'members', value: [{ value: '..' }] }) },
          { method: 'DELETE', path: '/Groups/x' },
        ],
      })
      .expect(200);
    expect(res.body.Operations.map((op: { status: string }) => op.status)).toEqual(['204', '400', '404']);
    expect(res.body.Operations[1].response.detail).toContain('".."');
    expect(jumpcloudWrites(h)).toEqual([]);
    expect(await emulatorMembers(h, group)).toEqual([member]);
  });

  it('a real member is still removed when named with junk beside it', async () => {
    await h.scim('patch', `/Groups/${group}`).send(patch({ op: 'remove', path: `members[value eq "junk" or value eq "${member}"]` })).expect(204);
    expect(jumpcloudWrites(h)).toEqual([{ method: 'POST', path: `/api/v2/usergroups/${group}/members`, query: {}, body: { op: 'remove', type: 'user', id: member } }]);
    expect(await emulatorMembers(h, group)).toEqual([]);
  });
});
