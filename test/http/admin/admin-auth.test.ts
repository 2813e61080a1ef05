import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ConfigError, loadConfig, secretValues } from '../../../src/config/load-config';
import { ADMIN_TOKEN, SCIM_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';

const ADMIN_ROUTES = ['/admin/events', '/admin/users/65a000000000000000000a11/history', '/admin/pending-activations'];
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The admin credential is its own: the SCIM tokens do not open /admin, ADMIN_TOKEN does not open SCIM. */
describe('admin authentication', () => {
  let h: BridgeHarness;
  beforeAll(async () => {
    h = await startBridgeHarness({ env: { ADMIN_TOKEN }, seed: { users: [] } });
  });
  afterAll(() => h.close());

  it.each([
    ['/admin/events', 200, 'events'],
    ['/admin/pending-activations', 200, 'pendingActivations'],
    // Past authentication, the empty journal's own 404 (not a 401).
    ['/admin/users/65a000000000000000000a11/history', 404, 'detail'],
  ])('ADMIN_TOKEN opens %s', async (path, status, key) => {
    const res = await h.admin('get', path).expect(status);
    expect(res.body).toHaveProperty(key);
    if (status === 404) expect(res.body.detail).toContain('audit journal holds no record');
  });

  it('accepts the scheme in any case', async () => {
    await request(h.app).get('/admin/events').set('Authorization', `bearer ${ADMIN_TOKEN}`).expect(200);
  });

  describe.each(ADMIN_ROUTES)('%s refuses', (path) => {
    it.each([
      ['no header', undefined, 'Authentication required'],
      ['a SCIM token', `Bearer ${SCIM_TOKEN}`, 'not valid for the admin endpoints'],
      ['a wrong token', `Bearer ${ADMIN_TOKEN}x`, 'not valid'],
      ['a prefix of the token', `Bearer ${ADMIN_TOKEN.slice(0, 12)}`, 'not valid'],
      ['an empty bearer', 'Bearer ', 'not valid'],
      ['the token as HTTP Basic', `Basic ${Buffer.from(`admin:${ADMIN_TOKEN}`).toString('base64')}`, 'not valid'],
      ['the token without a scheme', ADMIN_TOKEN, 'not valid'],
    ])('%s with a plain JSON 401 and a Bearer challenge', async (_name, header, detail) => {
      const req = request(h.app).get(path);
      if (header !== undefined) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="admin"');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(Object.keys(res.body).sort()).toEqual(['detail', 'error']);
      expect(res.body.error).toBe('Unauthorized');
      expect(res.body.detail).toContain(detail);
      expect(res.text).not.toContain(ADMIN_TOKEN);
    });
  });

  it('refuses ADMIN_TOKEN on the SCIM endpoints (a SCIM 401)', async () => {
    const res = await request(h.app).get(`${h.base}/Users`).set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(401);
    expect(res.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
  });

  it('still serves SCIM with the SCIM token beside the admin routes', async () => {
    await h.scim('get', '/Users').expect(200);
  });

  it('answers an unknown /admin path with a plain JSON 404 once authenticated', async () => {
    const res = await h.admin('get', '/admin/nothing-here').expect(404);
    expect(res.body).toEqual({ error: 'Not Found', detail: 'No resource at GET /admin/nothing-here.' });
  });

  it('answers writes to the read-only endpoints with a plain JSON 404', async () => {
    const res = await h.admin('post', '/admin/events').send({}).expect(404);
    expect(res.body.error).toBe('Not Found');
  });
});

describe('admin endpoints are off without ADMIN_TOKEN', () => {
  let h: BridgeHarness;
  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { users: [] } });
  });
  afterAll(() => h.close());

  it.each(ADMIN_ROUTES)('%s is a 404 like any unknown route, whatever credential is sent', async (path) => {
    const unknown = await request(h.app).get('/no-such-route').expect(404);
    for (const header of [undefined, `Bearer ${SCIM_TOKEN}`, `Bearer ${ADMIN_TOKEN}`]) {
      const req = request(h.app).get(path);
      if (header !== undefined) req.set('Authorization', header);
      const res = await req.expect(404);
      expect(res.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(res.body).toEqual({ ...unknown.body, detail: `No resource at GET ${path}.` });
      expect(res.headers['www-authenticate']).toBeUndefined();
    }
  });
});

describe('the ADMIN_TOKEN setting', () => {
  it('is unset by default', () => {
    expect(loadConfig({}).adminToken).toBeUndefined();
  });

  it('leaves /admin to SCIM when the admin endpoints are off', () => {
    expect(loadConfig({ SCIM_BASE_PATH: '/admin/scim' }).scimBasePath).toBe('/admin/scim');
  });

  it('is a secret: redacted from logs like the other credentials', () => {
    expect(secretValues(loadConfig({ ADMIN_TOKEN }))).toContain(ADMIN_TOKEN);
  });

  it('may come from ADMIN_TOKEN_FILE (trailing newline dropped)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'admin-token-'));
    try {
      const file = join(dir, 'admin_token');
      writeFileSync(file, `${ADMIN_TOKEN}\n`);
      expect(loadConfig({ ADMIN_TOKEN_FILE: file }).adminToken).toBe(ADMIN_TOKEN);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['shorter than 16 characters', { ADMIN_TOKEN: 'short' }, /ADMIN_TOKEN: .*16/],
    ['equal to a SCIM token', { ADMIN_TOKEN: SCIM_TOKEN, SCIM_BEARER_TOKEN: `other-token-0123456789,${SCIM_TOKEN}` }, /ADMIN_TOKEN: must differ from every SCIM_BEARER_TOKEN/],
    ['set while SCIM lives under /admin', { ADMIN_TOKEN, SCIM_BASE_PATH: '/admin/scim' }, /SCIM_BASE_PATH: must not be \/admin or below it when ADMIN_TOKEN is set/],
  ])('is refused when %s, without echoing it', (_name, env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(message);
    expect((error as ConfigError).message).not.toContain(env.ADMIN_TOKEN);
  });
});
