import request from 'supertest';
import { createEmulator, type Emulator } from '../../../emulator/app';
import type { EmulatorOptions } from '../../../emulator/context';
import { apiKeyActor } from '../../../emulator/default-options';
import { GroupStore } from '../../../emulator/groups/group-store';

const KEY = 'groups-test-key';

function setup(options: Partial<EmulatorOptions> = {}) {
  const emulator: Emulator = createEmulator({ apiKey: KEY, ...options });
  const { app, ctx } = emulator;
  const store = ctx.groups as GroupStore;
  const api = {
    get: (path: string) => request(app).get(`/api/v2${path}`).set('x-api-key', KEY),
    post: (path: string, body: unknown) => request(app).post(`/api/v2${path}`).set('x-api-key', KEY).send(body as object),
    put: (path: string, body: unknown) => request(app).put(`/api/v2${path}`).set('x-api-key', KEY).send(body as object),
    delete: (path: string) => request(app).delete(`/api/v2${path}`).set('x-api-key', KEY),
  };
  const user = (username: string): string =>
    ctx.users.create({ username, email: `${username}@example.com` }, apiKeyActor(ctx.options))._id as string;
  const group = async (body: Record<string, unknown>): Promise<string> => {
    const res = await api.post('/usergroups', body);
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  return { ...emulator, store, api, user, group };
}

describe('v2 /usergroups CRUD', () => {
  it('creates with 201 and the full UserGroup shape (attributes null when unset)', async () => {
    const { api, store } = setup();
    const res = await api.post('/usergroups', { name: 'Engineering', description: 'eng' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      attributes: null,
      description: 'eng',
      email: '',
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      // memberQuery is left out when unset (the spec does not allow null there).
      memberQueryExemptions: [],
      memberSuggestionsNotify: false,
      membershipMethod: 'STATIC',
      name: 'Engineering',
      suggestionCounts: { add: 0, remove: 0, total: 0 },
      type: 'user_group',
    });
    expect(res.body).not.toHaveProperty('memberQuery');
    expect(res.body.id).not.toBe(store.allUsersId);
    const got = await api.get(`/usergroups/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it.each([
    [{}, 'missing name'],
    [{ name: '' }, 'empty name'],
    [{ name: 42 }, 'name not a string'],
    [{ name: 'x', membershipMethod: 'MAGIC' }, 'unknown membershipMethod'],
    [{ name: 'x', attributes: 'sudo' }, 'attributes not an object'],
    [{ name: 'x', description: 5 }, 'description not a string'],
  ])('POST %j is a 400 (%s)', async (body, _why) => {
    const { api } = setup();
    const res = await api.post('/usergroups', body);
    expect(res.status).toBe(400);
    expect(typeof res.body.message).toBe('string');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { app } = setup();
    const res = await request(app).post('/api/v2/usergroups').set('x-api-key', KEY).set('content-type', 'application/json').send('{"name":');
    expect(res.status).toBe(400);
  });

  it('refuses a duplicate name with 409 Already Exists, or allows it per option', async () => {
    const strict = setup();
    await strict.group({ name: 'Sales' });
    const dup = await strict.api.post('/usergroups', { name: 'Sales' });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ message: 'Already Exists' });
    expect((await strict.api.post('/usergroups', { name: 'All Users' })).status).toBe(409);

    const lax = setup({ duplicateGroupName: 'allow' });
    await lax.group({ name: 'Sales' });
    expect((await lax.api.post('/usergroups', { name: 'Sales' })).status).toBe(201);
  });

  it('PUT replaces the whole group (omitted fields reset), 200', async () => {
    const { api, group } = setup();
    const id = await group({ name: 'Ops', description: 'old', email: 'ops@example.com', attributes: { sudo: { enabled: true, withoutPassword: false } } });
    const res = await api.put(`/usergroups/${id}`, { name: 'Operations' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, name: 'Operations', description: '', email: '', attributes: null });
    expect((await api.put(`/usergroups/${id}`, { description: 'no name' })).status).toBe(400);
  });

  it('PUT to a name another group holds is a 409; to its own name is fine', async () => {
    const { api, group } = setup();
    const a = await group({ name: 'A' });
    await group({ name: 'B' });
    expect((await api.put(`/usergroups/${a}`, { name: 'B' })).status).toBe(409);
    expect((await api.put(`/usergroups/${a}`, { name: 'A', description: 'same name' })).status).toBe(200);
  });

  it('DELETE answers 204 and the group is gone', async () => {
    const { api, group } = setup();
    const id = await group({ name: 'Temp' });
    const res = await api.delete(`/usergroups/${id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await api.get(`/usergroups/${id}`)).status).toBe(404);
    // The name is free again.
    expect((await api.post('/usergroups', { name: 'Temp' })).status).toBe(201);
  });

  it.each(['get', 'put', 'delete'] as const)('%s of an unknown id is a 404 {"message":"Not Found"}', async (method) => {
    const { api } = setup();
    const path = '/usergroups/5f0000000000000000000000';
    const res = method === 'put' ? await api.put(path, { name: 'x' }) : await api[method](path);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not Found' });
  });
});

describe('v2 /usergroups list', () => {
  async function fixture() {
    const ctx = setup();
    await ctx.group({ name: 'Bravo', description: 'b' });
    await ctx.group({ name: 'alpha', description: 'a' });
    await ctx.group({ name: 'Charlie', membershipMethod: 'DYNAMIC_AUTOMATED', memberQuery: { queryType: 'FilterQuery' } });
    await ctx.group({ name: 'Delta', attributes: { sudo: { enabled: true, withoutPassword: true } } });
    return ctx;
  }

  it('answers a bare array with the total in x-total-count, default limit 10', async () => {
    const { api } = await fixture();
    const res = await api.get('/usergroups');
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.headers['x-total-count']).toBe('5');
    expect(res.body.map((g: { name: string }) => g.name)).toEqual(['All Users', 'Bravo', 'alpha', 'Charlie', 'Delta']);
  });

  it('pages with limit and skip; x-total-count counts all matches', async () => {
    const { api } = await fixture();
    const res = await api.get('/usergroups?limit=2&skip=2');
    expect(res.body.map((g: { name: string }) => g.name)).toEqual(['alpha', 'Charlie']);
    expect(res.headers['x-total-count']).toBe('5');
    const past = await api.get('/usergroups?skip=50');
    expect(past.status).toBe(200);
    expect(past.body).toEqual([]);
  });

  it.each([
    ['limit=101', 'Bad Request: request parameter "limit" exceeds maximum value of 100'],
    ['limit=-1', undefined],
    ['limit=abc', undefined],
    ['skip=-5', undefined],
    ['filter=name:$eq:Bravo', undefined],
  ])('%s is a 400', async (query, message) => {
    const { api } = await fixture();
    const res = await api.get(`/usergroups?${query}`);
    expect(res.status).toBe(400);
    if (message) expect(res.body).toEqual({ message });
  });

  it('accepts limit=100', async () => {
    const { api } = await fixture();
    expect((await api.get('/usergroups?limit=100')).status).toBe(200);
  });

  it.each([
    ['filter=name:eq:Bravo', ['Bravo']],
    ['filter=name:search:A', ['All Users', 'Bravo', 'alpha', 'Charlie', 'Delta']],
    ['filter=name:in:Bravo|Delta', ['Bravo', 'Delta']],
    ['filter=membershipMethod:eq:DYNAMIC_AUTOMATED', ['Charlie']],
    ['filter=attributes.sudo.enabled:eq:true', ['Delta']],
    ['filter=name:ne:Bravo&filter=name:search:l', ['All Users', 'alpha', 'Charlie', 'Delta']],
    ['filter=' + encodeURIComponent('name:eq:All Users'), ['All Users']],
  ])('%s', async (query, names) => {
    const { api } = await fixture();
    const res = await api.get(`/usergroups?${query}`);
    expect(res.status).toBe(200);
    expect(res.body.map((g: { name: string }) => g.name)).toEqual(names);
    expect(res.headers['x-total-count']).toBe(String(names.length));
  });

  it('sorts by comma-separated fields, -field descending', async () => {
    const { api } = await fixture();
    const byName = await api.get('/usergroups?sort=-name');
    expect(byName.body.map((g: { name: string }) => g.name)).toEqual(['alpha', 'Delta', 'Charlie', 'Bravo', 'All Users']);
    const twoKeys = await api.get('/usergroups?sort=membershipMethod,-name');
    expect(twoKeys.body.map((g: { name: string }) => g.name)).toEqual(['Charlie', 'alpha', 'Delta', 'Bravo', 'All Users']);
  });

  it('projects comma-separated fields (id always kept)', async () => {
    const { api } = await fixture();
    const res = await api.get('/usergroups?fields=name,description&filter=name:eq:Bravo');
    expect(res.body).toEqual([{ id: expect.any(String), name: 'Bravo', description: 'b' }]);
  });
});

