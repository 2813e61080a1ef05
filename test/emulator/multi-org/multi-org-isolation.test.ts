import request from 'supertest';
import { createMultiOrgEmulator } from '../../../emulator/multi-org/front';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';
const PROVIDER = 'multi-org-provider-key';
const KEY_A = 'multi-org-key-of-a';
const KEY_B = 'multi-org-key-of-b';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Two organisations behind one front; `as` sends with one of the two key styles: the provider key
 * with `x-org-id`, or the organisation's own key without it.
 */
function setup() {
  const front = createMultiOrgEmulator({
    providerKey: PROVIDER,
    organizations: [
      { id: ORG_A, apiKey: KEY_A },
      { id: ORG_B, apiKey: KEY_B },
    ],
  });
  const send = (headers: Record<string, string>, method: Method, path: string, body?: object) => {
    let pending = request(front.app)[method](path);
    for (const [name, value] of Object.entries(headers)) pending = pending.set(name, value);
    return body === undefined ? pending : pending.send(body);
  };
  const viaProvider = (orgId: string) => (method: Method, path: string, body?: object) => send({ 'x-api-key': PROVIDER, 'x-org-id': orgId }, method, path, body);
  const viaOwnKey = (key: string) => (method: Method, path: string, body?: object) => send({ 'x-api-key': key }, method, path, body);
  return { front, send, a: { provider: viaProvider(ORG_A), own: viaOwnKey(KEY_A) }, b: { provider: viaProvider(ORG_B), own: viaOwnKey(KEY_B) } };
}

type Caller = (method: Method, path: string, body?: object) => request.Test;

async function usernames(call: Caller): Promise<string[]> {
  const res = await call('get', '/api/systemusers?limit=100&sort=username');
  expect(res.status).toBe(200);
  return (res.body.results as { username: string }[]).map((user) => user.username);
}

async function createUser(call: Caller, username: string): Promise<string> {
  const res = await call('post', '/api/systemusers', { username, email: `${username}@example.com` });
  expect(res.status).toBe(200);
  return res.body._id as string;
}

describe('multi-organisation emulator: each organisation is its own directory', () => {
  it('keeps users created in one organisation invisible in the other, whichever key style wrote or reads', async () => {
    const { a, b } = setup();
    const annId = await createUser(a.own, 'ann');
    const bobId = await createUser(a.provider, 'bob');
    const carlId = await createUser(b.provider, 'carl');
    await createUser(b.own, 'dora');

    for (const reader of [a.own, a.provider]) expect(await usernames(reader)).toEqual(['ann', 'bob']);
    for (const reader of [b.own, b.provider]) expect(await usernames(reader)).toEqual(['carl', 'dora']);
    for (const [reader, foreignId] of [
      [b.own, annId],
      [b.provider, bobId],
      [a.own, carlId],
    ] as const) {
      expect((await reader('get', `/api/systemusers/${foreignId}`)).status).toBe(404);
      expect((await reader('put', `/api/systemusers/${foreignId}`, { firstname: 'X' })).status).toBe(404);
      expect((await reader('delete', `/api/systemusers/${foreignId}`)).status).toBe(404);
    }
    const search = await b.own('post', '/api/search/systemusers', { filter: [{ username: 'ann' }] });
    expect(search.body).toEqual({ totalCount: 0, results: [] });
    expect((await a.own('get', `/api/systemusers/${annId}`)).body.firstname).toBe('');
  });

  it('lets the same username exist once in each organisation, and prints each org on its own users', async () => {
    const { a, b } = setup();
    await createUser(a.own, 'same');
    const inB = await b.own('post', '/api/systemusers', { username: 'same', email: 'same.b@example.com' });
    expect(inB.status).toBe(200);
    expect(inB.body.organization).toBe(ORG_B);
    expect((await a.provider('get', '/api/systemusers?filter=username:$eq:same')).body.results[0].organization).toBe(ORG_A);
    expect((await b.own('get', '/api/organizations')).body).toMatchObject({ totalCount: 1, results: [{ _id: ORG_B }] });
  });

  it('keeps a user e-mail unique across all organisations, as JumpCloud does, unless told per-organisation', async () => {
    const { a, b } = setup();
    await a.own('post', '/api/systemusers', { username: 'ann', email: 'Ann@Example.com' });
    const sameEmail = await b.own('post', '/api/systemusers', { username: 'ann', email: 'ann@example.com' });
    expect([sameEmail.status, sameEmail.body.message]).toEqual([400, 'User already exists']);
    const bob = await createUser(b.own, 'bob');
    expect((await b.own('put', `/api/systemusers/${bob}`, { email: 'ANN@example.com' })).status).toBe(400);
    // Its own e-mail again is no conflict; once A lets the e-mail go, B may take it.
    expect((await b.own('put', `/api/systemusers/${bob}`, { email: 'bob@example.com' })).status).toBe(200);
    expect((await a.own('post', '/__emulator/reset')).status).toBe(204);
    expect((await b.own('put', `/api/systemusers/${bob}`, { email: 'ann@example.com' })).status).toBe(200);

    const perOrg = createMultiOrgEmulator({ providerKey: PROVIDER, emailUniqueness: 'per-organisation', organizations: [{ id: ORG_A, apiKey: KEY_A }, { id: ORG_B, apiKey: KEY_B }] });
    for (const key of [KEY_A, KEY_B]) {
      expect((await request(perOrg.app).post('/api/systemusers').set('x-api-key', key).send({ username: 'ann', email: 'ann@example.com' })).status).toBe(200);
    }
  });

  it('keeps groups and memberships per organisation', async () => {
    const { a, b } = setup();
    const annId = await createUser(a.own, 'ann');
    const group = await a.provider('post', '/api/v2/usergroups', { name: 'Engineering' });
    expect(group.status).toBe(201);
    expect((await a.own('post', `/api/v2/usergroups/${group.body.id}/members`, { op: 'add', type: 'user', id: annId })).status).toBe(204);
    const inB = await b.provider('get', '/api/v2/usergroups');
    expect((inB.body as { name: string }[]).map((g) => g.name)).toEqual(['All Users']);
    expect((await b.own('get', `/api/v2/usergroups/${group.body.id}/members`)).status).toBe(404);
    // The same name is free in B.
    expect((await b.own('post', '/api/v2/usergroups', { name: 'Engineering' })).status).toBe(201);
  });
});

