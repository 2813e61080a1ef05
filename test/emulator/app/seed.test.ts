import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import type { SeedDocument } from '../../../emulator/context';
import defaultSeed from '../../../emulator/seeds/default.seed.json';

const KEY = 'test-key-seed';

describe('seeding', () => {
  it('loads the default seed: 10 users with a manager chain and every state, and 3 groups', async () => {
    const { app, ctx } = createEmulator({ apiKey: KEY });
    expect(ctx.seed(defaultSeed as SeedDocument)).toEqual({ users: 10, groups: 3 });
    const list = await request(app).get('/api/systemusers?limit=100&sort=_id').set('x-api-key', KEY);
    const users = list.body.results as Record<string, unknown>[];
    const byName = new Map(users.map((u) => [u.username as string, u]));
    expect(list.body.totalCount).toBe(10);
    expect(byName.get('frank.li')).toMatchObject({ state: 'STAGED', activated: false });
    expect(byName.get('grace.kim')).toMatchObject({ state: 'SUSPENDED', suspended: true, activated: true });
    expect(byName.get('henry.patel')).toMatchObject({ state: 'ACTIVATED', activated: false });
    // Manager chain: dan -> carol -> bob -> alice.
    const managerName = (name: string) => users.find((u) => u._id === byName.get(name)?.manager)?.username;
    expect(['dan.okafor', 'carol.diaz', 'bob.martin'].map(managerName)).toEqual(['carol.diaz', 'bob.martin', 'alice.nguyen']);
    expect(byName.get('alice.nguyen')?.created).toBe('2023-07-14T09:00:00.000Z');
    expect((byName.get('erin.schmidt')?.attributes as unknown[]).length).toBe(2);
    const groups = await request(app).get('/api/v2/usergroups?limit=100').set('x-api-key', KEY);
    const engineering = (groups.body as { id: string; name: string }[]).find((g) => g.name === 'Engineering');
    const members = await request(app).get(`/api/v2/usergroups/${engineering?.id}/members`).set('x-api-key', KEY);
    expect(members.body).toHaveLength(5);
  });

  it('seeds users as existing accounts: ACTIVATED without a state even when new users take STAGED; a stated state is kept', () => {
    const { ctx } = createEmulator({ apiKey: KEY, defaultUserState: 'STAGED' });
    ctx.seed({
      users: [
        { username: 'plain', email: 'plain@example.com' },
        { username: 'staged', email: 'staged@example.com', state: 'STAGED' },
        { username: 'suspended', email: 'suspended@example.com', suspended: true },
      ],
      generate: { users: 1, usernamePrefix: 'gen' },
    });
    const seeded = ctx.users.idsInOrder(0, 10).map((id) => ctx.users.get(id));
    const stateOf = (username: string) => seeded.find((user) => user?.username === username)?.state;
    expect(['plain', 'staged', 'suspended', 'gen000001'].map(stateOf)).toEqual(['ACTIVATED', 'STAGED', 'SUSPENDED', 'ACTIVATED']);
    // A user created through the API afterwards takes the org default.
    expect(ctx.users.create({ username: 'new', email: 'new@example.com' }, { authMethod: 'session', initiatedBy: { type: 'admin', id: 'a', email: 'a@example.com' } }).state).toBe('STAGED');
  });

  it('creates seeded users through the API rules, naming the failing record', () => {
    const { ctx } = createEmulator({ apiKey: KEY });
    expect(() => ctx.seed({ users: [{ username: 'ok', email: 'ok@example.com' }, { username: 'bad name', email: 'b@example.com' }] })).toThrow(
      'users[1]: Bad Request: username must not contain spaces',
    );
    expect(() => ctx.seed({ groups: [{ name: 'G', members: ['nobody'] }] })).toThrow('groups[0]: Bad Request: no user "nobody"');
  });

  it('keeps bound users bound', async () => {
    const { app, ctx } = createEmulator({ apiKey: KEY });
    ctx.seed({ users: [{ username: 'fixed', email: 'fixed@example.com', bound: true, _id: '0123456789abcdef01234567' }] });
    const res = await request(app).put('/api/systemusers/0123456789abcdef01234567').set('x-api-key', KEY).send({ username: 'moved' });
    expect(res.status).toBe(400);
  });

  it('generates valid users after the listed ones, usernames in _id order', () => {
    const { ctx } = createEmulator({ apiKey: KEY });
    expect(ctx.seed({ users: [{ username: 'first', email: 'first@example.com' }], generate: { users: 3, usernamePrefix: 'gen' } })).toEqual({ users: 4, groups: 0 });
    const names = ctx.users.idsInOrder(0, 10).map((id) => ctx.users.get(id)?.username);
    expect(names).toEqual(['first', 'gen000001', 'gen000002', 'gen000003']);
    expect(ctx.users.get(ctx.users.idsInOrder(1, 1)[0] as string)).toMatchObject({ email: 'gen000001@example.com', activated: true, state: 'ACTIVATED' });
    expect(() => ctx.seed({ generate: { users: -1 } })).toThrow('generate.users');
  });

  it('seeds over HTTP, also with members given by _id', async () => {
    const { app, ctx } = createEmulator({ apiKey: KEY });
    const id = 'abcdefabcdefabcdefabcdef';
    const res = await request(app)
      .post('/__emulator/seed')
      .set('x-api-key', KEY)
      .send({ users: [{ _id: id, username: 'byid', email: 'byid@example.com' }], groups: [{ name: 'ById', members: [id] }] });
    expect(res.body).toEqual({ users: 1, groups: 1 });
    expect(ctx.groups.groupsOfUser(id)).toHaveLength(2);
  });
});
