import request from 'supertest';
import { createEmulator } from '../../../emulator/app';

const KEY = 'test-key-wiring';

function setup() {
  const { app, ctx } = createEmulator({ apiKey: KEY });
  const api = {
    get: (path: string) => request(app).get(path).set('x-api-key', KEY),
    post: (path: string, body?: object) => request(app).post(path).set('x-api-key', KEY).send(body),
  };
  const events = async () => {
    const res = await api.post('/insights/directory/v1/events', { service: ['directory'], start_time: new Date(Date.now() - 3_600_000).toISOString() });
    expect(res.status).toBe(200);
    return res.body as { event_type: string }[];
  };
  return { app, ctx, api, events };
}

describe('createEmulator wiring', () => {
  it('logs requests that auth rejects, with the key redacted', async () => {
    const { app, ctx } = setup();
    await request(app).get('/api/systemusers').set('x-api-key', 'wrong');
    const [entry] = ctx.requests.list();
    expect(entry).toMatchObject({ method: 'GET', path: '/api/systemusers', status: 401 });
    expect(entry?.headers['x-api-key']).toBe('[REDACTED]');
  });

  it('logs the parsed body and query of API calls', async () => {
    const { ctx, api } = setup();
    await api.post('/api/systemusers?fullValidationDetails=password', { username: 'logged', email: 'logged@example.com' });
    expect(ctx.requests.list().at(-1)).toMatchObject({ status: 200, body: { username: 'logged' }, query: { fullValidationDetails: 'password' } });
  });

  it('faults API routes after the controls: the controls keep answering, faulted calls are logged', async () => {
    const { ctx, api } = setup();
    expect((await api.post('/__emulator/faults', { status: 503, path: '/api' })).status).toBe(201);
    expect((await api.get('/api/systemusers')).status).toBe(503);
    expect((await api.get('/__emulator/faults')).status).toBe(200);
    expect(ctx.requests.list().at(-1)).toMatchObject({ path: '/api/systemusers', status: 503 });
  });

  it('publishes user changes into Directory Insights and the groups', async () => {
    const { app, api, events } = setup();
    const user = await api.post('/api/systemusers', { username: 'di', email: 'di@example.com' });
    await request(app).put(`/api/systemusers/${user.body._id}`).set('x-api-key', KEY).send({ state: 'SUSPENDED' });
    expect((await events()).map((e) => e.event_type)).toEqual(expect.arrayContaining(['user_create', 'user_update', 'user_suspended']));
    const memberOf = await api.get(`/api/v2/users/${user.body._id}/memberof`);
    expect(memberOf.status).toBe(200);
    expect(memberOf.body).toHaveLength(1);
  });

  it('reset empties users, groups (but All Users), events, the request log and faults', async () => {
    const { ctx, api, events } = setup();
    ctx.seed({ users: [{ username: 'r1', email: 'r1@example.com' }], groups: [{ name: 'G', members: ['r1'] }] });
    await api.post('/__emulator/faults', { status: 500, path: '/api/v2' });
    expect((await api.post('/__emulator/reset')).status).toBe(204);
    expect(ctx.users.count()).toBe(0);
    expect((await api.get('/api/v2/usergroups')).body.map((g: { name: string }) => g.name)).toEqual(['All Users']);
    expect(await events()).toEqual([]);
    expect(ctx.requests.list().map((r) => r.path)).toEqual(['/api/v2/usergroups', '/insights/directory/v1/events']);
  });

  it('moves every part to a replaced ctx.now', async () => {
    const { ctx, api } = setup();
    ctx.now = () => new Date('2030-01-02T03:04:05.678Z');
    const user = await api.post('/api/systemusers', { username: 'future', email: 'future@example.com' });
    expect(user.body.created).toBe('2030-01-02T03:04:05.678Z');
    expect(parseInt((user.body._id as string).slice(0, 8), 16)).toBe(Date.parse('2030-01-02T03:04:05Z') / 1000);
  });
});
