import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { allUsersId, emulatorGroup, ERROR, GROUP, LIST, memberListReads, patch, resetWithUsers } from './groups-fixtures';

/** /Groups create, read, list, replace, delete, ETags and filters through HTTP against the emulator. */
describe('SCIM Groups resource', () => {
  let h: BridgeHarness;
  let users: string[];

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { PUBLIC_BASE_URL: 'https://scim.example.test' } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    users = resetWithUsers(h, 4);
    h.resetRequests();
  });

  it('POST creates the group and its members: 201, Location, ETag, externalId kept in the description marker', async () => {
    const res = await h
      .scim('post', '/Groups')
      .send({ schemas: [GROUP], displayName: 'Sales', externalId: 'okta-00g1', members: [{ value: users[0] }, users[1]] })
      .expect(201);
    expect(res.body).toMatchObject({ schemas: [GROUP], displayName: 'Sales', externalId: 'okta-00g1', meta: { resourceType: 'Group' } });
    expect(res.headers.location).toBe(`https://scim.example.test/scim/v2/Groups/${res.body.id}`);
    expect(res.headers.etag).toBe(res.body.meta.version);
    expect(res.body.members).toEqual([
      { value: users[0], display: 'Generated User 000001', $ref: `https://scim.example.test/scim/v2/Users/${users[0]}`, type: 'User' },
      { value: users[1], display: 'Generated User 000002', $ref: `https://scim.example.test/scim/v2/Users/${users[1]}`, type: 'User' },
    ]);
    // meta.created is JumpCloud's own: the ObjectId's timestamp (second precision).
    expect(res.body.meta.created).toBe(new Date(parseInt(String(res.body.id).slice(0, 8), 16) * 1000).toISOString());
    expect(h.emulator.ctx.groups.get(res.body.id)?.description).toBe('[scim:externalId="okta-00g1"]');
  });

  it('POST with an unknown member creates nothing', async () => {
    const res = await h.scim('post', '/Groups').send({ displayName: 'Ghosts', members: [{ value: 'bbbbbbbbbbbbbbbbbbbbbbbb' }] }).expect(400);
    expect(res.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidValue' });
    expect(h.jumpcloudRequests().filter((r) => r.method === 'POST' && r.path === '/api/v2/usergroups')).toEqual([]);
  });

  it('POST of an existing name is 409 uniqueness', async () => {
    emulatorGroup(h, { name: 'Dup' });
    const res = await h.scim('post', '/Groups').send({ displayName: 'Dup' }).expect(409);
    expect(res.body.scimType).toBe('uniqueness');
  });

  it("setting externalId keeps an admin's description; removing it restores the description", async () => {
    const id = emulatorGroup(h, { name: 'Finance', description: 'Owned by the CFO office' });
    await h.scim('patch', `/Groups/${id}`).send(patch({ op: 'add', path: 'externalId', value: 'ent-"7"' })).expect(204);
    expect(h.emulator.ctx.groups.get(id)?.description).toBe('Owned by the CFO office\n[scim:externalId="ent-\\"7\\""]');
    expect((await h.scim('get', `/Groups/${id}`).expect(200)).body.externalId).toBe('ent-"7"');
    await h.scim('patch', `/Groups/${id}`).send(patch({ op: 'remove', path: 'externalId' })).expect(204);
    expect(h.emulator.ctx.groups.get(id)?.description).toBe('Owned by the CFO office');
  });

  it('GET one: excludedAttributes=members reads no member; If-None-Match answers 304', async () => {
    const id = emulatorGroup(h, { name: 'Ops' }, users);
    const res = await h.scim('get', `/Groups/${id}?excludedAttributes=members`).expect(200);
    expect(res.body.members).toBeUndefined();
    expect(memberListReads(h)).toBe(0);
    await h.scim('get', `/Groups/${id}`).set('If-None-Match', res.headers.etag as string).expect(304);
  });

  it('a membership change moves the ETag; a stale If-Match is 412 and changes nothing', async () => {
    const id = emulatorGroup(h, { name: 'Ops' }, [users[0] as string]);
    const before = (await h.scim('get', `/Groups/${id}`).expect(200)).headers.etag as string;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await h.scim('patch', `/Groups/${id}`).set('If-Match', before).send(patch({ op: 'add', path: 'members', value: [{ value: users[1] }] })).expect(204);
    const after = (await h.scim('get', `/Groups/${id}`).expect(200)).headers.etag as string;
    expect(after).not.toBe(before);
    h.resetRequests();
    await h.scim('patch', `/Groups/${id}`).set('If-Match', before).send(patch({ op: 'add', path: 'members', value: [{ value: users[2] }] })).expect(412);
    expect(h.jumpcloudRequests().filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('an unknown or malformed id is 404', async () => {
    await h.scim('get', '/Groups/cccccccccccccccccccccccc').expect(404);
    await h.scim('get', '/Groups/NOT-AN-ID').expect(404);
    await h.scim('patch', '/Groups/cccccccccccccccccccccccc').send(patch({ op: 'add', path: 'members', value: [{ value: users[0] }] })).expect(404);
  });

  it('PUT renames; DELETE removes; a dynamic group cannot be renamed (its rules would be lost)', async () => {
    const id = emulatorGroup(h, { name: 'Old' });
    const res = await h.scim('put', `/Groups/${id}`).send({ displayName: 'New', externalId: 'x-1' }).expect(200);
    expect(res.body).toMatchObject({ displayName: 'New', externalId: 'x-1' });
    await h.scim('delete', `/Groups/${id}`).expect(204);
    expect(h.emulator.ctx.groups.has(id)).toBe(false);
    const dynamic = emulatorGroup(h, { name: 'Dyn', membershipMethod: 'DYNAMIC_AUTOMATED' });
    const refused = await h.scim('patch', `/Groups/${dynamic}`).send(patch({ op: 'replace', path: 'displayName', value: 'Other' })).expect(400);
    expect(refused.body.scimType).toBe('mutability');
  });

  describe('list and filters', () => {
    let sales: string;
    let salesOps: string;
    beforeEach(() => {
      sales = emulatorGroup(h, { name: 'Sales' }, [users[0] as string]);
      salesOps = emulatorGroup(h, { name: 'sales ops' }, [users[0] as string, users[1] as string]);
      emulatorGroup(h, { name: 'Engineering' }, [users[1] as string]);
      h.resetRequests();
    });

    it('lists every group (All Users included) as a ListResponse', async () => {
      const res = await h.scim('get', '/Groups?excludedAttributes=members').expect(200);
      expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 4, startIndex: 1, itemsPerPage: 4 });
      expect(res.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(['All Users', 'Sales', 'sales ops', 'Engineering']);
    });

    it('Entra: displayName eq is one name:search request (a superset) re-checked exactly', async () => {
      const res = await h.scim('get', '/Groups?filter=displayName eq "Sales"&excludedAttributes=members').expect(200);
      // "sales ops" also contains "sales": JumpCloud's search returns it, the bridge drops it.
      expect(res.body.Resources.map((g: { id: string }) => g.id)).toEqual([sales]);
      expect(h.jumpcloudRequests().map((r) => r.query.filter)).toEqual(['name:search:Sales']);
    });

    it('displayName eq is case-insensitive (SCIM caseExact false), still in one request', async () => {
      const res = await h.scim('get', '/Groups?filter=displayName eq "SALES OPS"&excludedAttributes=members').expect(200);
      expect(res.body.Resources.map((g: { id: string }) => g.id)).toEqual([salesOps]);
      expect(h.jumpcloudRequests()).toHaveLength(1);
    });

    it('members[value eq] is pushed down to the user\'s memberof', async () => {
      const res = await h.scim('get', `/Groups?filter=members[value eq "${users[0]}"]&excludedAttributes=members`).expect(200);
      expect(res.body.Resources.map((g: { id: string }) => g.id).sort()).toEqual([allUsersId(h), sales, salesOps].sort());
      expect(h.jumpcloudRequests().some((r) => r.path === `/api/v2/users/${users[0]}/memberof`)).toBe(true);
      expect(memberListReads(h)).toBe(0);
      expect(h.jumpcloudRequests().filter((r) => r.path === '/api/v2/usergroups')).toEqual([]);
    });

    it('members.value eq combined with displayName sw, sorted, paged', async () => {
      const res = await h.scim('get', `/Groups?filter=members.value eq "${users[1]}" and displayName sw "s"&sortBy=displayName&attributes=displayName`).expect(200);
      expect(res.body).toMatchObject({ totalResults: 1, Resources: [{ id: salesOps, displayName: 'sales ops' }] });
    });

    it.each<[string, string, number, number | undefined]>([
      ['a filtered page from beyond 2^53 is empty (RFC 7644 §3.4.2.4)', 'filter=displayName sw "s"&startIndex=99999999999999999999&count=2', 200, 2],
      ['a sorted page from beyond 2^53 is past the sort window', 'sortBy=displayName&startIndex=99999999999999999999&count=2', 400, undefined],
      ['a sorted page ending one past the sort window', 'sortBy=displayName&startIndex=10000&count=2', 400, undefined],
      ['a sorted page ending at the sort window is empty', 'sortBy=displayName&startIndex=9999&count=2', 200, 4],
    ])('%s', async (_name, query, status, totalResults) => {
      const res = await h.scim('get', `/Groups?${query}&excludedAttributes=members`).expect(status);
      if (status === 400) {
        expect(res.body).toMatchObject({ status: '400', scimType: 'invalidValue', detail: expect.stringMatching(/^With 'sortBy' this service sorts at most the first 10000 results/) });
        return;
      }
      expect(res.body).toMatchObject({ totalResults, itemsPerPage: 0 });
      expect(res.body.Resources ?? []).toEqual([]);
    });

    it('other filters on members are a 400 invalidFilter', async () => {
      const res = await h.scim('get', '/Groups?filter=members.display eq "x"').expect(400);
      expect(res.body.scimType).toBe('invalidFilter');
    });

    it('lists members of each group when not excluded', async () => {
      const res = await h.scim('get', '/Groups?filter=displayName eq "sales ops"').expect(200);
      expect(res.body.Resources[0].members.map((m: { value: string }) => m.value)).toEqual([users[0], users[1]]);
    });
  });
});
