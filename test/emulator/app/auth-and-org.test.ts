import request from 'supertest';
import { createEmulator } from '../../../emulator/app';

const KEY = 'test-key-auth';
const ORG = '0123456789abcdef01234567';

describe('x-api-key', () => {
  const { app } = createEmulator({ apiKey: KEY });

  it.each([
    ['GET', '/api/systemusers'],
    ['GET', '/api/v2/usergroups'],
    ['POST', '/insights/directory/v1/events'],
    ['POST', '/__emulator/reset'],
    ['POST', '/__emulator/users/0123456789abcdef01234567/bind'],
    ['GET', '/api/no-such-route'],
  ])('%s %s without a key answers 401 with JumpCloud\'s body', async (method, path) => {
    const res = await request(app)[method === 'GET' ? 'get' : 'post'](path);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Unauthorized', message: expect.any(String) });
  });

  it('answers 401 for a wrong key, including one that is a prefix of the right one', async () => {
    for (const key of ['wrong', KEY.slice(0, -1), `${KEY}x`]) {
      const res = await request(app).get('/api/systemusers').set('x-api-key', key);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('Unauthorized');
    }
  });

  it('lets the right key through', async () => {
    expect((await request(app).get('/api/systemusers').set('x-api-key', KEY)).status).toBe(200);
  });

  it('leaves paths outside the API alone (404, not 401)', async () => {
    const res = await request(app).get('/elsewhere');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'Not Found' });
  });

  it('answers a missing key with 302 to a login page when so configured, a wrong key still 401', async () => {
    const { app: redirecting } = createEmulator({ apiKey: KEY, missingKeyAnswer: 'redirect' });
    const missing = await request(redirecting).get('/api/systemusers?limit=1');
    expect(missing.status).toBe(302);
    expect(missing.headers.location).toMatch(/^\/login\?redirect=/);
    expect((await request(redirecting).get('/api/systemusers').set('x-api-key', 'nope')).status).toBe(401);
  });

  it('makes up a random key when the caller gives none', () => {
    const a = createEmulator().ctx.options.apiKey;
    const b = createEmulator().ctx.options.apiKey;
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(a).not.toBe(b);
  });
});

describe('x-org-id (multi-tenant mode)', () => {
  const { app } = createEmulator({ apiKey: KEY, orgIds: [ORG, 'fedcba9876543210fedcba98'] });
  const withKey = (path: string) => request(app).get(path).set('x-api-key', KEY);

  it('answers 401 when missing', async () => {
    const res = await withKey('/api/systemusers');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('Unauthorized');
  });

  it('answers 400 when malformed and 404 when unknown', async () => {
    expect((await withKey('/api/systemusers').set('x-org-id', 'not-an-org')).status).toBe(400);
    const unknown = await withKey('/api/v2/usergroups').set('x-org-id', 'aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('Not Found');
  });

  it('lets a known org through (hex case-insensitive) and prints it on users', async () => {
    const ok = await withKey('/api/systemusers').set('x-org-id', ORG.toUpperCase());
    expect(ok.status).toBe(200);
    const created = await request(app).post('/api/systemusers').set('x-api-key', KEY).set('x-org-id', ORG).send({ username: 'o', email: 'o@example.com' });
    expect(created.body.organization).toBe(ORG);
  });

  it('checks the key before the org', async () => {
    expect((await request(app).get('/api/systemusers').set('x-org-id', 'bad')).status).toBe(401);
  });

  it('does not ask the emulator controls for an org', async () => {
    expect((await request(app).post('/__emulator/reset').set('x-api-key', KEY)).status).toBe(204);
  });

  it('ignores the header in single-tenant mode', async () => {
    const single = createEmulator({ apiKey: KEY }).app;
    expect((await request(single).get('/api/systemusers').set('x-api-key', KEY).set('x-org-id', 'garbage')).status).toBe(200);
  });
});
