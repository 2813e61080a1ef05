import { PATCH_OP } from './scim-users.fixtures';
import { groupIds, startOrg, type Org } from './users-groups.fixtures';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** `groups` on User (RFC 7643 §4.1.2) through HTTP against the emulator: what it shows and what it costs. */
describe('SCIM Users: reading groups', () => {
  let org: Org;

  beforeEach(async () => {
    org = await startOrg();
  });
  afterEach(() => org.h.close());

  const requests = () => org.h.jumpcloudRequests();
  const v2Calls = () => requests().filter((r) => r.path.startsWith('/api/v2/'));

  describe('GET /Users/{id}', () => {
    it('lists direct memberships with names, $ref and type; "All Users" is not listed', async () => {
      const res = await org.h.scim('get', `/Users/${org.user.ann}`).expect(200);
      const expected = [
        { value: org.group.Sales, display: 'Sales' },
        { value: org.group.Engineering, display: 'Engineering' },
      ]
        .sort((a, b) => String(a.value).localeCompare(String(b.value)))
        .map((g) => ({ ...g, $ref: expect.stringMatching(new RegExp(`/Groups/${g.value}$`)), type: 'direct' }));
      expect(res.body.groups).toEqual(expected);
      expect(res.body.groups[0].$ref).toMatch(new RegExp(`^https?://[^/]+${org.h.base}/Groups/[0-9a-f]{24}$`));
      expect(groupIds(res.body.groups)).not.toContain(org.group['All Users']);
    });

    it('costs one memberof and one group list, never a request per group', async () => {
      await org.h.scim('get', `/Users/${org.user.ann}`).expect(200);
      const calls = v2Calls();
      expect(calls.filter((c) => c.path === `/api/v2/users/${org.user.ann}/memberof`)).toHaveLength(1);
      expect(calls.filter((c) => c.path === '/api/v2/usergroups')).toHaveLength(1);
      expect(calls).toHaveLength(2);
      // The names are cached: the next user costs its memberof only.
      org.h.resetRequests();
      await org.h.scim('get', `/Users/${org.user.cat}`).expect(200);
      expect(v2Calls().map((c) => c.path)).toEqual([`/api/v2/users/${org.user.cat}/memberof`]);
    });

    it('a user in no group has no groups attribute (unassigned, RFC 7643 §2.5)', async () => {
      const res = await org.h.scim('get', `/Users/${org.user.eve}`).expect(200);
      expect(res.body).not.toHaveProperty('groups');
    });

    it.each([
      ['excludedAttributes=groups', { excludedAttributes: 'groups' }],
      ['attributes without groups', { attributes: 'userName,emails' }],
    ])('%s: no memberof, no group list', async (_name, query) => {
      const res = await org.h.scim('get', `/Users/${org.user.ann}`).query(query).expect(200);
      expect(res.body).not.toHaveProperty('groups');
      expect(v2Calls()).toEqual([]);
    });

    it('the ETag does not depend on whether groups were looked up', async () => {
      const full = await org.h.scim('get', `/Users/${org.user.ann}`).expect(200);
      const narrow = await org.h.scim('get', `/Users/${org.user.ann}`).query({ excludedAttributes: 'groups' }).expect(200);
      expect(narrow.headers.etag).toBe(full.headers.etag);
    });
  });

  describe('GET /Users', () => {
    it('a page costs one batched lookup (group list + each group\'s member list), no memberof per user', async () => {
      const res = await org.h.scim('get', '/Users').query({ count: 100 }).expect(200);
      expect(res.body.totalResults).toBe(5);
      const byName = Object.fromEntries((res.body.Resources as { userName: string; groups?: unknown }[]).map((r) => [r.userName, groupIds(r.groups)]));
      expect(byName).toEqual({
        ann: [org.group.Sales, org.group.Engineering].sort(),
        bob: [org.group.Sales],
        cat: [org.group.Engineering],
        dan: [org.group.Auto],
        eve: [],
      });
      const names = Object.fromEntries((res.body.Resources as { userName: string; groups?: { display: string }[] }[]).map((r) => [r.userName, (r.groups ?? []).map((g) => g.display).sort()]));
      expect(names.ann).toEqual(['Engineering', 'Sales']);
      const calls = v2Calls();
      expect(calls.some((c) => c.path.endsWith('/memberof'))).toBe(false);
      expect(calls.filter((c) => c.path === '/api/v2/usergroups')).toHaveLength(1);
      // Four groups besides "All Users" (whose member list is every user, and is never read).
      const memberLists = calls.filter((c) => c.path.endsWith('/members'));
      expect(memberLists.map((c) => c.path).sort()).toEqual((['Sales', 'Engineering', 'Finance', 'Auto'] as const).map((n) => `/api/v2/usergroups/${org.group[n]}/members`).sort());
      expect(calls).toHaveLength(5);
    });

    it('the next pages reuse the snapshot: no JumpCloud group request at all', async () => {
      await org.h.scim('get', '/Users').query({ count: 2 }).expect(200);
      org.h.resetRequests();
      const second = await org.h.scim('get', '/Users').query({ startIndex: 3, count: 2 }).expect(200);
      expect(second.body.Resources).toHaveLength(2);
      expect(v2Calls()).toEqual([]);
    });

    it.each([
      ['excludedAttributes=groups', { excludedAttributes: 'groups' }],
      ['attributes=userName', { attributes: 'userName' }],
    ])('%s costs nothing beyond the user page', async (_name, query) => {
      const res = await org.h.scim('get', '/Users').query({ count: 100, ...query }).expect(200);
      expect(res.body.Resources).toHaveLength(5);
      expect(res.body.Resources.every((r: Record<string, unknown>) => !('groups' in r))).toBe(true);
      expect(requests().map((r) => r.path)).toEqual(['/api/systemusers']);
    });

    it('attributes=groups returns them (the lookup is made only when asked for)', async () => {
      const res = await org.h.scim('get', '/Users').query({ count: 100, attributes: 'groups' }).expect(200);
      const ann = res.body.Resources.find((r: { id: string }) => r.id === org.user.ann);
      expect(groupIds(ann.groups)).toEqual([org.group.Sales, org.group.Engineering].sort());
    });

    it.each([
      ['groups.value eq', (o: Org) => `groups.value eq "${o.group.Sales}"`],
      ['groups[value eq]', (o: Org) => `groups[value eq "${o.group.Sales}"]`],
      ['groups.display eq', () => 'groups.display eq "Sales"'],
    ])('filter %s finds exactly the members', async (_name, filter) => {
      const res = await org.h.scim('get', '/Users').query({ filter: filter(org) }).expect(200);
      expect((res.body.Resources as { id: string }[]).map((r) => r.id).sort()).toEqual([org.user.ann, org.user.bob].sort());
      expect(res.body.totalResults).toBe(2);
    });

    it('a membership the bridge writes shows on the next page at once (the snapshot is dropped)', async () => {
      await org.h.scim('get', '/Users').query({ count: 100 }).expect(200);
      await org.h
        .scim('patch', `/Users/${org.user.eve}`)
        .send({ schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'groups', value: [{ value: org.group.Finance }] }] })
        .expect(200);
      const res = await org.h.scim('get', '/Users').query({ filter: `id eq "${org.user.eve}"` }).expect(200);
      expect(groupIds(res.body.Resources[0].groups)).toEqual([org.group.Finance]);
    });
  });

  it('/Schemas serves groups as writable, and says why (extension of RFC 7643 §4.1.2)', async () => {
    const res = await org.h.scim('get', `/Schemas/${CORE}`).expect(200);
    const groups = res.body.attributes.find((a: { name: string }) => a.name === 'groups');
    expect(groups).toMatchObject({ type: 'complex', multiValued: true, mutability: 'readWrite', returned: 'default' });
    expect(groups.description).toMatch(/Extension of RFC 7643 §4\.1\.2/);
    expect(groups.description).toMatch(/PUT without groups leaves memberships alone/);
    const subs = Object.fromEntries(groups.subAttributes.map((s: { name: string; mutability: string }) => [s.name, s.mutability]));
    expect(subs).toEqual({ value: 'readWrite', $ref: 'readOnly', display: 'readOnly', type: 'readOnly' });
  });
});