describe('All Users', () => {
  it('exists with a fixed id, lists every user as members, and is never stored per user', async () => {
    const { api, store, user } = setup();
    const ids = [user('ann'), user('bob'), user('cid')];
    const res = await api.get(`/usergroups/${store.allUsersId}`);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('All Users');
    const members = await api.get(`/usergroups/${store.allUsersId}/members?limit=2&skip=1`);
    expect(members.headers['x-total-count']).toBe('3');
    expect(members.body.map((m: { to: { id: string } }) => m.to.id)).toEqual(ids.slice(1));
    const membership = await api.get(`/usergroups/${store.allUsersId}/membership`);
    expect(membership.body.map((m: { id: string }) => m.id)).toEqual(ids);
    const later = user('dan');
    expect((await api.get(`/usergroups/${store.allUsersId}/members`)).headers['x-total-count']).toBe('4');
    expect(store.groupsOfUser(later)).toEqual([store.allUsersId]);
  });

  it('cannot be deleted, renamed, or have members written (400); keeping its name is fine', async () => {
    const { api, store, user } = setup();
    const ann = user('ann');
    expect((await api.delete(`/usergroups/${store.allUsersId}`)).status).toBe(400);
    expect((await api.put(`/usergroups/${store.allUsersId}`, { name: 'Everyone' })).status).toBe(400);
    expect((await api.put(`/usergroups/${store.allUsersId}`, { name: 'All Users', description: 'd' })).status).toBe(200);
    const add = await api.post(`/usergroups/${store.allUsersId}/members`, { op: 'remove', type: 'user', id: ann });
    expect(add.status).toBe(400);
    expect(add.body.message).toMatch(/All Users/);
    expect((await api.get(`/usergroups/${store.allUsersId}`)).body.name).toBe('All Users');
  });

  it('survives a reset with the same id', async () => {
    const { ctx, store, group } = setup();
    await group({ name: 'Gone' });
    ctx.reset();
    expect(store.count()).toBe(1);
    expect(store.get(store.allUsersId)?.name).toBe('All Users');
  });
});

