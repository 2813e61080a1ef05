import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { InMemoryRequestLog } from '../../../emulator/control/request-log';
import type { GroupStore } from '../../../emulator/groups/group-store';

const KEY = 'control-test-key';

function setup() {
  const { app, ctx } = createEmulator({ apiKey: KEY });
  const control = (method: 'get' | 'post' | 'delete', path: string, body?: object) =>
    request(app)[method](`/__emulator${path}`).set('x-api-key', KEY).send(body);
  return { app, ctx, control };
}

describe('/__emulator control surface', () => {
  it('needs the API key', async () => {
    const { app } = setup();
    expect((await request(app).get('/__emulator/stats')).status).toBe(401);
  });

  it('seeds users and groups with members and answers the counts', async () => {
    const { app, control, ctx } = setup();
    const res = await control('post', '/seed', {
      users: [
        { username: 'ann', email: 'ann@example.com' },
        { username: 'bob', email: 'bob@example.com' },
      ],
      groups: [{ name: 'Eng', members: ['ann', 'bob'] }, { name: 'Empty' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users: 2, groups: 2 });
    const eng = (await request(app).get('/api/v2/usergroups?filter=name:eq:Eng').set('x-api-key', KEY)).body[0];
    const members = await request(app).get(`/api/v2/usergroups/${eng.id}/members`).set('x-api-key', KEY);
    expect(members.headers['x-total-count']).toBe('2');
    expect(ctx.groups.count()).toBe(3);
    expect((await control('post', '/seed', [] as unknown as object)).status).toBe(400);
  });

  it('reset empties users, groups (but All Users), events, the request log and faults', async () => {
    const { app, control, ctx } = setup();
    await control('post', '/seed', { users: [{ username: 'ann', email: 'ann@example.com' }], groups: [{ name: 'G', members: ['ann'] }] });
    await control('post', '/faults', { status: 500, path: '/nowhere' });
    await request(app).get('/api/v2/usergroups').set('x-api-key', KEY);
    const before = (await control('get', '/stats')).body;
    expect(before).toMatchObject({ users: 1, groups: 2, requests: 1 });
    expect(before.events).toBeGreaterThanOrEqual(3);

    expect((await control('post', '/reset')).status).toBe(204);
    const after = (await control('get', '/stats')).body;
    expect(after).toMatchObject({ users: 0, groups: 1, events: 0, requests: 0 });
    expect((await control('get', '/faults')).body).toEqual([]);
    expect(ctx.groups.get((ctx.groups as GroupStore).allUsersId)?.name).toBe('All Users');
  });

  it('stats reports process memory and peak RSS in bytes', async () => {
    const { control } = setup();
    const { body } = await control('get', '/stats');
    expect(body.memory).toEqual(expect.objectContaining({ rss: expect.any(Number), heapUsed: expect.any(Number) }));
    expect(body.maxRssBytes).toBeGreaterThanOrEqual(body.memory.rss / 2);
    expect(body.maxRssBytes % 1024).toBe(0);
  });

  it('logs every API request oldest first, rejected ones too, with the key redacted', async () => {
    const { app, control } = setup();
    await request(app).get('/api/v2/usergroups?limit=5&filter=name:eq:a&filter=type:eq:user_group').set('x-api-key', KEY);
    await request(app).post('/api/v2/usergroups').set('x-api-key', KEY).send({ name: 'Logged' });
    await request(app).get('/api/systemusers').set('x-api-key', 'wrong-key');
    const res = await control('get', '/requests');
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(3); // the control calls themselves are not logged
    const [list, create, rejected] = res.body;
    expect(list).toMatchObject({
      seq: expect.any(Number),
      method: 'GET',
      path: '/api/v2/usergroups',
      query: { limit: '5', filter: ['name:eq:a', 'type:eq:user_group'] },
      status: 200,
    });
    expect(list.headers['x-api-key']).toBe('[REDACTED]');
    expect(create).toMatchObject({ method: 'POST', body: { name: 'Logged' }, status: 201 });
    expect(create.seq).toBeGreaterThan(list.seq);
    expect(rejected).toMatchObject({ path: '/api/systemusers', status: 401 });
    expect(rejected.headers['x-api-key']).toBe('[REDACTED]');
    expect(JSON.stringify(res.body)).not.toContain(KEY);
    expect(new Date(list.time).toISOString()).toBe(list.time);
  });

  it('filters the log by method and path prefix, and clears it', async () => {
    const { app, control } = setup();
    await request(app).get('/api/v2/usergroups').set('x-api-key', KEY);
    await request(app).post('/api/v2/usergroups').set('x-api-key', KEY).send({ name: 'A' });
    await request(app).get('/api/systemusers').set('x-api-key', KEY);
    expect((await control('get', '/requests?method=post')).body.map((r: { method: string }) => r.method)).toEqual(['POST']);
    expect((await control('get', '/requests?path=/api/v2')).body).toHaveLength(2);
    expect((await control('get', '/requests?method=GET&path=/api/systemusers')).body).toHaveLength(1);
    expect((await control('delete', '/requests')).status).toBe(204);
    expect((await control('get', '/requests')).body).toEqual([]);
  });

  it('logs a dropped request with no status', async () => {
    const { app, control } = setup();
    await control('post', '/faults', { drop: true, count: 1 });
    await expect(request(app).get('/api/v2/usergroups').set('x-api-key', KEY)).rejects.toThrow();
    const [entry] = (await control('get', '/requests')).body;
    expect(entry.path).toBe('/api/v2/usergroups');
    expect(entry.status).toBeUndefined();
  });
});

describe('InMemoryRequestLog', () => {
  it('numbers entries, counts them and hands out copies', () => {
    const log = new InMemoryRequestLog();
    const first = log.record({ time: 't', method: 'GET', path: '/a', query: {}, headers: {}, body: undefined });
    log.record({ time: 't', method: 'GET', path: '/b', query: {}, headers: {}, body: undefined });
    expect(first.seq).toBe(1);
    expect(log.count()).toBe(2);
    const listed = log.list();
    (listed[0] as { path: string }).path = '/changed';
    expect(log.list()[0]?.path).toBe('/a');
    log.clear();
    expect(log.count()).toBe(0);
    expect(log.record({ time: 't', method: 'GET', path: '/c', query: {}, headers: {}, body: undefined }).seq).toBe(3);
  });
});
