import request from 'supertest';
import { consoleRoutes } from '../../../src/composition/console-service';
import { CONSOLE_CSP } from '../../../src/http/console/console-headers';
import { CONSOLE_ABSOLUTE_TIMEOUT_MS, CONSOLE_IDLE_TIMEOUT_MS } from '../../../src/http/console/console-sessions';
import { CONSOLE_ADMIN_TOKEN, START_MS, startConsoleHarness, type ConsoleHarness } from './console-harness';

/** Sign-in, sign-out, expiry, CSRF and the console's headers. */
describe('console sessions', () => {
  let h: ConsoleHarness;
  beforeEach(async () => {
    h = await startConsoleHarness();
  });
  afterEach(() => h.close());

  it('signs in with the admin token: a random HttpOnly SameSite=Strict cookie scoped to /console, a CSRF token and both expiries', async () => {
    const res = await request(h.app).post('/console/api/session').send({ token: CONSOLE_ADMIN_TOKEN }).expect(200);
    expect(res.body).toEqual({
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(START_MS + CONSOLE_ABSOLUTE_TIMEOUT_MS).toISOString(),
      idleExpiresAt: new Date(START_MS + CONSOLE_IDLE_TIMEOUT_MS).toISOString(),
    });
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^scim_console=[A-Za-z0-9_-]{43}; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect(cookies[0]).not.toContain(CONSOLE_ADMIN_TOKEN);
    expect(res.headers['cache-control']).toBe('no-store');
    // A second sign-in is another session: ids are random, never derived from the token.
    const again = await h.signIn();
    expect(again.cookie).not.toBe(cookies[0]?.split(';')[0]);
  });

  it('a sign-in presenting an existing session cookie ends that session and issues a new id (no fixation)', async () => {
    const first = await h.signIn();
    const res = await request(h.app).post('/console/api/session').set('Cookie', first.cookie).send({ token: CONSOLE_ADMIN_TOKEN }).expect(200);
    const next = String((res.headers['set-cookie'] as unknown as string[])[0]).split(';')[0];
    expect(next).not.toBe(first.cookie);
    expect((await h.get('/console/api/session', first).expect(200)).body).toEqual({ signedIn: false });
    expect((await request(h.app).get('/console/api/session').set('Cookie', next ?? '').expect(200)).body).toHaveProperty('csrfToken');
  });

  it('marks the cookie Secure when the bridge serves TLS', async () => {
    const tls = await startConsoleHarness({ tls: true });
    try {
      const session = await tls.signIn();
      expect(session.setCookie).toMatch(/; Secure/);
    } finally {
      await tls.close();
    }
  });

  it.each([
    ['a wrong token', { token: 'not-the-admin-token-0123456789' }],
    ['an empty token', { token: '' }],
    ['no token', {}],
    ['a token of the wrong type', { token: 12345 }],
  ])('refuses %s with 401 invalid_token and no cookie', async (_name, body) => {
    const res = await request(h.app).post('/console/api/session').send(body).expect(401);
    expect(res.body).toEqual({ error: 'invalid_token' });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('slows guessing: after five wrong tokens from one address the next attempt waits (429, Retry-After), even with the right token', async () => {
    for (let i = 0; i < 5; i++) await request(h.app).post('/console/api/session').send({ token: `wrong-${i}-0123456789` }).expect(401);
    const res = await request(h.app).post('/console/api/session').send({ token: CONSOLE_ADMIN_TOKEN }).expect(429);
    expect(res.body).toEqual({ error: 'throttled' });
    expect(res.headers['retry-after']).toBe('1');
    h.advance(1000);
    await request(h.app).post('/console/api/session').send({ token: CONSOLE_ADMIN_TOKEN }).expect(200);
  });

  it('GET /session answers the session when signed in and {signedIn: false} otherwise (never the old session)', async () => {
    const session = await h.signIn();
    const res = await h.get('/console/api/session', session).expect(200);
    expect(res.body.csrfToken).toBe(session.csrfToken);
    expect((await request(h.app).get('/console/api/session').expect(200)).body).toEqual({ signedIn: false });
    expect((await request(h.app).get('/console/api/session').set('Cookie', 'scim_console=forged-session-id').expect(200)).body).toEqual({ signedIn: false });
  });

  it('every data route needs the session cookie', async () => {
    for (const path of ['/console/api/overview', '/console/api/events', '/console/api/events.csv', '/console/api/drift', '/console/api/pending-activations', '/console/api/people/search?q=x']) {
      const res = await request(h.app).get(path).expect(401);
      expect(res.body).toEqual({ error: 'signed_out' });
    }
    // The admin token is not a console credential: it opens a session, nothing else.
    await request(h.app).get('/console/api/overview').set('Authorization', `Bearer ${CONSOLE_ADMIN_TOKEN}`).expect(401);
  });

  it('writes need the CSRF token: 403 csrf without it or with another session\'s', async () => {
    const session = await h.signIn();
    const other = await h.signIn();
    const body = { resourceType: 'User', resourceId: '65a000000000000000000a11', key: 'email' };
    for (const csrf of [undefined, '', other.csrfToken, 'x']) {
      const call = request(h.app).post('/console/api/drift/acknowledge').set('Cookie', session.cookie).send(body);
      if (csrf !== undefined) call.set('X-CSRF-Token', csrf);
      expect((await call.expect(403)).body).toEqual({ error: 'csrf' });
    }
    await request(h.app).delete('/console/api/session').set('Cookie', session.cookie).expect(403);
    await h.get('/console/api/session', session).expect(200);
  });

  it('signs out: 204, the cookie cleared, and the session no longer opens anything', async () => {
    const session = await h.signIn();
    const res = await request(h.app).delete('/console/api/session').set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken).expect(204);
    const cleared = (res.headers['set-cookie'] as unknown as string[])[0] ?? '';
    expect(cleared).toMatch(/^scim_console=; Path=\/console; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
    await h.get('/console/api/overview', session).expect(401);
    expect((await h.get('/console/api/session', session).expect(200)).body).toEqual({ signedIn: false });
  });

  it('expires after 15 minutes idle; each request restarts the idle timer', async () => {
    const session = await h.signIn();
    h.advance(CONSOLE_IDLE_TIMEOUT_MS - 1000);
    const res = await h.get('/console/api/session', session).expect(200);
    expect(res.body.idleExpiresAt).toBe(new Date(START_MS + 2 * CONSOLE_IDLE_TIMEOUT_MS - 1000).toISOString());
    h.advance(CONSOLE_IDLE_TIMEOUT_MS - 1000);
    await h.get('/console/api/overview', session).expect(200);
    h.advance(CONSOLE_IDLE_TIMEOUT_MS);
    expect((await h.get('/console/api/overview', session).expect(401)).body).toEqual({ error: 'signed_out' });
    // Gone for good: coming back within what would have been the idle window does not revive it.
    h.advance(-1000);
    await h.get('/console/api/overview', session).expect(401);
    expect((await h.get('/console/api/session', session).expect(200)).body).toEqual({ signedIn: false });
  });

  it('expires 8 hours after sign-in however busy', async () => {
    const session = await h.signIn();
    for (let elapsed = 0; elapsed + 10 * 60_000 < CONSOLE_ABSOLUTE_TIMEOUT_MS; elapsed += 10 * 60_000) {
      h.advance(10 * 60_000);
      await h.get('/console/api/session', session).expect(200);
    }
    const last = await h.get('/console/api/session', session).expect(200);
    expect(last.body.idleExpiresAt).toBe(new Date(START_MS + CONSOLE_ABSOLUTE_TIMEOUT_MS).toISOString());
    // 470 minutes in (47 steps of 10): ten more reach the absolute limit.
    h.advance(10 * 60_000);
    await h.get('/console/api/overview', session).expect(401);
  });

  it('serves the page and its assets with the console CSP, nosniff, and no-store on the page', async () => {
    const page = await request(h.app).get('/console/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('assets/app.js');
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const asset = await request(h.app).get('/console/assets/app.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['content-security-policy']).toBe(CONSOLE_CSP);
    const redirect = await request(h.app).get('/console').expect(301);
    expect(redirect.headers.location).toBe('/console/');
    const api = await request(h.app).get('/console/api/overview').expect(401);
    expect(api.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('serves no file outside the built directory and no dotfile', async () => {
    for (const path of ['/console/assets/..%2Fpackage.json', '/console/assets/.env', '/console/assets/missing.js', '/console/assets/%2e%2e']) {
      const res = await request(h.app).get(path);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('answers a malformed or oversized sign-in body with a plain JSON 4xx, never a session', async () => {
    const bad = await request(h.app).post('/console/api/session').set('Content-Type', 'application/json').send('{"token":');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/json/);
    expect(bad.headers['set-cookie']).toBeUndefined();
    const big = await request(h.app).post('/console/api/session').send({ token: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(big.headers['set-cookie']).toBeUndefined();
  });

  it('is off without an admin token', () => {
    expect(consoleRoutes({ adminTokens: [], audit: h.audit, jumpcloud: {} as never, mapping: {} as never, tls: false })).toBeUndefined();
  });

  it('keeps the app-wide strict CSP on every other route', async () => {
    const res = await request(h.app).get('/healthz').expect(200);
    expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
  });
});