describe('members', () => {
  it('adds with 204, lists GraphConnections with attributes null, removes with 204', async () => {
    const { api, group, user } = setup();
    const gid = await group({ name: 'G' });
    const [a, b] = [user('ann'), user('bob')];
    for (const id of [b, a]) {
      const res = await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
    }
    const list = await api.get(`/usergroups/${gid}/members`);
    expect(list.status).toBe(200);
    expect(list.headers['x-total-count']).toBe('2');
    expect(list.body).toEqual([
      { attributes: null, to: { attributes: null, id: b, type: 'user' } },
      { attributes: null, to: { attributes: null, id: a, type: 'user' } },
    ]);
    expect((await api.post(`/usergroups/${gid}/members`, { op: 'remove', type: 'user', id: b })).status).toBe(204);
    expect((await api.get(`/usergroups/${gid}/members`)).body.map((m: { to: { id: string } }) => m.to.id)).toEqual([a]);
  });

  it('a duplicate add is 409 Already Exists by default, 204 with duplicateMemberAdd no-content', async () => {
    for (const [option, status] of [['conflict', 409], ['no-content', 204]] as const) {
      const { api, group, user } = setup({ duplicateMemberAdd: option });
      const gid = await group({ name: 'G' });
      const a = user('ann');
      await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id: a });
      const dup = await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id: a });
      expect(dup.status).toBe(status);
      if (status === 409) expect(dup.body).toEqual({ message: 'Already Exists' });
      expect((await api.get(`/usergroups/${gid}/members`)).headers['x-total-count']).toBe('1');
    }
  });

  it('removing a non-member is 404 by default, 204 with nonMemberRemove no-content', async () => {
    for (const [option, status] of [[undefined, 404], ['no-content', 204]] as const) {
      const { api, group, user } = setup(option ? { nonMemberRemove: option } : {});
      const gid = await group({ name: 'G' });
      const res = await api.post(`/usergroups/${gid}/members`, { op: 'remove', type: 'user', id: user('ann') });
      expect(res.status).toBe(status);
    }
  });

  it('an unknown user or group is a 404', async () => {
    const { api, group, user } = setup();
    const gid = await group({ name: 'G' });
    const missingUser = await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id: '5f0000000000000000000000' });
    expect(missingUser.status).toBe(404);
    expect(missingUser.body).toEqual({ message: 'Not Found' });
    const missingGroup = await api.post('/usergroups/5f0000000000000000000000/members', { op: 'add', type: 'user', id: user('ann') });
    expect(missingGroup.status).toBe(404);
    expect((await api.get('/usergroups/5f0000000000000000000000/members')).status).toBe(404);
    expect((await api.get('/usergroups/5f0000000000000000000000/membership')).status).toBe(404);
  });

  it.each([
    [{ op: 'update', type: 'user', id: 'x' }],
    [{ op: 'add', type: 'system', id: 'x' }],
    [{ op: 'add', type: 'user' }],
    [{ op: 'add', type: 'user', id: 7 }],
    [[{ op: 'add', type: 'user', id: 'x' }]],
  ])('a bad body %j is a 400', async (body) => {
    const { api, group } = setup();
    const gid = await group({ name: 'G' });
    expect((await api.post(`/usergroups/${gid}/members`, body)).status).toBe(400);
  });

  it('rejects limit over 100 on members and membership', async () => {
    const { api, group } = setup();
    const gid = await group({ name: 'G' });
    expect((await api.get(`/usergroups/${gid}/members?limit=101`)).status).toBe(400);
    expect((await api.get(`/usergroups/${gid}/membership?limit=101`)).status).toBe(400);
  });

  it('dynamic groups accept member writes and recompute them away', async () => {
    const { api, group, user } = setup();
    const gid = await group({ name: 'Dyn', membershipMethod: 'DYNAMIC_AUTOMATED' });
    const a = user('ann');
    expect((await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id: a })).status).toBe(204);
    expect((await api.get(`/usergroups/${gid}/members`)).body).toEqual([]);
    expect((await api.post(`/usergroups/${gid}/members`, { op: 'remove', type: 'user', id: a })).status).toBe(204);
  });

  it('membership lists effective members as GraphObjectWithPaths, paged, with type filters', async () => {
    const { api, group, user } = setup();
    const gid = await group({ name: 'G' });
    const ids = ['ann', 'bob', 'cid'].map(user);
    for (const id of ids) await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id });
    const res = await api.get(`/usergroups/${gid}/membership?limit=2&skip=1`);
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.body).toEqual(
      ids.slice(1).map((id) => ({ id, type: 'user', paths: [[{ attributes: null, to: { attributes: null, id, type: 'user' } }]] })),
    );
    const users = await api.get(`/usergroups/${gid}/membership?filter=type:eq:user`);
    expect(users.headers['x-total-count']).toBe('3');
    const none = await api.get(`/usergroups/${gid}/membership?filter=type:eq:user_group`);
    expect(none.body).toEqual([]);
    expect(none.headers['x-total-count']).toBe('0');
    const one = await api.get(`/usergroups/${gid}/membership?filter=object_id:eq:${ids[1]}`);
    expect(one.body.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
  });

  it('a deleted user leaves every group', async () => {
    const { app, api, group, user, store } = setup();
    const [g1, g2] = [await group({ name: 'G1' }), await group({ name: 'G2' })];
    const [a, b] = [user('ann'), user('bob')];
    for (const gid of [g1, g2]) for (const id of [a, b]) await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id });
    const del = await request(app).delete(`/api/systemusers/${a}`).set('x-api-key', KEY);
    expect(del.status).toBe(200);
    for (const gid of [g1, g2]) {
      const res = await api.get(`/usergroups/${gid}/members`);
      expect(res.body.map((m: { to: { id: string } }) => m.to.id)).toEqual([b]);
    }
    expect(store.groupsOfUser(a)).toEqual([]);
  });

  it('a deleted group leaves its members memberof', async () => {
    const { api, group, user } = setup();
    const gid = await group({ name: 'G' });
    const a = user('ann');
    await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id: a });
    await api.delete(`/usergroups/${gid}`);
    const res = await api.get(`/users/${a}/memberof`);
    expect(res.body).toHaveLength(1);
  });

  it('pages the last window of a 100,000-member group without iterating from the start', async () => {
    const { api, group, store, ctx } = setup();
    const gid = await group({ name: 'Huge' });
    ctx.seed({ generate: { users: 100_000 } });
    const actor = apiKeyActor(ctx.options);
    const all = store.memberWindow(store.allUsersId, 0, 100_000);
    for (const id of all) store.addMember(gid, id, actor);
    const res = await api.get(`/usergroups/${gid}/members?limit=100&skip=99950`);
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('100000');
    expect(res.body).toHaveLength(50);
    expect(res.body[49].to.id).toBe(all[99_999]);
    // The window touched the tree's 17 levels and the 50 members it returned, not 99,950 slots.
    expect(store.lastWindowCost).toBeLessThan(100);
    const membership = await api.get(`/usergroups/${gid}/membership?limit=100&skip=99999`);
    expect(membership.body.map((m: { id: string }) => m.id)).toEqual([all[99_999]]);
    expect(store.lastWindowCost).toBeLessThan(100);
  }, 60_000);
});

