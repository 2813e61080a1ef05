import { CORE, ERROR, PATCH_OP, jumpcloudUser } from './scim-users.fixtures';
import { groupIds, memberOperations, membershipsOf, startOrg, type Org } from './users-groups.fixtures';

type Operation = Record<string, unknown>;

/**
 * Writes to `User.groups` (a deliberate extension of RFC 7643 §4.1.2) through HTTP against the
 * emulator: each becomes the diffed v2 member operations a Group PATCH sends, validated whole
 * before anything is applied.
 */
describe('SCIM Users: writing groups', () => {
  let org: Org;

  beforeEach(async () => {
    org = await startOrg();
  });
  afterEach(() => org.h.close());

  const patch = (userId: string, ...operations: Operation[]) => org.h.scim('patch', `/Users/${userId}`).send({ schemas: [PATCH_OP], Operations: operations });
  const ops = (): Record<string, unknown>[] => memberOperations(org).map(({ groupId, body }) => ({ groupId, ...(body as Record<string, unknown>) }));

  describe('PATCH', () => {
    it('add with a path: one member add, the answer shows the group with its name', async () => {
      const res = await patch(org.user.eve, { op: 'add', path: 'groups', value: [{ value: org.group.Sales }] }).expect(200);
      expect(res.body.groups).toEqual([expect.objectContaining({ value: org.group.Sales, display: 'Sales', type: 'direct' })]);
      expect(membershipsOf(org, org.user.eve)).toEqual([org.group.Sales]);
      expect(ops()).toEqual([{ groupId: org.group.Sales, op: 'add', type: 'user', id: org.user.eve }]);
    });

    it('path-less add with groups (and another attribute) in the value', async () => {
      const res = await patch(org.user.eve, { op: 'add', value: { title: 'Analyst', groups: [{ value: org.group.Finance }] } }).expect(200);
      expect(res.body).toMatchObject({ title: 'Analyst' });
      expect(groupIds(res.body.groups)).toEqual([org.group.Finance]);
      expect(membershipsOf(org, org.user.eve)).toEqual([org.group.Finance]);
      expect(jumpcloudUser(org.h, org.user.eve)?.jobTitle).toBe('Analyst');
    });

    it('remove groups[value eq "…"]: only that membership, one member remove', async () => {
      const res = await patch(org.user.ann, { op: 'remove', path: `groups[value eq "${org.group.Sales}"]` }).expect(200);
      expect(groupIds(res.body.groups)).toEqual([org.group.Engineering]);
      expect(membershipsOf(org, org.user.ann)).toEqual([org.group.Engineering]);
      expect(ops()).toEqual([{ groupId: org.group.Sales, op: 'remove', type: 'user', id: org.user.ann }]);
    });

    it('Entra-style Remove with a value list removes THOSE memberships only', async () => {
      await patch(org.user.ann, { op: 'Remove', path: 'groups', value: [{ value: org.group.Engineering }] }).expect(200);
      expect(membershipsOf(org, org.user.ann)).toEqual([org.group.Sales]);
    });

    it('replace of the whole list becomes a diff: untouched memberships send nothing', async () => {
      // ann: Sales + Engineering -> Engineering + Finance: remove Sales, add Finance, Engineering untouched.
      await patch(org.user.ann, { op: 'replace', path: 'groups', value: [{ value: org.group.Engineering }, { value: org.group.Finance }] }).expect(200);
      expect(membershipsOf(org, org.user.ann)).toEqual([org.group.Engineering, org.group.Finance].sort());
      expect(ops().sort((a, b) => String(a.op).localeCompare(String(b.op)))).toEqual([
        { groupId: org.group.Finance, op: 'add', type: 'user', id: org.user.ann },
        { groupId: org.group.Sales, op: 'remove', type: 'user', id: org.user.ann },
      ]);
    });

    it('adding a group the user is already in changes nothing and sends nothing', async () => {
      const res = await patch(org.user.ann, { op: 'add', path: 'groups', value: [{ value: org.group.Sales }] }).expect(200);
      expect(groupIds(res.body.groups)).toEqual([org.group.Sales, org.group.Engineering].sort());
      expect(ops()).toEqual([]);
    });

    it('unknown group ids: 400 invalidValue naming them, nothing applied (not even the other operations)', async () => {
      const missing = '0123456789abcdef01234567';
      const res = await patch(
        org.user.eve,
        { op: 'replace', path: 'title', value: 'Never' },
        { op: 'add', path: 'groups', value: [{ value: org.group.Sales }, { value: missing }, { value: 'not-an-id' }] },
      ).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidValue' });
      expect(res.body.detail).toContain(`"${missing}"`);
      expect(res.body.detail).toContain('"not-an-id"');
      expect(res.body.detail).not.toContain(org.group.Sales);
      expect(ops()).toEqual([]);
      expect(membershipsOf(org, org.user.eve)).toEqual([]);
      expect(jumpcloudUser(org.h, org.user.eve)?.jobTitle).toBe('');
    });

    it('"All Users": 400 mutability saying why, nothing applied', async () => {
      const res = await patch(org.user.eve, { op: 'add', path: 'groups', value: [{ value: org.group['All Users'] }, { value: org.group.Sales }] }).expect(400);
      expect(res.body).toMatchObject({ scimType: 'mutability' });
      expect(res.body.detail).toContain('"All Users"');
      expect(res.body.detail).toContain('managed by JumpCloud');
      expect(ops()).toEqual([]);
      expect(membershipsOf(org, org.user.eve)).toEqual([]);
    });

    it('a dynamic group: removing a computed membership is 400 mutability, nothing applied', async () => {
      const res = await patch(org.user.dan, { op: 'remove', path: `groups[value eq "${org.group.Auto}"]` }).expect(400);
      expect(res.body).toMatchObject({ scimType: 'mutability' });
      expect(res.body.detail).toMatch(/"Auto" .* dynamic group \(DYNAMIC_AUTOMATED\)/);
      expect(ops()).toEqual([]);
      expect(membershipsOf(org, org.user.dan)).toEqual([org.group.Auto]);
    });

    it('display, $ref and type sent by the client are ignored (readOnly sub-attributes)', async () => {
      const res = await patch(org.user.eve, {
        op: 'add',
        path: 'groups',
        value: [{ value: org.group.Finance, display: 'Wrong name', $ref: 'https://elsewhere/Groups/x', type: 'indirect' }],
      }).expect(200);
      expect(res.body.groups).toEqual([expect.objectContaining({ value: org.group.Finance, display: 'Finance', type: 'direct' })]);
    });
  });

  describe('PUT', () => {
    const current = async (userId: string) => (await org.h.scim('get', `/Users/${userId}`).expect(200)).body as Record<string, unknown>;

    it('with groups: the list is diffed against the current memberships', async () => {
      const body = await current(org.user.bob);
      const res = await org.h
        .scim('put', `/Users/${org.user.bob}`)
        .send({ ...body, groups: [{ value: org.group.Sales }, { value: org.group.Finance }] })
        .expect(200);
      expect(groupIds(res.body.groups)).toEqual([org.group.Sales, org.group.Finance].sort());
      expect(membershipsOf(org, org.user.bob)).toEqual([org.group.Sales, org.group.Finance].sort());
      expect(ops()).toEqual([{ groupId: org.group.Finance, op: 'add', type: 'user', id: org.user.bob }]);
    });

    it.each([
      ['without groups (Okta)', undefined],
      ['with an empty groups list', []],
    ])('%s: memberships are left alone', async (_name, groups) => {
      const { groups: _shown, ...body } = await current(org.user.ann);
      const res = await org.h
        .scim('put', `/Users/${org.user.ann}`)
        .send({ ...body, title: 'Lead', ...(groups ? { groups } : {}) })
        .expect(200);
      expect(res.body.title).toBe('Lead');
      expect(groupIds(res.body.groups)).toEqual([org.group.Sales, org.group.Engineering].sort());
      expect(membershipsOf(org, org.user.ann)).toEqual([org.group.Sales, org.group.Engineering].sort());
      expect(ops()).toEqual([]);
    });

    it('an unknown group: 400 invalidValue, neither the user record nor memberships change', async () => {
      const body = await current(org.user.bob);
      const missing = 'fedcba9876543210fedcba98';
      const res = await org.h
        .scim('put', `/Users/${org.user.bob}`)
        .send({ ...body, title: 'Never', groups: [{ value: missing }] })
        .expect(400);
      expect(res.body).toMatchObject({ scimType: 'invalidValue' });
      expect(res.body.detail).toContain(missing);
      expect(org.h.jumpcloudRequests().filter((r) => r.method === 'PUT' || r.method === 'POST')).toEqual([]);
      expect(membershipsOf(org, org.user.bob)).toEqual([org.group.Sales]);
    });
  });

  describe('POST', () => {
    const newUser = (extra: Record<string, unknown>) => ({ schemas: [CORE], userName: 'fay@example.com', emails: [{ value: 'fay@example.com', type: 'work', primary: true }], ...extra });

    it("Okta's groups: [] is a no-op", async () => {
      const res = await org.h.scim('post', '/Users').send(newUser({ groups: [] })).expect(201);
      expect(res.body).not.toHaveProperty('groups');
      expect(ops()).toEqual([]);
    });

    it('with groups: the new user is added to them', async () => {
      const res = await org.h.scim('post', '/Users').send(newUser({ groups: [{ value: org.group.Finance }] })).expect(201);
      expect(res.body.groups).toEqual([expect.objectContaining({ value: org.group.Finance, display: 'Finance' })]);
      expect(membershipsOf(org, res.body.id)).toEqual([org.group.Finance]);
    });

    it('with an unknown group: 400 before the user is created', async () => {
      await org.h.scim('post', '/Users').send(newUser({ groups: [{ value: 'aaaaaaaaaaaaaaaaaaaaaaaa' }] })).expect(400);
      expect(org.h.jumpcloudRequests().filter((r) => r.method === 'POST')).toEqual([]);
    });
  });
});
