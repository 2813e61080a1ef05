import express from 'express';
import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { FaultInjector } from '../../../emulator/control/faults';

const KEY = 'faults-test-key';

function setup() {
  const { app, ctx } = createEmulator({ apiKey: KEY });
  const control = {
    add: (rules: unknown) => request(app).post('/__emulator/faults').set('x-api-key', KEY).send(rules as object),
    list: () => request(app).get('/__emulator/faults').set('x-api-key', KEY),
    clear: () => request(app).delete('/__emulator/faults').set('x-api-key', KEY),
  };
  const listGroups = () => request(app).get('/api/v2/usergroups').set('x-api-key', KEY);
  const createGroup = (name: string) => request(app).post('/api/v2/usergroups').set('x-api-key', KEY).send({ name });
  return { app, ctx, control, listGroups, createGroup };
}

describe('fault injection over HTTP', () => {
  it('answers 429 without Retry-After unless one is given', async () => {
    const { control, listGroups } = setup();
    await control.add({ status: 429, count: 1 });
    const plain = await listGroups();
    expect(plain.status).toBe(429);
    expect(plain.body).toEqual({ message: 'Too Many Requests' });
    expect(plain.headers['retry-after']).toBeUndefined();

    await control.add({ status: 429, retryAfter: 7, count: 1 });
    const told = await listGroups();
    expect(told.status).toBe(429);
    expect(told.headers['retry-after']).toBe('7');
  });

  it.each([
    [500, 'Internal Server Error'],
    [502, 'Bad Gateway'],
    [503, 'Service Unavailable'],
    [504, 'Gateway Timeout'],
  ])('answers %d with a JumpCloud-shaped body', async (status, message) => {
    const { control, listGroups } = setup();
    const added = await control.add({ status });
    expect(added.status).toBe(201);
    const res = await listGroups();
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ message });
  });

  it('adds latency, then answers normally', async () => {
    const { control, listGroups } = setup();
    await control.add({ latencyMs: 200, count: 1 });
    const started = Date.now();
    const res = await listGroups();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('drops the connection without an answer', async () => {
    const { control, listGroups } = setup();
    await control.add({ drop: true, count: 1 });
    await expect(listGroups()).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await listGroups()).status).toBe(200);
  });

  it('phase after: the create lands but the client sees a 502', async () => {
    const { control, createGroup, listGroups, ctx } = setup();
    await control.add({ status: 502, phase: 'after', method: 'POST', path: '/api/v2/usergroups', count: 1 });
    const res = await createGroup('Landed');
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ message: 'Bad Gateway' });
    expect(res.headers['x-total-count']).toBeUndefined();
    const list = await listGroups();
    expect(list.body.map((g: { name: string }) => g.name)).toContain('Landed');
    const logged = ctx.requests.list().find((r) => r.method === 'POST' && r.path === '/api/v2/usergroups');
    expect(logged?.status).toBe(502);
  });

  it('phase after with drop: the create lands but the connection dies', async () => {
    const { control, createGroup, listGroups } = setup();
    await control.add({ drop: true, phase: 'after', method: 'POST', count: 1 });
    await expect(createGroup('Dropped')).rejects.toThrow(/socket hang up|ECONNRESET/);
    const list = await listGroups();
    expect(list.body.map((g: { name: string }) => g.name)).toContain('Dropped');
  });

  it('a counted rule expires after N applications', async () => {
    const { control, listGroups } = setup();
    await control.add({ status: 503, count: 2 });
    expect((await listGroups()).status).toBe(503);
    expect((await control.list()).body).toEqual([expect.objectContaining({ status: 503, count: 2, applied: 1 })]);
    expect((await listGroups()).status).toBe(503);
    expect((await listGroups()).status).toBe(200);
    expect((await control.list()).body).toEqual([]);
  });

  it('applies per route: method and path prefix or regex', async () => {
    const { app, control, listGroups, createGroup } = setup();
    await control.add([
      { status: 500, method: 'POST', path: '/api/v2/usergroups' },
      { status: 504, path: '/^\\/api\\/systemusers$/' },
    ]);
    expect((await listGroups()).status).toBe(200);
    expect((await createGroup('x')).status).toBe(500);
    expect((await request(app).get('/api/systemusers').set('x-api-key', KEY)).status).toBe(504);
    expect((await request(app).get('/api/systemusers/5f0000000000000000000000').set('x-api-key', KEY)).status).toBe(404);
  });

  it('never faults /__emulator, so a test can always clear its faults', async () => {
    const { control, listGroups } = setup();
    await control.add({ status: 500 });
    expect((await control.list()).status).toBe(200);
    expect((await control.clear()).status).toBe(204);
    expect((await listGroups()).status).toBe(200);
  });

  it('rejects an invalid rule with 400 and adds none of the batch', async () => {
    const { control } = setup();
    const res = await control.add([{ status: 500 }, { status: 418 }]);
    expect(res.status).toBe(400);
    expect(typeof res.body.message).toBe('string');
    expect((await control.list()).body).toEqual([]);
  });

  it('accepts {rules: [...]} and PUT replaces every rule', async () => {
    const { app, control } = setup();
    await control.add({ rules: [{ status: 500 }, { status: 502 }] });
    expect((await control.list()).body).toHaveLength(2);
    const put = await request(app).put('/__emulator/faults').set('x-api-key', KEY).send([{ status: 503 }]);
    expect(put.status).toBe(200);
    expect((await control.list()).body).toEqual([expect.objectContaining({ status: 503 })]);
  });
});

describe('FaultInjector rate', () => {
  it('faults a matching request only when the dice say so', async () => {
    const rolls = [0.9, 0.1, 0.5];
    const faults = new FaultInjector({ random: () => rolls.shift() ?? 1 });
    faults.add([{ status: 500, rate: 0.5 }]);
    const app = express();
    app.use(faults.middleware());
    app.get('/x', (_req, res) => {
      res.json({ ok: true });
    });
    expect((await request(app).get('/x')).status).toBe(200); // 0.9 >= 0.5
    expect((await request(app).get('/x')).status).toBe(500); // 0.1 < 0.5
    expect((await request(app).get('/x')).status).toBe(200); // 0.5 is not < 0.5
    expect(faults.list()[0]?.applied).toBe(1);
  });
});
