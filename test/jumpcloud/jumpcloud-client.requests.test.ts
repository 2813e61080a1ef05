import nock from 'nock';
import { JumpCloudClient, JumpCloudError, v1Filter, v2Filter } from '../../src/jumpcloud';
import { captureAll } from './support/capture';
import { fakeRuntime } from './support/fake-runtime';

const CONSOLE = 'https://console.jumpcloud.com';
const INSIGHTS = 'https://api.jumpcloud.com';
const KEY = 'jcapi-test-key-0123456789abcdef';
const USER_ID = '5f0c1b2a3d4e5f6a7b8c9d0e';
const GROUP_ID = '6a1b2c3d4e5f6a7b8c9d0e1f';
const user = { _id: USER_ID, id: USER_ID, username: 'ada', email: 'ada@example.com', employeeIdentifier: null };
const group = { id: GROUP_ID, name: 'Engineering', type: 'user_group', attributes: null };

function client(extra: Partial<ConstructorParameters<typeof JumpCloudClient>[0]> = {}): JumpCloudClient {
  return new JumpCloudClient({ apiKey: KEY, timeoutMs: 2000, runtime: fakeRuntime(), retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...extra });
}

afterEach(() => nock.cleanAll());

describe('headers', () => {
  it('sends x-api-key, JSON content negotiation, and x-org-id only when configured', async () => {
    const seen = captureAll(CONSOLE, [[200, user]], 2);
    await client().users.get(USER_ID);
    await client({ orgId: '0123456789abcdef01234567' }).users.get(USER_ID);
    expect(seen[0]?.headers['x-api-key']).toBe(KEY);
    expect(seen[0]?.headers['accept']).toMatch(/application\/json/);
    expect(seen[0]?.headers['x-org-id']).toBeUndefined();
    expect(seen[1]?.headers['x-org-id']).toBe('0123456789abcdef01234567');
    // Directory Insights records who called: the bridge names itself.
    expect(seen[0]?.headers['user-agent']).toMatch(/^jumpcloud-scim-bridge\/\d+\.\d+\.\d+/);
  });

  it('sends Content-Type application/json with a body', async () => {
    const seen = captureAll(CONSOLE, [[200, user]]);
    await client().users.update(USER_ID, { firstname: 'Ada' });
    expect(seen[0]?.headers['content-type']).toMatch(/^application\/json/);
    expect(seen[0]?.body).toEqual({ firstname: 'Ada' });
  });

  it('does not follow a redirect (a missing key may answer 302 to a login page)', async () => {
    const seen = captureAll(CONSOLE, [[302, '', { location: 'https://console.jumpcloud.com/login' }]], 3);
    const error = await client().users.get(USER_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JumpCloudError);
    expect((error as JumpCloudError).status).toBe(302);
    expect((error as JumpCloudError).isAuthFailure()).toBe(true);
    expect(seen).toHaveLength(1);
  });
});

describe('regions', () => {
  it.each([
    ['eu', 'https://console.eu.jumpcloud.com', 'https://api.eu.jumpcloud.com'],
  ] as const)('%s calls its own console and insights hosts', async (region, consoleHost, apiHost) => {
    const consoleSeen = captureAll(consoleHost, [[200, user]]);
    const apiSeen = captureAll(apiHost, [[200, []]]);
    const c = client({ region });
    await c.users.get(USER_ID);
    await c.events.query({ service: ['directory'], start_time: '2026-01-01T00:00:00Z' });
    expect(consoleSeen[0]?.path).toBe(`/api/systemusers/${USER_ID}`);
    expect(apiSeen[0]?.path).toBe('/insights/directory/v1/events');
  });

  it('a base URL override serves console and insights paths from one origin', async () => {
    const seen = captureAll('http://jc.test:8089', [[200, { totalCount: 0, results: [] }], [200, []]]);
    const c = client({ baseUrl: 'http://jc.test:8089/' });
    await c.users.listPage();
    await c.events.query({ service: ['directory'], start_time: '2026-01-01T00:00:00Z' });
    expect(seen.map((r) => r.path)).toEqual(['/api/systemusers', '/insights/directory/v1/events']);
  });
});

