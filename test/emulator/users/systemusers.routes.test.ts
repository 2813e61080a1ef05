import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import type { EmulatorOptions, ObjectMutation } from '../../../emulator/context';

const KEY = 'test-key-users';

function setup(options: Partial<EmulatorOptions> = {}) {
  const { app, ctx } = createEmulator({ apiKey: KEY, adminId: 'a'.repeat(24), adminEmail: 'root@example.com', ...options });
  const published: ObjectMutation[] = [];
  ctx.bus.subscribe((mutation) => {
    if (mutation.eventType !== 'association_change') published.push(mutation);
  });
  const call = {
    get: (path: string) => request(app).get(path).set('x-api-key', KEY),
    post: (path: string, body?: object) => request(app).post(path).set('x-api-key', KEY).send(body),
    put: (path: string, body: object) => request(app).put(path).set('x-api-key', KEY).send(body),
    delete: (path: string) => request(app).delete(path).set('x-api-key', KEY),
  };
  const create = async (body: object) => {
    const res = await call.post('/api/systemusers', body);
    expect(res.status).toBe(200);
    return res.body as Record<string, unknown> & { _id: string };
  };
  return { app, ctx, call, create, published };
}

const person = (name: string, extra: object = {}) => ({ username: name, email: `${name}@example.com`, ...extra });

