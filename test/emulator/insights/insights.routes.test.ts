import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import type { EmulatorOptions } from '../../../emulator/context';
import { apiKeyActor } from '../../../emulator/default-options';

const KEY = 'insights-test-key';
const T0 = Date.parse('2026-02-01T10:00:00.000Z');

function setup(options: Partial<EmulatorOptions> = {}) {
  const { app, ctx } = createEmulator({ apiKey: KEY, ...options });
  let clock = T0;
  ctx.now = () => new Date(clock);
  const events = (body: Record<string, unknown>) =>
    request(app).post('/insights/directory/v1/events').set('x-api-key', KEY).set('user-agent', 'bridge-test/2.3.4').send(body);
  const v2 = (method: 'post' | 'put' | 'delete', path: string, body?: object) =>
    request(app)[method](`/api/v2${path}`).set('x-api-key', KEY).set('user-agent', 'bridge-test/2.3.4').send(body);
  return {
    app,
    ctx,
    events,
    v2,
    tick: (ms: number) => {
      clock += ms;
    },
  };
}

const query = { service: ['directory'], start_time: new Date(T0 - 3600_000).toISOString() };

describe('POST /insights/directory/v1/events', () => {
  it('reports group mutations and membership changes as DI events', async () => {
    const { events, v2, ctx, tick } = setup();
    const user = ctx.users.create({ username: 'ann', email: 'ann@example.com' }, apiKeyActor(ctx.options));
    tick(10);
    const created = await v2('post', '/usergroups', { name: 'Eng' });
    const gid = created.body.id as string;
    tick(10);
    await v2('put', `/usergroups/${gid}`, { name: 'Engineering', description: 'builds' });
    tick(10);
    await v2('post', `/usergroups/${gid}/members`, { op: 'add', type: 'user', id: user._id });
    tick(10);
    await v2('post', `/usergroups/${gid}/members`, { op: 'remove', type: 'user', id: user._id });
    tick(10);
    await v2('delete', `/usergroups/${gid}`);

    // An association_change has no resource (observed shape): the group is an end of the edge.
    const res = await events({ ...query, search_term: { or: [{ 'resource.id': gid }, { 'association.connection.from.object_id': gid }] } });
    expect(res.status).toBe(200);
    expect(res.body.map((e: { event_type: string }) => e.event_type)).toEqual([
      'group_create',
      'group_update',
      'association_change',
      'association_change',
      'group_delete',
    ]);
    const [create, update, add, remove] = res.body;
    expect(create).toMatchObject({
      service: 'directory',
      success: true,
      auth_method: 'api key',
      client_ip: '127.0.0.1',
      useragent: expect.objectContaining({ name: 'bridge-test', major: '2' }),
      initiated_by: { type: 'admin', id: ctx.options.adminId, email: ctx.options.adminEmail, source: 'scim' },
      resource: { type: 'user_group', id: gid, name: 'Eng' },
      timestamp: new Date(T0 + 10).toISOString(),
      changes: [{ field: 'name', from: null, to: 'Eng' }],
    });
    expect(update.changes).toEqual([
      { field: 'name', from: 'Eng', to: 'Engineering' },
      { field: 'description', from: '', to: 'builds' },
    ]);
    expect(add).not.toHaveProperty('resource');
    expect(add.association).toEqual({
      op: 'add',
      action_source: 'manual',
      connection: { from: { name: 'Engineering', type: 'user_group', object_id: gid }, to: { name: 'ann', type: 'user', object_id: user._id } },
      attributes: null,
    });
    expect(remove.association.op).toBe('remove');
    expect(res.headers['x-result-count']).toBe('5');
    expect(res.headers['x-limit']).toBe('1000');
    expect(res.headers['x-sort']).toBe('ASC');
    const last = res.body[4];
    expect(JSON.parse(res.headers['x-search_after'] as string)).toEqual([Date.parse(last.timestamp), last.id]);
  });

  it('includes user events from the users part, filterable by event_type with $in', async () => {
    const { events, ctx } = setup();
    ctx.users.create({ username: 'bob', email: 'bob@example.com' }, apiKeyActor(ctx.options));
    const res = await events({ ...query, search_term: { and: [{ event_type: { $in: ['user_create', 'user_delete'] } }] } });
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ event_type: 'user_create', resource: { type: 'user', username: 'bob' } });
  });

  async function loaded(total: number) {
    const ctx = setup();
    // Several events per millisecond and some gaps: the cursor must split ties exactly.
    for (let i = 0; i < total; i += 1) {
      if (i % 3 === 0) ctx.tick(1);
      await ctx.v2('post', '/usergroups', { name: `g${i}` });
    }
    return ctx;
  }

  async function pageAll(events: ReturnType<typeof setup>['events'], body: Record<string, unknown>) {
    const seen: string[] = [];
    let searchAfter: unknown;
    for (let pages = 0; pages < 100; pages += 1) {
      const res = await events(searchAfter === undefined ? body : { ...body, search_after: searchAfter });
      expect(res.status).toBe(200);
      seen.push(...res.body.map((e: { id: string }) => e.id));
      if (Number(res.headers['x-result-count']) < Number(res.headers['x-limit'])) return seen;
      searchAfter = JSON.parse(res.headers['x-search_after'] as string);
    }
    throw new Error('paging did not end');
  }

  it.each(['ASC', 'DESC'])('pages %s with search_after, losing and duplicating nothing', async (sort) => {
    const { events } = await loaded(47);
    const all = await events({ ...query, limit: 100, sort });
    expect(all.body).toHaveLength(47);
    const expected = all.body.map((e: { id: string }) => e.id);
    const times = all.body.map((e: { timestamp: string }) => Date.parse(e.timestamp));
    expect(times).toEqual([...times].sort((a, b) => (sort === 'ASC' ? a - b : b - a)));
    expect(all.headers['x-sort']).toBe(sort);
    const paged = await pageAll(events, { ...query, limit: 5, sort });
    expect(paged).toEqual(expected);
    expect(new Set(paged).size).toBe(47);
  });

  it('pages a filtered query too', async () => {
    const { events } = await loaded(20);
    const body = { ...query, limit: 3, search_term: { or: [{ 'resource.name': ['g1', 'g5', 'g7', 'g8', 'g13', 'g19'] }] } };
    const paged = await pageAll(events, body);
    expect(paged).toHaveLength(6);
  });

  it('an exact multiple of the limit ends with an empty page that still has X-Search_after', async () => {
    const { events } = await loaded(4);
    const first = await events({ ...query, limit: 4 });
    expect(first.headers['x-result-count']).toBe('4');
    const next = await events({ ...query, limit: 4, search_after: JSON.parse(first.headers['x-search_after'] as string) });
    expect(next.body).toEqual([]);
    expect(next.headers['x-result-count']).toBe('0');
    expect(JSON.parse(next.headers['x-search_after'] as string)).toEqual(JSON.parse(first.headers['x-search_after'] as string));
  });

  it('respects start_time and end_time', async () => {
    const { events, v2, tick } = setup();
    await v2('post', '/usergroups', { name: 'before' });
    tick(60_000);
    await v2('post', '/usergroups', { name: 'inside' });
    tick(60_000);
    await v2('post', '/usergroups', { name: 'after' });
    const res = await events({
      service: ['directory'],
      start_time: new Date(T0 + 30_000).toISOString(),
      end_time: new Date(T0 + 90_000).toISOString(),
    });
    expect(res.body.map((e: { resource: { name: string } }) => e.resource.name)).toEqual(['inside']);
  });

  it('projects fields', async () => {
    const { events } = await loaded(1);
    const res = await events({ ...query, fields: ['event_type', 'resource.name'] });
    expect(res.body).toEqual([{ event_type: 'group_create', 'resource.name': 'g0' }]);
  });

  it('answers [] for a service that records nothing here', async () => {
    const { events } = await loaded(2);
    const res = await events({ ...query, service: ['radius'] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it.each([
    [{ service: ['directory'] }],
    [{ start_time: '2026-01-01T00:00:00Z' }],
    [{ service: ['directory'], start_time: 'not a date' }],
  ])('%j is a 400', async (body) => {
    const { events } = setup();
    const res = await events(body);
    expect(res.status).toBe(400);
    expect(typeof res.body.message).toBe('string');
  });

  it('answers 403 when the key has no Directory Insights access', async () => {
    const { events } = setup({ directoryInsightsEnabled: false });
    const res = await events(query);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ message: 'Forbidden' });
  });

  it('needs the API key like every JumpCloud call', async () => {
    const { app } = setup();
    const res = await request(app).post('/insights/directory/v1/events').send(query);
    expect(res.status).toBe(401);
  });
});