describe('multi-organisation emulator: keys and x-org-id', () => {
  it('answers the provider key without x-org-id 401, malformed 400, an org it does not serve 404', async () => {
    const { send } = setup();
    const missing = await send({ 'x-api-key': PROVIDER }, 'get', '/api/systemusers');
    expect(missing.status).toBe(401);
    expect(missing.body).toEqual({ error: 'Unauthorized', message: expect.stringContaining('x-org-id') });
    expect((await send({ 'x-api-key': PROVIDER, 'x-org-id': 'nope' }, 'get', '/api/systemusers')).status).toBe(400);
    const unknown = await send({ 'x-api-key': PROVIDER, 'x-org-id': 'ccccccccccccccccccccccc3' }, 'get', '/api/v2/usergroups');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ message: 'Not Found: organization' });
  });

  it('refuses a per-org key on the other organisation, with the answer of an unknown one, and changes nothing there', async () => {
    const { send, b } = setup();
    const otherOrg = await send({ 'x-api-key': KEY_A, 'x-org-id': ORG_B }, 'post', '/api/systemusers', { username: 'intruder', email: 'i@example.com' });
    const unknownOrg = await send({ 'x-api-key': KEY_A, 'x-org-id': 'ccccccccccccccccccccccc3' }, 'post', '/api/systemusers', { username: 'intruder', email: 'i@example.com' });
    expect(otherOrg.status).toBe(404);
    expect([unknownOrg.status, unknownOrg.body]).toEqual([otherOrg.status, otherOrg.body]);
    expect(await usernames(b.own)).toEqual([]);
    // Its own org named explicitly is fine.
    expect((await send({ 'x-api-key': KEY_A, 'x-org-id': ORG_A }, 'get', '/api/systemusers')).status).toBe(200);
  });

  it('answers no key and a wrong key 401, checking the key before the org', async () => {
    const { send } = setup();
    expect((await send({}, 'get', '/api/systemusers')).status).toBe(401);
    expect((await send({ 'x-org-id': ORG_A }, 'post', '/insights/directory/v1/events', {})).status).toBe(401);
    const wrong = await send({ 'x-api-key': 'wrong', 'x-org-id': 'garbage' }, 'get', '/api/systemusers');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: 'Unauthorized', message: 'Invalid API key' });
    expect((await send({ 'x-api-key': KEY_A }, 'get', '/elsewhere')).status).toBe(404);
    // Paths match case-insensitively, as in one emulator: the key is still checked.
    expect((await send({}, 'get', '/API/systemusers')).status).toBe(401);
    expect((await send({ 'x-api-key': KEY_A }, 'get', '/API/systemusers')).status).toBe(200);
  });

  it('serves an organisation without a key of its own through the provider key only', async () => {
    const front = createMultiOrgEmulator({ providerKey: PROVIDER, organizations: [{ id: ORG_A, apiKey: KEY_A }, { id: ORG_B }] });
    expect((await request(front.app).get('/api/systemusers').set('x-api-key', PROVIDER).set('x-org-id', ORG_B)).status).toBe(200);
    expect((await request(front.app).get('/api/systemusers').set('x-api-key', KEY_A).set('x-org-id', ORG_B)).status).toBe(404);
  });

  it('makes up a random provider key when none is given', () => {
    const one = createMultiOrgEmulator({ organizations: [{ id: ORG_A }] }).providerKey;
    const two = createMultiOrgEmulator({ organizations: [{ id: ORG_A }] }).providerKey;
    expect(one).toMatch(/^[0-9a-f]{48}$/);
    expect(one).not.toBe(two);
  });
});