describe('POST /api/systemusers', () => {
  it('answers 200 with every default filled in and no password', async () => {
    const { create, ctx } = setup();
    const user = await create(person('jdoe', { firstname: 'John' }));
    expect(user._id).toMatch(/^[0-9a-f]{24}$/);
    expect(user.id).toBe(user._id);
    expect(user.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(user.organization).toMatch(/^[0-9a-f]{24}$/);
    expect(user).not.toHaveProperty('password');
    expect(user).toMatchObject({
      username: 'jdoe',
      email: 'jdoe@example.com',
      firstname: 'John',
      lastname: '',
      middlename: '',
      displayname: '',
      alternateEmail: '',
      jobTitle: '',
      department: '',
      costCenter: '',
      company: '',
      employeeType: '',
      location: '',
      description: '',
      manager: '',
      external_dn: '',
      external_source_type: '',
      employeeIdentifier: null,
      addresses: [],
      phoneNumbers: [],
      attributes: [],
      restrictedFields: [],
      account_locked: false,
      password_never_expires: false,
      suspended: false,
      state: 'ACTIVATED',
      activated: false,
    });
    expect(ctx.users.get(user._id)).toEqual(user);
  });

  it('marks a user created with a password activated, and gives addresses and phones ids', async () => {
    const { create } = setup();
    const user = await create(person('pw', { password: 'Secret-1!', addresses: [{ type: 'work', locality: 'Paris' }], phoneNumbers: [{ type: 'work', number: '1' }] }));
    expect(user.activated).toBe(true);
    expect(user).not.toHaveProperty('password');
    const [address] = user.addresses as { id: string }[];
    expect(address).toEqual({ type: 'work', locality: 'Paris', id: expect.stringMatching(/^[0-9a-f]{24}$/), _id: address?.id });
    expect((user.phoneNumbers as { id: string }[])[0]?.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it.each([
    ['body state', {}, { state: 'STAGED' }, 'STAGED', false],
    ['body SUSPENDED', {}, { state: 'SUSPENDED' }, 'SUSPENDED', true],
    ['suspended:true', {}, { suspended: true }, 'SUSPENDED', true],
    ['the org default', { defaultUserState: 'STAGED' as const }, {}, 'STAGED', false],
  ])('takes the state from %s', async (_name, options, body, state, suspended) => {
    const { create } = setup(options);
    expect(await create(person('s', body))).toMatchObject({ state, suspended });
  });

  it.each([
    ['no username', { email: 'a@example.com' }, 'username is required'],
    ['no email', { username: 'abc' }, 'email is required'],
    ['a space', { username: 'john doe', email: 'jd@example.com' }, 'must not contain spaces'],
    ['an @', { username: 'j@doe', email: 'j@example.com' }, "must not contain '@'"],
    ['a leading digit', person('1abc'), 'must start with a letter'],
    ['a bad character', person('ab$c'), 'only letters, digits'],
    ['31 characters', person('a'.repeat(31)), 'at most 30 characters'],
    ['a bad e-mail', { username: 'abc', email: 'abc' }, 'valid e-mail'],
    ['a bad attribute name', person('abc', { attributes: [{ name: 'bad name', value: 'x' }] }), 'only letters and digits'],
    ['an unknown manager', person('abc', { manager: 'b'.repeat(24) }), 'manager must be the id of an existing user'],
    ['a state contradiction', person('abc', { state: 'ACTIVATED', suspended: true }), 'contradicts'],
    ['an array body', [person('abc')], 'must be a JSON object'],
  ])('answers 400 for %s', async (_name, body, message) => {
    const { call } = setup();
    const res = await call.post('/api/systemusers', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(message);
  });

  it('honours usernameMaxLength', async () => {
    const { call } = setup({ usernameMaxLength: 8 });
    expect((await call.post('/api/systemusers', person('abcdefghi'))).body.message).toContain('at most 8 characters');
    expect((await call.post('/api/systemusers', person('abcdefgh'))).status).toBe(200);
  });

  it('answers 400 "User already exists" for a duplicate username or e-mail, and 400 for a duplicate employeeIdentifier', async () => {
    const { call, create } = setup();
    await create(person('jdoe', { employeeIdentifier: 'E1' }));
    expect(await call.post('/api/systemusers', { username: 'JDOE', email: 'other@example.com' }).then((r) => [r.status, r.body])).toEqual([400, { message: 'User already exists' }]);
    expect(await call.post('/api/systemusers', { username: 'other', email: 'JDoe@Example.com' }).then((r) => [r.status, r.body])).toEqual([400, { message: 'User already exists' }]);
    const res = await call.post('/api/systemusers', person('third', { employeeIdentifier: 'E1' }));
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('employeeIdentifier');
  });

  it('publishes user_create with the API-key admin as actor, with the caller\'s user agent', async () => {
    const { app, published } = setup();
    const res = await request(app).post('/api/systemusers').set('x-api-key', KEY).set('User-Agent', 'scim-bridge/1.0').send(person('evt'));
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({
      eventType: 'user_create',
      resource: { type: 'user', id: res.body._id, username: 'evt' },
      actor: { authMethod: 'api key', initiatedBy: { type: 'admin', id: 'a'.repeat(24), email: 'root@example.com', source: 'scim' }, userAgent: 'scim-bridge/1.0', clientIp: expect.any(String) },
    });
  });
});

describe('GET /api/systemusers', () => {
  async function directory(count: number) {
    const env = setup();
    for (let i = 1; i <= count; i += 1) {
      const n = String(i).padStart(2, '0');
      await env.create(person(`user${n}`, { department: i % 2 === 0 ? 'Even' : 'Odd', lastname: `L${String(count - i).padStart(2, '0')}`, description: `note:${n}` }));
    }
    return env;
  }

  it('pages with limit default 10, totalCount of all matches, skip past the end empty', async () => {
    const { call } = await directory(12);
    const first = await call.get('/api/systemusers');
    expect(first.status).toBe(200);
    expect(first.body.totalCount).toBe(12);
    expect(first.body.results).toHaveLength(10);
    const second = await call.get('/api/systemusers?limit=10&skip=10&sort=_id');
    expect(second.body.results.map((u: { username: string }) => u.username)).toEqual(['user11', 'user12']);
    const past = await call.get('/api/systemusers?skip=50');
    expect(past.body).toEqual({ totalCount: 12, results: [] });
  });

  it('accepts limit 100 and refuses 101 with JumpCloud\'s message', async () => {
    const { call } = await directory(1);
    expect((await call.get('/api/systemusers?limit=100')).status).toBe(200);
    const res = await call.get('/api/systemusers?limit=101');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: 'Bad Request: request parameter "limit" exceeds maximum value of 100' });
    expect((await call.get('/api/systemusers?skip=-1')).status).toBe(400);
  });

  it('sorts by space separated keys, - for descending', async () => {
    const { call } = await directory(4);
    const byLast = await call.get('/api/systemusers').query({ sort: 'lastname' });
    expect(byLast.body.results.map((u: { username: string }) => u.username)).toEqual(['user04', 'user03', 'user02', 'user01']);
    const twoKeys = await call.get('/api/systemusers').query({ sort: 'department -username' });
    expect(twoKeys.body.results.map((u: { username: string }) => u.username)).toEqual(['user04', 'user02', 'user03', 'user01']);
    const desc = await call.get('/api/systemusers').query({ sort: '-_id', limit: 1 });
    expect(desc.body.results[0].username).toBe('user04');
  });

  it('projects space separated fields, always with _id and id', async () => {
    const { call } = await directory(1);
    const res = await call.get('/api/systemusers').query({ fields: 'username email' });
    expect(Object.keys(res.body.results[0]).sort()).toEqual(['_id', 'email', 'id', 'username']);
  });

  it.each([
    ['one filter', 'filter=username:$eq:user03', ['user03']],
    ['AND by index', 'filter[0]=department:$eq:Even&filter[1]=username:$gt:user02', ['user04']],
    ['AND by repetition', 'filter=department:$eq:Even&filter=username:$lt:user04', ['user02']],
    ['OR', 'filter[or][0]=username:$eq:user01&filter[or][1]=username:$eq:user04', ['user01', 'user04']],
    ['a value with a colon', 'filter=description:$eq:note:02', ['user02']],
    ['case-sensitive values', 'filter=department:$eq:even', []],
  ])('filters: %s', async (_name, query, usernames) => {
    const { call } = await directory(4);
    const res = await call.get(`/api/systemusers?${query.replace(/\$/g, '%24')}`);
    expect(res.status).toBe(200);
    expect(res.body.results.map((u: { username: string }) => u.username)).toEqual(usernames);
    expect(res.body.totalCount).toBe(usernames.length);
  });

  it('takes a searchFilter-like `search` object from the query', async () => {
    const { call } = await directory(4);
    const res = await call.get('/api/systemusers').query('search[searchTerm]=ER03&search[fields][0]=username');
    expect(res.body.results.map((u: { username: string }) => u.username)).toEqual(['user03']);
  });

  it('answers 400 for an unknown filter operator', async () => {
    const { call } = await directory(1);
    const res = await call.get('/api/systemusers?filter=username:$like:x');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('$like');
  });
});

describe('GET /api/systemusers/{id}', () => {
  it('answers the user, projected when asked', async () => {
    const { call, create } = setup();
    const user = await create(person('one'));
    expect((await call.get(`/api/systemusers/${user._id}`)).body).toEqual(user);
    expect((await call.get(`/api/systemusers/${user._id}?fields=email`)).body).toEqual({ _id: user._id, id: user._id, email: 'one@example.com' });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    const { call } = setup();
    expect(await call.get(`/api/systemusers/${'c'.repeat(24)}`).then((r) => [r.status, r.body])).toEqual([404, { message: 'Not Found' }]);
    const malformed = await call.get('/api/systemusers/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('invalid object id');
  });
});

describe('PUT /api/systemusers/{id}', () => {
  it('changes given scalars only and replaces arrays whole', async () => {
    const { call, create } = setup();
    const user = await create(person('pat', { firstname: 'Pat', lastname: 'Lee', attributes: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }], phoneNumbers: [{ type: 'work', number: '1' }] }));
    const res = await call.put(`/api/systemusers/${user._id}`, { lastname: 'Kim', attributes: [{ name: 'c', value: '3' }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ firstname: 'Pat', lastname: 'Kim', attributes: [{ name: 'c', value: '3', id: expect.any(String) }] });
    expect(res.body.phoneNumbers).toEqual(user.phoneNumbers);
    const cleared = await call.put(`/api/systemusers/${user._id}`, { phoneNumbers: [] });
    expect(cleared.body.phoneNumbers).toEqual([]);
  });

  it('sets state ACTIVATED or SUSPENDED but never STAGED, keeping suspended in step', async () => {
    const { call, create, published } = setup();
    const user = await create(person('st'));
    const suspended = await call.put(`/api/systemusers/${user._id}`, { state: 'SUSPENDED' });
    expect(suspended.body).toMatchObject({ state: 'SUSPENDED', suspended: true });
    expect(published.slice(-2).map((m) => m.eventType)).toEqual(['user_update', 'user_suspended']);
    const back = await call.put(`/api/systemusers/${user._id}`, { suspended: false });
    expect(back.body).toMatchObject({ state: 'ACTIVATED', suspended: false });
    expect(published.slice(-2).map((m) => m.eventType)).toEqual(['user_update', 'user_unsuspended']);
    const staged = await call.put(`/api/systemusers/${user._id}`, { state: 'STAGED' });
    expect(staged.status).toBe(400);
    expect((await call.put(`/api/systemusers/${user._id}`, { state: 'ACTIVATED', suspended: true })).status).toBe(400);
  });

  it('sets a password: activated becomes true and user_password_set is published without the value', async () => {
    const { call, create, published } = setup();
    const user = await create(person('pending'));
    expect(user.activated).toBe(false);
    const res = await call.put(`/api/systemusers/${user._id}`, { password: 'N3w-passw0rd!' });
    expect(res.body.activated).toBe(true);
    expect(res.body).not.toHaveProperty('password');
    expect(published.map((m) => m.eventType)).toContain('user_password_set');
    expect(JSON.stringify(published)).not.toContain('N3w-passw0rd!');
  });

  it('publishes user_update with field changes', async () => {
    const { call, create, published } = setup();
    const user = await create(person('chg', { jobTitle: 'Dev' }));
    await call.put(`/api/systemusers/${user._id}`, { jobTitle: 'Lead' });
    expect(published.at(-1)).toMatchObject({ eventType: 'user_update', changes: [{ field: 'jobTitle', from: 'Dev', to: 'Lead' }] });
  });

  it('refuses a username change while the user is bound to resources', async () => {
    const { app, call, create } = setup();
    const user = await create(person('bound'));
    const bind = await request(app).post(`/__emulator/users/${user._id}/bind`).set('x-api-key', KEY).send({ bound: true });
    expect(bind.status).toBe(200);
    expect(bind.body).toEqual({ _id: user._id, username: 'bound', bound: true });
    const res = await call.put(`/api/systemusers/${user._id}`, { username: 'renamed' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      message: 'rpc error: code = InvalidArgument desc = The username cannot be modified because the user is bound to one or more resources.',
    });
    // Other fields, and the same username, still go through.
    expect((await call.put(`/api/systemusers/${user._id}`, { username: 'bound', firstname: 'B' })).status).toBe(200);
    await request(app).post(`/__emulator/users/${user._id}/bind`).set('x-api-key', KEY).send({ bound: false });
    expect((await call.put(`/api/systemusers/${user._id}`, { username: 'renamed' })).body.username).toBe('renamed');
  });

  it('applies the create rules and uniqueness to updates', async () => {
    const { call, create } = setup();
    const a = await create(person('aaa', { employeeIdentifier: 'E1' }));
    const b = await create(person('bbb'));
    expect((await call.put(`/api/systemusers/${b._id}`, { username: 'AAA' })).body).toEqual({ message: 'User already exists' });
    expect((await call.put(`/api/systemusers/${b._id}`, { email: 'aaa@example.com' })).body).toEqual({ message: 'User already exists' });
    expect((await call.put(`/api/systemusers/${b._id}`, { employeeIdentifier: 'E1' })).status).toBe(400);
    expect((await call.put(`/api/systemusers/${b._id}`, { username: 'has space' })).status).toBe(400);
    expect((await call.put(`/api/systemusers/${b._id}`, { manager: b._id })).status).toBe(400);
    expect((await call.put(`/api/systemusers/${b._id}`, { manager: a._id })).body.manager).toBe(a._id);
    expect((await call.put(`/api/systemusers/${'d'.repeat(24)}`, { firstname: 'x' })).status).toBe(404);
  });
});

describe('DELETE /api/systemusers/{id}', () => {
  it('answers 200 with the deleted user', async () => {
    const { call, create, published } = setup();
    const user = await create(person('gone'));
    const res = await call.delete(`/api/systemusers/${user._id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(user);
    expect((await call.get(`/api/systemusers/${user._id}`)).status).toBe(404);
    expect(published.at(-1)).toMatchObject({ eventType: 'user_delete', resource: { id: user._id, username: 'gone' } });
    expect((await call.delete(`/api/systemusers/${user._id}`)).status).toBe(404);
  });

  it('answers 409 for a manager unless cascade_manager=null, which clears the reports first', async () => {
    const { call, create, published } = setup();
    const boss = await create(person('boss'));
    const report = await create(person('report', { manager: boss._id }));
    const refused = await call.delete(`/api/systemusers/${boss._id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('manager');
    expect((await call.delete(`/api/systemusers/${boss._id}?cascade_manager=true`)).status).toBe(400);
    published.length = 0;
    expect((await call.delete(`/api/systemusers/${boss._id}?cascade_manager=null`)).status).toBe(200);
    expect((await call.get(`/api/systemusers/${report._id}`)).body.manager).toBe('');
    expect(published.map((m) => m.eventType)).toEqual(['user_update', 'user_delete']);
    expect(published[0]).toMatchObject({ resource: { id: report._id }, changes: [{ field: 'manager', from: boss._id, to: '' }] });
  });
});

describe('POST /api/search/systemusers', () => {
  async function directory() {
    const env = setup();
    await env.create(person('amy', { department: 'IT', firstname: 'Amy' }));
    await env.create(person('bob', { department: 'Sales', firstname: 'Bob' }));
    await env.create(person('cyd', { department: 'IT', firstname: 'Cyd', email: 'cyd@corp.example.org' }));
    return env;
  }
  const names = (body: { results: { username: string }[] }) => body.results.map((u) => u.username);

  it.each([
    ['an array (AND)', { filter: [{ department: 'IT' }] }, ['amy', 'cyd']],
    ['{and}', { filter: { and: [{ department: 'IT' }, { firstname: 'Cyd' }] } }, ['cyd']],
    ['{or}', { filter: { or: [{ username: 'amy' }, { username: 'bob' }] } }, ['amy', 'bob']],
    ['a v1 filter string', { filter: 'department:$ne:IT' }, ['bob']],
    ['searchFilter', { searchFilter: { searchTerm: 'CORP', fields: ['email'] } }, ['cyd']],
    ['filter and searchFilter together', { filter: [{ department: 'IT' }], searchFilter: { searchTerm: 'a', fields: ['username'] } }, ['amy']],
    ['no filter', {}, ['amy', 'bob', 'cyd']],
  ])('filters by %s', async (_name, body, usernames) => {
    const { call } = await directory();
    const res = await call.post('/api/search/systemusers', body);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(usernames);
    expect(res.body.totalCount).toBe(usernames.length);
  });

  it('takes fields, limit, skip and sort from the body or the query', async () => {
    const { call } = await directory();
    const fromBody = await call.post('/api/search/systemusers', { fields: 'username department', limit: 1, skip: 1, sort: '-username' });
    expect(fromBody.body).toEqual({ totalCount: 3, results: [{ _id: expect.any(String), id: expect.any(String), username: 'bob', department: 'Sales' }] });
    const fromQuery = await call.post('/api/search/systemusers?limit=2&skip=1&fields=username', {});
    expect(fromQuery.body.results).toEqual([expect.objectContaining({ username: 'bob' }), expect.objectContaining({ username: 'cyd' })]);
    expect(Object.keys(fromQuery.body.results[0]).sort()).toEqual(['_id', 'id', 'username']);
    expect((await call.post('/api/search/systemusers', { limit: 101 })).status).toBe(400);
  });

  it('answers 400 for a malformed filter', async () => {
    const { call } = await directory();
    expect((await call.post('/api/search/systemusers', { filter: { or: 'x' } })).status).toBe(400);
  });
});

describe('POST /api/systemusers/{id}/state/activate', () => {
  it.each([[{}], [{ email: true }], [{ email: false }], [{ email: 'someone@example.net' }]])('activates a STAGED user with body %j', async (body) => {
    const { call, create, published } = setup({ defaultUserState: 'STAGED' });
    const user = await create(person('stg'));
    published.length = 0;
    const res = await call.post(`/api/systemusers/${user._id}/state/activate`, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ _id: user._id, state: 'ACTIVATED', suspended: false });
    expect(published.map((m) => m.eventType)).toEqual(['user_update', 'user_activated']);
    expect(published[1]?.changes).toEqual([{ field: 'state', from: 'STAGED', to: 'ACTIVATED' }]);
  });

  it.each([
    ['no body', {}, undefined, [{ kind: 'activation', to: 'stg@example.com' }]],
    ['email: true', { email: true }, undefined, [{ kind: 'activation', to: 'stg@example.com' }]],
    ['email: false', { email: false }, undefined, []],
    ['an address', { email: 'someone@example.net' }, undefined, [{ kind: 'activation', to: 'someone@example.net' }]],
    ['alternateEmail set', {}, { alternateEmail: 'home@example.org' }, [{ kind: 'activation', to: 'home@example.org' }]],
    ['a password set', {}, { password: 'Chosen-Passw0rd!' }, [{ kind: 'welcome', to: 'stg@example.com' }]],
  ])('mails as the spec\'s Email Flag says when activating with %s', async (_name, body, extra, mails) => {
    const { call, create, ctx } = setup({ defaultUserState: 'STAGED' });
    const user = await create(person('stg', extra ?? {}));
    // A STAGED user gets nothing at creation.
    expect(ctx.users.mails(user._id)).toEqual([]);
    expect((await call.post(`/api/systemusers/${user._id}/state/activate`, body)).status).toBe(200);
    const sent = (await call.get(`/__emulator/users/mails?user=${user._id}`).expect(200)).body as { userId: string; kind: string; to: string; at: string }[];
    expect(sent.map(({ kind, to }) => ({ kind, to }))).toEqual(mails);
    for (const mail of sent) expect(mail).toEqual({ userId: user._id, kind: mail.kind, to: mail.to, at: expect.stringMatching(/Z$/) });
  });

  it('mails the activation link when a user is created ACTIVATED without a password, not with one, not when seeded', async () => {
    const { create, ctx } = setup();
    const plain = await create(person('plain'));
    const alternate = await create(person('alt', { alternateEmail: 'alt@home.example' }));
    const withPassword = await create(person('pw', { password: 'Chosen-Passw0rd!' }));
    const suspended = await create(person('susp', { state: 'SUSPENDED' }));
    ctx.seed({ users: [{ username: 'seeded', email: 'seeded@example.com' }] });
    expect(ctx.users.mails().map(({ userId, kind, to }) => ({ userId, kind, to }))).toEqual([
      { userId: plain._id, kind: 'activation', to: 'plain@example.com' },
      { userId: alternate._id, kind: 'activation', to: 'alt@home.example' },
    ]);
    expect(ctx.users.mails(withPassword._id)).toEqual([]);
    expect(ctx.users.mails(suspended._id)).toEqual([]);
    ctx.reset();
    expect(ctx.users.mails()).toEqual([]);
  });

  it('answers 400 for a user that is not STAGED or a bad email flag, 404 for an unknown user', async () => {
    const { call, create } = setup({ defaultUserState: 'STAGED' });
    const staged = await create(person('stg'));
    expect((await call.post(`/api/systemusers/${staged._id}/state/activate`, { email: 'nope' })).status).toBe(400);
    const active = await create(person('act', { state: 'ACTIVATED' }));
    const res = await call.post(`/api/systemusers/${active._id}/state/activate`, {});
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('only a STAGED user can be activated');
    expect((await call.post(`/api/systemusers/${'e'.repeat(24)}/state/activate`, {})).status).toBe(404);
  });
});
