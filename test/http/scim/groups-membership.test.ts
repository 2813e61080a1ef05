import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { allUsersId, emulatorGroup, emulatorMembers, ERROR, memberListReads, memberOperations, patch, resetWithUsers } from './groups-fixtures';

/** Membership writes through PATCH /Groups/{id} and PUT, in every client's dialect, against the emulator. */
describe('SCIM Groups membership', () => {
  let h: BridgeHarness;
  let users: string[];
  let group: string;
  const sorted = (ids: string[]) => [...ids].sort();

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { PUBLIC_BASE_URL: 'https://scim.example.test' } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    users = resetWithUsers(h, 8);
    group = emulatorGroup(h, { name: 'Engineering' }, [users[0] as string, users[1] as string]);
    h.resetRequests();
  });

  it.each([
    ['SailPoint/Okta: add members with a list', [{ op: 'add', path: 'members', value: [{ value: 'U2' }, { value: 'U3' }] }], [0, 1, 2, 3]],
    ['a bare string member', [{ op: 'add', path: 'members', value: 'U4' }], [0, 1, 4]],
    ['a list of bare strings', [{ op: 'add', path: 'members', value: ['U4', 'U5'] }], [0, 1, 4, 5]],
    ['Entra: Add with a capital letter', [{ op: 'Add', path: 'members', value: [{ value: 'U6' }] }], [0, 1, 6]],
    ['Okta: remove members[value eq "…"]', [{ op: 'remove', path: 'members[value eq "U1"]' }], [0]],
    ['Entra (no flag): Remove with a value array removes THOSE only', [{ op: 'Remove', path: 'members', value: [{ value: 'U0' }] }], [1]],
    ['Entra: or-ed member filter', [{ op: 'remove', path: 'members[value eq "U0" or value eq "U1"]' }], []],
    ['Okta: full replace of members', [{ op: 'replace', path: 'members', value: [{ value: 'U1' }, { value: 'U7' }] }], [1, 7]],
    ['path-less add holding members', [{ op: 'add', value: { members: [{ value: 'U3' }] } }], [0, 1, 3]],
    ['path-less replace holding members', [{ op: 'replace', value: { members: [{ value: 'U3' }] } }], [3]],
    ['remove members without value or filter (RFC 7644 §3.5.2.2)', [{ op: 'remove', path: 'members' }], []],
    ['operations in order: add then remove the same member', [{ op: 'add', path: 'members', value: [{ value: 'U5' }] }, { op: 'remove', path: 'members[value eq "U5"]' }], [0, 1]],
    ['upper-case ids name the same users', [{ op: 'add', path: 'members', value: [{ value: 'U2', upper: true }] }], [0, 1, 2]],
  ])('%s', async (_name, operations, expected) => {
    const resolve = (value: unknown): unknown => {
      if (typeof value === 'string') return value.replace(/U(\d)/g, (_m, n: string) => users[Number(n)] as string);
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === 'object') {
        const { upper, ...rest } = value as Record<string, unknown>;
        const out = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, resolve(v)]));
        if (upper && typeof out.value === 'string') out.value = out.value.toUpperCase();
        return out;
      }
      return value;
    };
    const body = patch(...(operations as Record<string, unknown>[]).map((operation) => resolve(operation) as Record<string, unknown>));
    await h.scim('patch', `/Groups/${group}`).send(body).expect(204);
    expect(await emulatorMembers(h, group)).toEqual(sorted(expected.map((n) => users[n] as string)));
  });

  it('Okta: path-less replace of {id, displayName} renames and leaves members alone', async () => {
    await h.scim('patch', `/Groups/${group}`).send(patch({ op: 'replace', value: { id: group, displayName: 'Platform' } })).expect(204);
    const res = await h.scim('get', `/Groups/${group}`).expect(200);
    expect(res.body.displayName).toBe('Platform');
    expect(sorted(res.body.members.map((m: { value: string }) => m.value))).toEqual(sorted([users[0] as string, users[1] as string]));
    expect(memberOperations(h)).toEqual([]);
  });

  it('PUT with members is a full replacement; PUT without members leaves them alone', async () => {
    await h.scim('put', `/Groups/${group}`).send({ displayName: 'Engineering', members: [{ value: users[2] }] }).expect(200);
    expect(await emulatorMembers(h, group)).toEqual([users[2]]);
    await h.scim('put', `/Groups/${group}`).send({ displayName: 'Eng' }).expect(200);
    expect(await emulatorMembers(h, group)).toEqual([users[2]]);
  });

  it('answers 200 with the resource when the PATCH asks for attributes', async () => {
    const res = await h
      .scim('patch', `/Groups/${group}?attributes=members`)
      .send(patch({ op: 'add', path: 'members', value: [{ value: users[2] }] }))
      .expect(200);
    expect(res.body.id).toBe(group);
    expect(res.body.displayName).toBeUndefined();
    expect(sorted(res.body.members.map((m: { value: string }) => m.value))).toEqual(sorted(users.slice(0, 3)));
    expect(res.headers.etag).toMatch(/^W\/"/);
  });

  describe('request counts', () => {
    it('adding k members costs k member operations and no member-list read', async () => {
      const k = 5;
      await h.scim('patch', `/Groups/${group}`).send(patch({ op: 'add', path: 'members', value: users.slice(2, 2 + k).map((value) => ({ value })) })).expect(204);
      expect(memberOperations(h)).toEqual(users.slice(2, 2 + k).map((id) => ({ op: 'add', type: 'user', id })));
      expect(memberListReads(h)).toBe(0);
    });

    it('removing k members costs k member operations and no member-list read', async () => {
      await h.scim('patch', `/Groups/${group}`).send(patch({ op: 'Remove', path: 'members', value: [{ value: users[0] }, { value: users[1] }] })).expect(204);
      expect(memberOperations(h)).toEqual([users[0], users[1]].map((id) => ({ op: 'remove', type: 'user', id })));
      expect(memberListReads(h)).toBe(0);
    });
  });

  describe('unknown user ids', () => {
    it('are a 400 invalidValue naming them, and nothing is applied', async () => {
      const unknown = 'aaaaaaaaaaaaaaaaaaaaaaaa';
      const res = await h
        .scim('patch', `/Groups/${group}`)
        .send(patch({ op: 'add', path: 'members', value: [{ value: users[3] }, { value: unknown }, { value: 'not-an-id' }] }, { op: 'replace', path: 'displayName', value: 'Renamed' }))
        .expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
      expect(res.body.detail).toContain(unknown);
      expect(res.body.detail).toContain('not-an-id');
      expect(memberOperations(h)).toEqual([]);
      expect(h.jumpcloudRequests().filter((r) => r.method === 'PUT')).toEqual([]);
      expect(h.emulator.ctx.groups.get(group)?.name).toBe('Engineering');
    });

    it('are checked in one batched search per 100 ids, not one call per user', async () => {
      await h.scim('patch', `/Groups/${group}`).send(patch({ op: 'add', path: 'members', value: users.map((value) => ({ value })) })).expect(204);
      const searches = h.jumpcloudRequests().filter((r) => r.path === '/api/search/systemusers');
      expect(searches).toHaveLength(1);
      expect(h.jumpcloudRequests().filter((r) => /^\/api\/systemusers\//.test(r.path))).toEqual([]);
    });
  });

  describe('read-only membership', () => {
    it.each([
      ['All Users', () => allUsersId(h), /All Users.*JumpCloud puts every user in it/],
      ['a dynamic group', () => emulatorGroup(h, { name: 'Auto', membershipMethod: 'DYNAMIC_AUTOMATED' }), /dynamic JumpCloud group \(membershipMethod DYNAMIC_AUTOMATED\)/],
    ])('%s: a membership write is 400 mutability saying why, and nothing is sent', async (_name, idOf, why) => {
      const id = idOf();
      h.resetRequests();
      const res = await h.scim('patch', `/Groups/${id}`).send(patch({ op: 'add', path: 'members', value: [{ value: users[5] }] })).expect(400);
      expect(res.body).toMatchObject({ scimType: 'mutability' });
      expect(res.body.detail).toMatch(why);
      expect(h.jumpcloudRequests().filter((r) => r.method !== 'GET')).toEqual([]);
    });

    it('All Users is listed with its members and cannot be deleted', async () => {
      const res = await h.scim('get', `/Groups/${allUsersId(h)}`).expect(200);
      expect(res.body.displayName).toBe('All Users');
      expect(res.body.members).toHaveLength(users.length);
      const refused = await h.scim('delete', `/Groups/${allUsersId(h)}`).expect(400);
      expect(refused.body.scimType).toBe('mutability');
    });
  });

  describe.each([
    ['conflict', 'not-found'],
    ['no-content', 'no-content'],
  ] as const)('idempotency with duplicateMemberAdd=%s, nonMemberRemove=%s', (duplicateMemberAdd, nonMemberRemove) => {
    let idem: BridgeHarness;
    let people: string[];
    let target: string;
    beforeAll(async () => {
      idem = await startBridgeHarness({ emulatorOptions: { duplicateMemberAdd, nonMemberRemove } });
    });
    afterAll(() => idem.close());
    beforeEach(() => {
      people = resetWithUsers(idem, 3);
      target = emulatorGroup(idem, { name: 'Idem' }, [people[0] as string]);
    });

    it('adding a present member and removing an absent one succeed', async () => {
      await idem
        .scim('patch', `/Groups/${target}`)
        .send(patch({ op: 'add', path: 'members', value: [{ value: people[0] }] }, { op: 'remove', path: `members[value eq "${people[1]}"]` }))
        .expect(204);
      expect(await emulatorMembers(idem, target)).toEqual([people[0]]);
      expect(memberOperations(idem)).toHaveLength(2);
    });

    it('a member operation on a group deleted meanwhile is still 404', async () => {
      // The group vanishes after the bridge read it: JumpCloud answers the member operation 404.
      const api = idem.emulator.ctx.groups as unknown as { remove(id: string, actor: unknown): void };
      const realGet = idem.emulator.ctx.groups.get.bind(idem.emulator.ctx.groups);
      let reads = 0;
      jest.spyOn(idem.emulator.ctx.groups, 'get').mockImplementation((id: string) => {
        const found = realGet(id);
        if (id === target && (reads += 1) === 1) api.remove(target, { authMethod: 'session', initiatedBy: { type: 'admin', id: 'x', email: 'a@example.com' } });
        return found;
      });
      try {
        const res = await idem.scim('patch', `/Groups/${target}`).send(patch({ op: 'remove', path: `members[value eq "${people[0]}"]` })).expect(404);
        expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
      } finally {
        jest.restoreAllMocks();
      }
    });
  });
});