describe('multi-organisation emulator: events, faults, request logs and controls per organisation', () => {
  const eventsQuery = { service: ['directory'], start_time: '2000-01-01T00:00:00Z', sort: 'ASC', limit: 10000 };

  it('reports Directory Insights events of an organisation to that organisation only', async () => {
    const { a, b } = setup();
    await createUser(a.own, 'ann');
    await createUser(b.provider, 'bob');
    const eventsA = await a.provider('post', '/insights/directory/v1/events', eventsQuery);
    const eventsB = await b.own('post', '/insights/directory/v1/events', eventsQuery);
    expect(eventsA.status).toBe(200);
    const created = (events: { event_type: string; resource?: { username?: string }; organization?: string }[]) =>
      events.filter((event) => event.event_type === 'user_create').map((event) => [event.resource?.username, event.organization]);
    expect(created(eventsA.body)).toEqual([['ann', ORG_A]]);
    expect(created(eventsB.body)).toEqual([['bob', ORG_B]]);
  });

  it('faults one organisation (429 on everything) while the other keeps answering 200', async () => {
    const { a, b } = setup();
    const rule = await a.provider('post', '/__emulator/faults', { status: 429, retryAfter: 60 });
    expect(rule.status).toBe(201);
    for (const call of [a.own, a.provider]) {
      const throttled = await call('get', '/api/systemusers');
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('60');
      expect((await call('post', '/api/systemusers', { username: 'x', email: 'x@example.com' })).status).toBe(429);
    }
    for (const call of [b.own, b.provider]) {
      expect((await call('get', '/api/systemusers')).status).toBe(200);
      expect((await call('get', '/api/v2/usergroups')).status).toBe(200);
      expect((await call('post', '/insights/directory/v1/events', eventsQuery)).status).toBe(200);
    }
    expect((await b.own('get', '/__emulator/faults')).body).toEqual([]);
    expect((await a.own('get', '/__emulator/faults')).body).toHaveLength(1);
    // Clearing A's faults brings it back.
    expect((await a.own('delete', '/__emulator/faults')).status).toBe(204);
    expect((await a.own('get', '/api/systemusers')).status).toBe(200);
  });

  it('keeps a request log per organisation, and refused requests in the front\'s unrouted log', async () => {
    const { a, b, send } = setup();
    await a.own('get', '/api/systemusers?limit=1');
    await a.provider('get', '/api/v2/usergroups');
    await b.own('post', '/api/systemusers', { username: 'bob', email: 'bob@example.com' });
    await send({ 'x-api-key': PROVIDER }, 'get', '/api/systemusers?limit=7');
    await send({ 'x-api-key': KEY_A, 'x-org-id': ORG_B }, 'get', '/api/v2/usergroups');

    const logA = (await a.provider('get', '/__emulator/requests')).body as { method: string; path: string; status: number; headers: Record<string, string> }[];
    const logB = (await b.provider('get', '/__emulator/requests')).body as { method: string; path: string; status: number; body: unknown }[];
    expect(logA.map((entry) => [entry.method, entry.path, entry.status, entry.headers['x-org-id']])).toEqual([
      ['GET', '/api/systemusers', 200, undefined],
      ['GET', '/api/v2/usergroups', 200, ORG_A],
    ]);
    expect(logA.every((entry) => entry.headers['x-api-key'] === '[REDACTED]')).toBe(true);
    expect(logB.map((entry) => [entry.method, entry.path, entry.status])).toEqual([['POST', '/api/systemusers', 200]]);
    expect(logB[0]?.body).toEqual({ username: 'bob', email: 'bob@example.com' });

    const unrouted = await send({ 'x-api-key': PROVIDER }, 'get', '/__emulator/front/unrouted');
    expect(unrouted.status).toBe(200);
    expect((unrouted.body as { path: string; status: number; query: unknown; headers: Record<string, string> }[]).map((entry) => [entry.path, entry.status, entry.query, entry.headers['x-api-key']])).toEqual([
      ['/api/systemusers', 401, { limit: '7' }, '[REDACTED]'],
      ['/api/v2/usergroups', 404, {}, '[REDACTED]'],
    ]);
    expect(JSON.stringify(unrouted.body)).not.toContain(KEY_A);
  });

  it('addresses control routes to one organisation: reset, seed, options and console users', async () => {
    const { a, b } = setup();
    await createUser(a.own, 'ann');
    await createUser(b.own, 'bob');
    expect((await a.provider('post', '/__emulator/reset')).status).toBe(204);
    expect(await usernames(a.own)).toEqual([]);
    expect(await usernames(b.own)).toEqual(['bob']);

    expect((await b.provider('post', '/__emulator/seed', { users: [{ username: 'seeded', email: 'seeded@example.com' }] })).body).toEqual({ users: 1, groups: 0 });
    expect(await usernames(b.provider)).toEqual(['bob', 'seeded']);
    expect(await usernames(a.provider)).toEqual([]);

    expect((await a.own('patch', '/__emulator/options', { directoryInsightsEnabled: false })).status).toBe(200);
    expect((await a.own('post', '/insights/directory/v1/events', eventsQuery)).status).toBe(403);
    expect((await b.own('post', '/insights/directory/v1/events', eventsQuery)).status).toBe(200);
    expect((await b.own('get', '/__emulator/options')).body.directoryInsightsEnabled).toBe(true);

    const consoleUser = await a.provider('post', '/__emulator/users/console', { username: 'consoled', email: 'consoled@example.com' });
    expect(consoleUser.status).toBe(200);
    expect(await usernames(b.own)).toEqual(['bob', 'seeded']);
    // The provider key still needs x-org-id on the controls.
    expect((await request(setup().front.app).post('/__emulator/reset').set('x-api-key', PROVIDER)).status).toBe(401);
  });

  it('takes per-organisation options and seeds at start', async () => {
    const front = createMultiOrgEmulator({
      providerKey: PROVIDER,
      organizations: [
        { id: ORG_A, apiKey: KEY_A, options: { defaultUserState: 'STAGED' }, seed: { users: [{ username: 'seeded.a', email: 'seeded.a@example.com' }] } },
        { id: ORG_B, apiKey: KEY_B },
      ],
    });
    const createIn = (key: string, username: string) => request(front.app).post('/api/systemusers').set('x-api-key', key).send({ username, email: `${username}@example.com` });
    expect((await createIn(KEY_A, 'new.a')).body.state).toBe('STAGED');
    expect((await createIn(KEY_B, 'new.b')).body.state).toBe('ACTIVATED');
    expect(front.organizations.get(ORG_A)?.ctx.users.count()).toBe(2);
    expect(front.organizations.get(ORG_B)?.ctx.users.count()).toBe(1);
  });

  it('opens the front controls to the provider key only, and lists organisations without their keys', async () => {
    const { a, send } = setup();
    await createUser(a.own, 'ann');
    expect((await send({ 'x-api-key': KEY_A }, 'get', '/__emulator/front/organizations')).status).toBe(401);
    const listed = await send({ 'x-api-key': PROVIDER }, 'get', '/__emulator/front/organizations');
    expect(listed.body).toEqual([
      { id: ORG_A, ownKey: true, users: 1, groups: 1, requests: 1 },
      { id: ORG_B, ownKey: true, users: 0, groups: 1, requests: 0 },
    ]);
    expect(JSON.stringify(listed.body)).not.toMatch(/multi-org-(key|provider)/);
    expect((await send({ 'x-api-key': PROVIDER }, 'post', '/__emulator/front/reset')).status).toBe(204);
    expect(await usernames(a.own)).toEqual([]);
  });
});