describe('v1 users: request shapes', () => {
  it('get with fields: space separated', async () => {
    const seen = captureAll(CONSOLE, [[200, user]]);
    const got = await client().users.get(USER_ID, { fields: ['username', 'email'] });
    expect(seen[0]?.method).toBe('GET');
    expect(seen[0]?.path).toBe(`/api/systemusers/${USER_ID}?fields=username%20email`);
    expect(got.employeeIdentifier).toBeNull();
  });

  it('listPage: limit, skip, space separated sort and fields, one filter as filter=', async () => {
    const seen = captureAll(CONSOLE, [[200, { totalCount: 42, results: [user] }]]);
    const page = await client().users.listPage({ limit: 100, skip: 200, sort: ['_id', '-username'], fields: ['username', 'email'], filter: [v1Filter('username', '$eq', 'ada')] });
    expect(seen[0]?.path).toBe('/api/systemusers?limit=100&skip=200&sort=_id%20-username&fields=username%20email&filter=username%3A%24eq%3Aada');
    expect(page).toEqual({ totalCount: 42, results: [user] });
  });

  it('listPage: several filters (AND) as filter[0], filter[1]', async () => {
    const seen = captureAll(CONSOLE, [[200, { totalCount: 0, results: [] }]]);
    await client().users.listPage({ filter: [v1Filter('department', '$eq', 'R&D Team'), v1Filter('state', '$ne', 'SUSPENDED')] });
    expect(seen[0]?.path).toBe('/api/systemusers?filter%5B0%5D=department%3A%24eq%3AR%26D%20Team&filter%5B1%5D=state%3A%24ne%3ASUSPENDED');
  });

  it.each([
    [{ limit: 101 }, /limit/],
    [{ limit: 0 }, /limit/],
    [{ skip: -1 }, /skip/],
    [{ sort: ['user name'] }, /sort/],
    [{ filter: ['username:$eq:a:b'] }, /filter/],
    [{ filter: ['username:eq:ada'] }, /filter/],
  ])('listPage refuses %j without sending', async (options, message) => {
    const seen = captureAll(CONSOLE, [[200, { totalCount: 0, results: [] }]]);
    const error = (await client().users.listPage(options).catch((e: unknown) => e)) as JumpCloudError;
    expect(error).toBeInstanceOf(JumpCloudError);
    expect(error.kind).toBe('invalid-request');
    expect(error.message).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it('search: POST /search/systemusers with the body, limit and skip as query', async () => {
    const seen = captureAll(CONSOLE, [[200, { totalCount: 1, results: [user] }]]);
    const body = { filter: { and: [{ email: 'ada@example.com' }] }, fields: 'username email' };
    const page = await client().users.search(body, { limit: 10, skip: 0 });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/search/systemusers?limit=10&skip=0', body });
    expect(page.totalCount).toBe(1);
  });

  it('create: POST /systemusers, answered 200 with the user', async () => {
    const seen = captureAll(CONSOLE, [[200, user]]);
    const created = await client().users.create({ username: 'ada', email: 'ada@example.com', firstname: 'Ada', attributes: [{ name: 'costCode', value: '42' }] });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/api/systemusers', body: { username: 'ada', email: 'ada@example.com', firstname: 'Ada', attributes: [{ name: 'costCode', value: '42' }] } });
    expect(created._id).toBe(USER_ID);
  });

  it.each([
    [{ username: 'ada', email: 'ada@example.com', nickname: 'x' }, /additional/],
    [{ username: 'ada' }, /email/],
    [{ username: 'a da', email: 'ada@example.com' }, /username/],
    [{ username: 'ada', email: 'ada@example.com', attributes: [{ name: 'cost-code', value: '1' }] }, /attributes/],
    [{ username: 'ada', email: 'ada@example.com', state: 'DELETED' }, /state/],
  ])('create refuses an invalid body %j without sending', async (body, message) => {
    const seen = captureAll(CONSOLE, [[200, user]]);
    const error = (await client().users.create(body as never).catch((e: unknown) => e)) as JumpCloudError;
    expect(error.kind).toBe('invalid-request');
    expect(error.message).toMatch(message);
    expect(seen).toHaveLength(0);
  });

  it('update: PUT /systemusers/{id}; STAGED is refused on PUT', async () => {
    const seen = captureAll(CONSOLE, [[200, user]]);
    await client().users.update(USER_ID, { state: 'SUSPENDED', suspended: true });
    expect(seen[0]).toMatchObject({ method: 'PUT', path: `/api/systemusers/${USER_ID}`, body: { state: 'SUSPENDED', suspended: true } });
    const error = (await client().users.update(USER_ID, { state: 'STAGED' as never }).catch((e: unknown) => e)) as JumpCloudError;
    expect(error.kind).toBe('invalid-request');
    expect(seen).toHaveLength(1);
  });

  it('delete: 200 with the deleted user; cascadeManager clear adds cascade_manager=null', async () => {
    const seen = captureAll(CONSOLE, [[200, user]], 2);
    expect((await client().users.delete(USER_ID))?._id).toBe(USER_ID);
    await client().users.delete(USER_ID, { cascadeManager: 'clear' });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /api/systemusers/${USER_ID}`, `DELETE /api/systemusers/${USER_ID}?cascade_manager=null`]);
  });

  it('activate: POST /systemusers/{id}/state/activate with {email}', async () => {
    const seen = captureAll(CONSOLE, [[200, '']]);
    await client().users.activate(USER_ID, { email: false });
    expect(seen[0]).toMatchObject({ method: 'POST', path: `/api/systemusers/${USER_ID}/state/activate`, body: { email: false } });
  });

  it('a path id is URL-encoded, never spliced raw', async () => {
    const seen = captureAll(CONSOLE, [[404, { message: 'Not Found' }]]);
    await client().users.get('../groups?x=1').catch(() => undefined);
    expect(seen[0]?.path).toBe('/api/systemusers/..%2Fgroups%3Fx%3D1');
  });
});

describe('v2 groups and members: request shapes', () => {
  it('listPage: comma separated sort and fields, v2 filter, total from x-total-count', async () => {
    const seen = captureAll(CONSOLE, [[200, [group], { 'x-total-count': '57' }]]);
    const page = await client().groups.listPage({ limit: 2, skip: 4, sort: ['name', '-id'], fields: ['name', 'description'], filter: [v2Filter('name', 'eq', 'Engineering')] });
    expect(seen[0]?.path).toBe('/api/v2/usergroups?limit=2&skip=4&sort=name%2C-id&fields=name%2Cdescription&filter=name%3Aeq%3AEngineering');
    expect(page).toEqual({ items: [group], totalCount: 57 });
  });

  it('listPage: several v2 filters (AND) as repeated filter=, never the v1 filter[0] form', async () => {
    const seen = captureAll(CONSOLE, [[200, [], { 'x-total-count': '0' }]]);
    await client().groups.listPage({ filter: [v2Filter('name', 'search', 'Eng'), v2Filter('membershipMethod', 'eq', 'STATIC')] });
    expect(seen[0]?.path).toBe('/api/v2/usergroups?filter=name%3Asearch%3AEng&filter=membershipMethod%3Aeq%3ASTATIC');
  });

  it('listPage without x-total-count leaves totalCount undefined', async () => {
    captureAll(CONSOLE, [[200, []]]);
    expect(await client().groups.listPage()).toEqual({ items: [], totalCount: undefined });
  });

  it('get, create (201), update (PUT), delete (204)', async () => {
    const seen = captureAll(CONSOLE, [[200, group], [201, group], [200, group], [204]]);
    const c = client();
    expect((await c.groups.get(GROUP_ID)).attributes).toBeNull();
    await c.groups.create({ name: 'Engineering', description: 'builders' });
    await c.groups.update(GROUP_ID, { name: 'Engineering', description: 'makers' });
    await expect(c.groups.delete(GROUP_ID)).resolves.toBeUndefined();
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /api/v2/usergroups/${GROUP_ID}`,
      'POST /api/v2/usergroups',
      `PUT /api/v2/usergroups/${GROUP_ID}`,
      `DELETE /api/v2/usergroups/${GROUP_ID}`,
    ]);
    expect(seen[1]?.body).toEqual({ name: 'Engineering', description: 'builders' });
  });

  it('members add/remove post {op, type:user, id}; a 409 Already Exists add is success', async () => {
    const seen = captureAll(CONSOLE, [[204], [409, { message: 'Already Exists' }], [204]]);
    const c = client();
    expect(await c.members.add(GROUP_ID, USER_ID)).toBe('added');
    expect(await c.members.add(GROUP_ID, USER_ID)).toBe('already-member');
    await c.members.remove(GROUP_ID, USER_ID);
    expect(seen.map((r) => r.body)).toEqual([
      { op: 'add', type: 'user', id: USER_ID },
      { op: 'add', type: 'user', id: USER_ID },
      { op: 'remove', type: 'user', id: USER_ID },
    ]);
    expect(seen.every((r) => r.path === `/api/v2/usergroups/${GROUP_ID}/members`)).toBe(true);
  });

  it('a member id that is not an ObjectId is refused without sending', async () => {
    const seen = captureAll(CONSOLE, [[204]]);
    const error = (await client().members.add(GROUP_ID, 'ada').catch((e: unknown) => e)) as JumpCloudError;
    expect(error.kind).toBe('invalid-request');
    expect(seen).toHaveLength(0);
  });

  it('members list and memberOf: paging and x-total-count', async () => {
    const member = { attributes: null, to: { id: USER_ID, type: 'user', attributes: null } };
    const of = { id: GROUP_ID, type: 'user_group', paths: [[{ attributes: null, to: { id: GROUP_ID, type: 'user_group', attributes: null } }]] };
    const seen = captureAll(CONSOLE, [[200, [member], { 'x-total-count': '1' }], [200, [of], { 'x-total-count': '3' }]]);
    const c = client();
    expect(await c.members.list(GROUP_ID, { limit: 100, skip: 0 })).toEqual({ items: [member], totalCount: 1 });
    expect(await c.members.memberOf(USER_ID, { limit: 50 })).toEqual({ items: [of], totalCount: 3 });
    expect(seen.map((r) => r.path)).toEqual([
      `/api/v2/usergroups/${GROUP_ID}/members?limit=100&skip=0`,
      `/api/v2/users/${USER_ID}/memberof?limit=50&filter=type%3Aeq%3Auser_group`,
    ]);
  });
});