describe('/users/{id}/memberof', () => {
  it('lists the user groups of a user, All Users first, as GraphObjectWithPaths', async () => {
    const { api, group, user, store } = setup();
    const a = user('ann');
    const g1 = await group({ name: 'G1' });
    const g2 = await group({ name: 'G2' });
    await group({ name: 'G3' });
    for (const gid of [g2, g1]) await api.post(`/usergroups/${gid}/members`, { op: 'add', type: 'user', id: a });
    const res = await api.get(`/users/${a}/memberof?filter=type:eq:user_group`);
    expect(res.status).toBe(200);
    expect(res.headers['x-total-count']).toBe('3');
    expect(res.body).toEqual(
      [store.allUsersId, g1, g2].map((id) => ({
        id,
        type: 'user_group',
        paths: [[{ attributes: null, to: { attributes: null, id, type: 'user_group' } }]],
      })),
    );
    const page = await api.get(`/users/${a}/memberof?limit=1&skip=2`);
    expect(page.body.map((m: { id: string }) => m.id)).toEqual([g2]);
    expect((await api.get(`/users/${a}/memberof?filter=type:eq:user`)).body).toEqual([]);
  });

  it('is a 404 for an unknown user', async () => {
    const { api } = setup();
    const res = await api.get('/users/5f0000000000000000000000/memberof');
    expect(res.status).toBe(404);
  });
});
