import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { DEFAULT_ORGANIZATION_ID } from '../../../emulator/default-options';

const KEY = 'test-key-organizations';
const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbbb';

describe('GET /api/organizations', () => {
  it('single-tenant: the one organisation users are printed with', async () => {
    const { app } = createEmulator({ apiKey: KEY });
    const created = await request(app).post('/api/systemusers').set('x-api-key', KEY).send({ username: 'ada', email: 'ada@example.com' });
    const res = await request(app).get('/api/organizations').set('x-api-key', KEY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ totalCount: 1, results: [{ _id: DEFAULT_ORGANIZATION_ID, displayName: 'JumpCloud emulator', logoUrl: '' }] });
    expect(created.body.organization).toBe(res.body.results[0]._id);
  });

  it('multi-tenant: every organisation the key administers, paged by limit and skip', async () => {
    const { app } = createEmulator({ apiKey: KEY, orgIds: [ORG_A, ORG_B] });
    const all = await request(app).get('/api/organizations').set('x-api-key', KEY).set('x-org-id', ORG_B);
    expect(all.status).toBe(200);
    expect(all.body.totalCount).toBe(2);
    expect(all.body.results.map((org: { _id: string }) => org._id)).toEqual([ORG_A, ORG_B]);
    const second = await request(app).get('/api/organizations?limit=1&skip=1').set('x-api-key', KEY).set('x-org-id', ORG_A);
    expect(second.body).toEqual({ totalCount: 2, results: [{ _id: ORG_B, displayName: 'JumpCloud emulator 2', logoUrl: '' }] });
  });

  it('is behind the key and org checks like every API route', async () => {
    const { app } = createEmulator({ apiKey: KEY, orgIds: [ORG_A] });
    expect((await request(app).get('/api/organizations')).status).toBe(401);
    expect((await request(app).get('/api/organizations').set('x-api-key', KEY)).status).toBe(401);
    expect((await request(app).get('/api/organizations').set('x-api-key', KEY).set('x-org-id', ORG_B)).status).toBe(404);
  });
});
