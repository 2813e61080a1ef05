import request from 'supertest';
import type { SeedDocument } from '../../../emulator/context';
import { ADMIN_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';

const SEED: SeedDocument = {
  users: [
    { _id: '65b000000000000000000001', created: '2024-01-05T08:00:00.000Z', username: 'active.user', email: 'active.user@example.com', password: 'Correct-Horse-1' },
    { _id: '65b000000000000000000002', created: '2024-05-01T12:30:00.000Z', username: 'new.starter', email: 'new.starter@example.com' },
    // The SCIM userName kept in the scimUserName attribute is what the admin sees.
    {
      _id: '65b000000000000000000003',
      created: '2024-03-01T07:00:00.000Z',
      username: 'early.bird',
      email: 'early.bird@example.com',
      attributes: [{ name: 'scimUserName', value: 'early.bird@example.com' }],
    },
  ],
};

/** The emulator's fault body texts (the error field's "Service Unavailable" is the bridge's own status phrase). */
const JUMPCLOUD_TEXT = /Too Many Requests|Internal Server Error|Bad Gateway|Gateway Timeout|rpc error/;

/** GET /admin/pending-activations through HTTP: who has not set a password yet, since when. */
describe('GET /admin/pending-activations', () => {
  let h: BridgeHarness;
  const emulator = (method: 'post' | 'delete', path: string) => request(h.emulator.url)[method](path).set('x-api-key', h.emulator.ctx.options.apiKey);

  beforeAll(async () => {
    h = await startBridgeHarness({ env: { ADMIN_TOKEN }, seed: { users: [] } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.emulator.ctx.reset();
    h.emulator.ctx.seed(SEED);
    h.resetRequests();
  });

  it('lists the users JumpCloud holds as activated:false, longest waiting first, with one filtered JumpCloud read', async () => {
    const res = await h.admin('get', '/admin/pending-activations').expect(200);
    expect(res.body).toEqual({
      pendingActivations: [
        { id: '65b000000000000000000003', userName: 'early.bird@example.com', email: 'early.bird@example.com', since: '2024-03-01T07:00:00.000Z', activationEmail: 'unknown' },
        { id: '65b000000000000000000002', userName: 'new.starter', email: 'new.starter@example.com', since: '2024-05-01T12:30:00.000Z', activationEmail: 'unknown' },
      ],
      totalResults: 2,
    });
    const calls = h.jumpcloudRequests();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/systemusers', query: expect.objectContaining({ filter: 'activated:$eq:false', limit: '100', sort: '_id' }) });
  });

  it('includes a user created through SCIM without a password, and drops them after their first login', async () => {
    const created = await h
      .scim('post', '/Users')
      .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'carol.jones@example.com', emails: [{ value: 'carol.jones@example.com', type: 'work', primary: true }] })
      .expect(201);
    const before = await h.admin('get', '/admin/pending-activations').expect(200);
    const carol = before.body.pendingActivations.find((p: { id: string }) => p.id === created.body.id);
    expect(carol).toEqual({ id: created.body.id, userName: 'carol.jones@example.com', email: 'carol.jones@example.com', since: expect.any(String), activationEmail: 'sent' });
    expect(Math.abs(Date.parse(carol.since) - Date.now())).toBeLessThan(60_000);

    await emulator('post', `/__emulator/users/${created.body.id}/first-login`).send({ password: 'Chosen-Passw0rd!' }).expect(200);
    const after = await h.admin('get', '/admin/pending-activations').expect(200);
    expect(after.body.pendingActivations.map((p: { id: string }) => p.id)).not.toContain(created.body.id);
    expect(after.body.totalResults).toBe(2);
  });

  it('reads every page of a large set of pending users', async () => {
    h.emulator.ctx.reset();
    h.emulator.ctx.seed({
      users: Array.from({ length: 230 }, (_, i) => ({ username: `pending${String(i).padStart(3, '0')}`, email: `pending${i}@example.com` })),
    });
    h.resetRequests();
    const res = await h.admin('get', '/admin/pending-activations').expect(200);
    expect(res.body.totalResults).toBe(230);
    expect(new Set(res.body.pendingActivations.map((p: { id: string }) => p.id)).size).toBe(230);
    expect(h.jumpcloudRequests().map((r) => r.query.skip)).toEqual(['0', '100', '200']);
  });

  it('takes "since" from the journal\'s joiner record when JumpCloud has no creation time, and lists the undated last', async () => {
    h.emulator.ctx.reset();
    h.emulator.ctx.seed({
      users: [
        { _id: '65b000000000000000000011', created: '', username: 'journaled', email: 'journaled@example.com' },
        { _id: '65b000000000000000000012', created: '', username: 'undated', email: 'undated@example.com' },
        { _id: '65b000000000000000000013', created: '2024-06-01T00:00:00.000Z', username: 'dated', email: 'dated@example.com' },
      ],
    });
    await h.audit.append([
      {
        id: '00000000-0000-4000-b000-000000000001',
        time: '2024-02-02T02:02:02.000Z',
        type: 'joiner',
        outcome: 'succeeded',
        resourceType: 'User',
        scimId: '65b000000000000000000011',
        jumpcloudId: '65b000000000000000000011',
        userName: 'journaled',
        jumpcloudCalls: [{ method: 'POST', route: '/api/systemusers', status: 200, attempt: 1 }],
      },
    ]);
    const res = await h.admin('get', '/admin/pending-activations').expect(200);
    expect(res.body.pendingActivations).toEqual([
      { id: '65b000000000000000000011', userName: 'journaled', email: 'journaled@example.com', since: '2024-02-02T02:02:02.000Z', activationEmail: 'unknown' },
      { id: '65b000000000000000000013', userName: 'dated', email: 'dated@example.com', since: '2024-06-01T00:00:00.000Z', activationEmail: 'unknown' },
      { id: '65b000000000000000000012', userName: 'undated', email: 'undated@example.com', activationEmail: 'unknown' },
    ]);
  });

  it('answers an empty list when nobody is pending', async () => {
    h.emulator.ctx.reset();
    h.emulator.ctx.seed({ users: [SEED.users?.[0] as Record<string, unknown>] });
    await h.admin('get', '/admin/pending-activations').expect(200, { pendingActivations: [], totalResults: 0 });
  });

  it('answers a JumpCloud outage as a plain JSON 503 in the bridge\'s words, with Retry-After', async () => {
    await emulator('post', '/__emulator/faults').send([{ status: 500, method: 'GET', path: '/api/systemusers' }]).expect(201);
    const res = await h.admin('get', '/admin/pending-activations').expect(503);
    expect(Object.keys(res.body).sort()).toEqual(['detail', 'error']);
    expect(res.body.error).toBe('Service Unavailable');
    expect(res.body.detail).toBe('JumpCloud is unavailable or rate limiting the bridge; retry later.');
    expect(res.text).not.toMatch(JUMPCLOUD_TEXT);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });
});