describe('Directory Insights', () => {
  it('query: POST /events; paging headers parsed (X-Search_after as JSON)', async () => {
    const event = { event_type: 'user_create', timestamp: '2026-01-01T00:00:01Z', resource: { type: 'user', id: USER_ID } };
    const seen = captureAll(INSIGHTS, [[200, [event], { 'X-Result-Count': '1', 'X-Limit': '1', 'X-Search_after': '[1767225601000,"abc"]' }]]);
    const body = { service: ['directory' as const], start_time: '2026-01-01T00:00:00Z', limit: 1, sort: 'ASC' as const, search_after: [1767225600000, 'prev'] };
    const page = await client().events.query(body);
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/insights/directory/v1/events', body });
    expect(page).toEqual({ events: [event], resultCount: 1, limit: 1, searchAfter: [1767225601000, 'abc'] });
  });

  it('a query without start_time is refused without sending', async () => {
    const seen = captureAll(INSIGHTS, [[200, []]]);
    const error = (await client().events.query({ service: ['directory'] } as never).catch((e: unknown) => e)) as JumpCloudError;
    expect(error.kind).toBe('invalid-request');
    expect(seen).toHaveLength(0);
  });
});

describe('error parsing', () => {
  it('carries JumpCloud message, status, request id and google.rpc details', async () => {
    captureAll(CONSOLE, [[400, { message: 'rpc error: code = InvalidArgument desc = bad password', details: [{ field: 'password' }] }, { 'x-request-id': 'req-1' }]]);
    const error = (await client().users.update(USER_ID, { password: 'x' }).catch((e: unknown) => e)) as JumpCloudError;
    expect(error).toMatchObject({ kind: 'http', status: 400, requestId: 'req-1', details: [{ field: 'password' }], method: 'PUT', path: `/api/systemusers/${USER_ID}`, attempts: 1 });
    expect(error.rpcCode()).toBe('InvalidArgument');
  });

  it('a 2xx body of the wrong shape is an invalid-response error', async () => {
    captureAll(CONSOLE, [[200, [user]]]);
    const error = (await client().users.listPage().catch((e: unknown) => e)) as JumpCloudError;
    expect(error.kind).toBe('invalid-response');
  });
});
