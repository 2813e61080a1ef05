import jwt from 'jsonwebtoken';
import request from 'supertest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from '../../src/http/oauth-access-tokens';
import { basic, startSecurityBridge, type SecurityBridge } from './security-harness';

const SAILPOINT = { id: 'sailpoint-isc', secret: 'sailpoint-secret-0123456789' };
const OKTA = { id: 'okta', secret: 'okta+secret:with/odd chars' };
const SIGNING_KEY = 'oauth-test-signing-key-0123456789abcdef';
const ADMIN_TOKEN = 'oauth-test-admin-token-0123456789';
const TTL = 600;
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

describe('OAuth 2.0 client credentials (RFC 6749 §4.4) at POST /oauth/token', () => {
  let b: SecurityBridge;
  beforeEach(async () => {
    b = await startSecurityBridge({
      SCIM_BEARER_TOKEN: 'static-scim-token-0123456789',
      OAUTH_CLIENTS: JSON.stringify({ [SAILPOINT.id]: SAILPOINT.secret, [OKTA.id]: OKTA.secret }),
      OAUTH_SIGNING_SECRET: SIGNING_KEY,
      OAUTH_TOKEN_TTL_SECONDS: String(TTL),
      ADMIN_TOKEN,
      // Lets a test act from several addresses (X-Forwarded-For believed from the loopback peer only).
      TRUST_PROXY: 'loopback',
    });
  });
  afterEach(() => b.close());

  const token = (): request.Test => request(b.app).post('/oauth/token');
  const form = 'application/x-www-form-urlencoded';

  async function accessToken(client = SAILPOINT): Promise<string> {
    const res = await token().set('Authorization', basic(client.id, client.secret)).type(form).send('grant_type=client_credentials').expect(200);
    return res.body.access_token as string;
  }

  describe('issues a token', () => {
    it('to a client authenticated with HTTP Basic (SailPoint\'s default), with no-store', async () => {
      const res = await token().set('Authorization', basic(SAILPOINT.id, SAILPOINT.secret)).type(form).send('grant_type=client_credentials').expect(200);
      expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: TTL });
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.pragma).toBe('no-cache');
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it('to a client sending client_id and client_secret in a form body', async () => {
      const res = await token().type(form).send({ grant_type: 'client_credentials', client_id: SAILPOINT.id, client_secret: SAILPOINT.secret }).expect(200);
      expect(res.body.token_type).toBe('Bearer');
    });

    it('to a client sending a JSON body', async () => {
      await token().send({ grant_type: 'client_credentials', client_id: SAILPOINT.id, client_secret: SAILPOINT.secret }).expect(200);
    });

    it('to a Basic client whose secret is form-encoded as §2.3.1 asks, and to one that does not encode it', async () => {
      await token().set('Authorization', basic(encodeURIComponent(OKTA.id), encodeURIComponent(OKTA.secret))).type(form).send('grant_type=client_credentials').expect(200);
      await token().set('Authorization', basic(OKTA.id, OKTA.secret)).type(form).send('grant_type=client_credentials').expect(200);
    });

    it('accepts a client_id in the body beside Basic when it names the same client, and answers a requested scope with "scim"', async () => {
      const res = await token()
        .set('Authorization', basic(SAILPOINT.id, SAILPOINT.secret))
        .type(form)
        .send({ grant_type: 'client_credentials', client_id: SAILPOINT.id, scope: 'users groups' })
        .expect(200);
      expect(res.body.scope).toBe('scim');
    });

    it('as a signed JWT with iss, aud, sub = client_id, iat, exp = iat + TTL and a unique jti', async () => {
      const first = jwt.verify(await accessToken(), SIGNING_KEY, { algorithms: ['HS256'], ignoreExpiration: true, complete: true });
      const second = jwt.verify(await accessToken(), SIGNING_KEY, { algorithms: ['HS256'], ignoreExpiration: true }) as jwt.JwtPayload;
      const payload = first.payload as jwt.JwtPayload;
      expect(first.header).toMatchObject({ alg: 'HS256', typ: 'at+jwt' });
      expect(payload).toMatchObject({ iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, sub: SAILPOINT.id, client_id: SAILPOINT.id, iat: Date.UTC(2025, 0, 15, 12) / 1000 });
      expect((payload.exp as number) - (payload.iat as number)).toBe(TTL);
      expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.jti).not.toBe(payload.jti);
    });
  });

  describe('refuses (RFC 6749 §5.2)', () => {
    it.each([
      ['a wrong secret in the Basic header', (t: request.Test) => t.set('Authorization', basic(SAILPOINT.id, `${SAILPOINT.secret}x`)).type(form).send('grant_type=client_credentials')],
      ['an unknown client in the Basic header', (t: request.Test) => t.set('Authorization', basic('nobody', SAILPOINT.secret)).type(form).send('grant_type=client_credentials')],
      ['another client\'s secret', (t: request.Test) => t.set('Authorization', basic(OKTA.id, SAILPOINT.secret)).type(form).send('grant_type=client_credentials')],
      ['a wrong secret in the body', (t: request.Test) => t.type(form).send({ grant_type: 'client_credentials', client_id: SAILPOINT.id, client_secret: 'wrong-secret-0123456789' })],
      ['a body client_id without a secret', (t: request.Test) => t.type(form).send({ grant_type: 'client_credentials', client_id: SAILPOINT.id })],
      ['no client authentication at all', (t: request.Test) => t.type(form).send('grant_type=client_credentials')],
      ['a Bearer header instead of client credentials', (t: request.Test) => t.set('Authorization', 'Bearer static-scim-token-0123456789').type(form).send('grant_type=client_credentials')],
      ['Basic credentials without a colon', (t: request.Test) => t.set('Authorization', `Basic ${Buffer.from(SAILPOINT.id).toString('base64')}`).type(form).send('grant_type=client_credentials')],
    ])('%s: 401 invalid_client with a Basic challenge', async (_name, send) => {
      const res = await send(token()).expect(401);
      expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="oauth"/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.stringify(res.body)).not.toContain(SAILPOINT.secret);
    });

    it.each([
      ['no grant_type', 'invalid_request', 'client_id=x'],
      ['grant_type=password', 'unsupported_grant_type', 'grant_type=password&username=a&password=b'],
      ['grant_type=authorization_code', 'unsupported_grant_type', 'grant_type=authorization_code&code=abc'],
      ['grant_type twice', 'invalid_request', 'grant_type=client_credentials&grant_type=client_credentials'],
    ])('%s: 400 %s', async (_name, error, body) => {
      const res = await token().set('Authorization', basic(SAILPOINT.id, SAILPOINT.secret)).type(form).send(body).expect(400);
      expect(res.body.error).toBe(error);
    });

    it('credentials in both the header and the body: 400 invalid_request (one method per request, §2.3)', async () => {
      const res = await token()
        .set('Authorization', basic(SAILPOINT.id, SAILPOINT.secret))
        .type(form)
        .send({ grant_type: 'client_credentials', client_id: SAILPOINT.id, client_secret: SAILPOINT.secret })
        .expect(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('a body that is neither a form nor JSON, or broken JSON: 400 invalid_request', async () => {
      expect((await token().type('text/plain').send('grant_type=client_credentials').expect(400)).body.error).toBe('invalid_request');
      expect((await token().type('application/json').send('{"grant_type":').expect(400)).body.error).toBe('invalid_request');
    });

    it('GET: 405 with Allow: POST', async () => {
      const res = await request(b.app).get('/oauth/token').expect(405);
      expect(res.headers.allow).toBe('POST');
    });
  });

  describe('backs off repeated failures per address and client', () => {
    const attempt = (from: string, secret: string): request.Test =>
      token().set('X-Forwarded-For', from).set('Authorization', basic(SAILPOINT.id, secret)).type(form).send('grant_type=client_credentials');

    it('answers 429 with Retry-After after five failures, even to the right secret, until the wait is over', async () => {
      for (let i = 0; i < 5; i += 1) await attempt('198.51.100.7', 'wrong-secret-0123456789').expect(401);
      const blocked = await attempt('198.51.100.7', SAILPOINT.secret).expect(429);
      expect(blocked.body.error).toBe('temporarily_unavailable');
      expect(blocked.headers['retry-after']).toBe('1');
      // The real client from its own address is not locked out by someone else's guessing.
      await attempt('203.0.113.20', SAILPOINT.secret).expect(200);
      b.advance(1000);
      await attempt('198.51.100.7', 'wrong-secret-0123456789').expect(401);
      // The wait doubles with each further failure.
      expect((await attempt('198.51.100.7', SAILPOINT.secret).expect(429)).headers['retry-after']).toBe('2');
      b.advance(2000);
      await attempt('198.51.100.7', SAILPOINT.secret).expect(200);
    });
  });

  describe('the SCIM endpoints', () => {
    it('accept an issued token on /Users, and journal the writer as oauth:<client_id>', async () => {
      const bearer = `Bearer ${await accessToken()}`;
      await request(b.app)
        .post('/scim/v2/Users')
        .set('Authorization', bearer)
        .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'oauth.joiner', name: { givenName: 'O', familyName: 'Auth' }, emails: [{ value: 'oauth.joiner@example.com', primary: true }] })
        .expect(201);
      const list = await request(b.app).get('/scim/v2/Users?filter=userName eq "oauth.joiner"').set('Authorization', bearer).expect(200);
      expect(list.body.totalResults).toBe(1);
      const page = await b.audit.query({});
      expect(page.records.map((record) => record.client)).toEqual(['oauth:sailpoint-isc']);
    });

    it('still accept the static bearer token beside OAuth', async () => {
      await request(b.app).get('/scim/v2/Users?count=1').set('Authorization', 'Bearer static-scim-token-0123456789').expect(200);
    });

    it('refuse an expired token with a SCIM 401 and an invalid_token challenge (RFC 6750 §3.1)', async () => {
      const bearer = `Bearer ${await accessToken()}`;
      b.advance((TTL - 1) * 1000);
      await request(b.app).get('/scim/v2/Users?count=1').set('Authorization', bearer).expect(200);
      b.advance(1000);
      const res = await request(b.app).get('/scim/v2/Users?count=1').set('Authorization', bearer).expect(401);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401', detail: 'The access token has expired; request a new one from the token endpoint.' });
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    const claims = (overrides: Record<string, unknown>): Record<string, unknown> => {
      const iat = Date.UTC(2025, 0, 15, 12) / 1000;
      return { iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, sub: SAILPOINT.id, client_id: SAILPOINT.id, iat, exp: iat + TTL, jti: 'x', ...overrides };
    };
    const typ = { header: { alg: 'HS256' as const, typ: 'at+jwt' } };

    it.each([
      ['signed with another key (forged)', () => jwt.sign(claims({}), 'some-other-key-0123456789abcdef0123', typ)],
      ['for another audience', () => jwt.sign(claims({ aud: 'https://other.example.com' }), SIGNING_KEY, typ)],
      ['from another issuer', () => jwt.sign(claims({ iss: 'someone-else' }), SIGNING_KEY, typ)],
      ['for a client that is not configured', () => jwt.sign(claims({ sub: 'ghost', client_id: 'ghost' }), SIGNING_KEY, typ)],
      ['without an expiry', () => {
        const { exp: _exp, ...rest } = claims({});
        return jwt.sign(rest, SIGNING_KEY, typ);
      }],
      ['of another JWT type', () => jwt.sign(claims({}), SIGNING_KEY, { header: { alg: 'HS256', typ: 'JWT' } })],
      ['with alg none', () => `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims({}))).toString('base64url')}.`],
      ['tampered after signing', () => {
        const [head, , sig] = jwt.sign(claims({}), SIGNING_KEY, typ).split('.');
        return `${head}.${Buffer.from(JSON.stringify(claims({ sub: OKTA.id, client_id: OKTA.id }))).toString('base64url')}.${sig}`;
      }],
    ])('refuse a token %s with a SCIM 401', async (_name, make) => {
      const res = await request(b.app).get('/scim/v2/Users').set('Authorization', `Bearer ${make()}`).expect(401);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '401', detail: 'The credentials in the Authorization header are not valid for this service.' });
      expect(res.headers['www-authenticate']).not.toContain('invalid_token');
    });

    it('announce oauth2 in /ServiceProviderConfig beside the bearer token', async () => {
      const res = await request(b.app).get('/scim/v2/ServiceProviderConfig').set('Authorization', `Bearer ${await accessToken()}`).expect(200);
      const schemes = res.body.authenticationSchemes as { type: string; specUri: string }[];
      expect(schemes.map((scheme) => scheme.type)).toEqual(['oauthbearertoken', 'oauth2']);
      expect(schemes[1]?.specUri).toContain('rfc6749');
    });
  });

  it('never opens /admin to an OAuth token (the admin endpoints take ADMIN_TOKEN only)', async () => {
    await request(b.app).get('/admin/events').set('Authorization', `Bearer ${await accessToken()}`).expect(401);
    await request(b.app).get('/admin/events').set('Authorization', `Bearer ${ADMIN_TOKEN}`).expect(200);
  });

  it('keeps the token endpoint outside the SCIM base: /scim/v2/oauth/token is a SCIM route needing SCIM auth', async () => {
    await request(b.app).post('/scim/v2/oauth/token').type(form).send('grant_type=client_credentials').expect(401);
  });
});

describe('without OAUTH_CLIENTS', () => {
  let b: SecurityBridge;
  beforeAll(async () => {
    b = await startSecurityBridge({ SCIM_BEARER_TOKEN: 'static-scim-token-0123456789' });
  });
  afterAll(() => b.close());

  it('has no token endpoint and announces no oauth2 scheme', async () => {
    await request(b.app).post('/oauth/token').type('form').send('grant_type=client_credentials').expect(404);
    const res = await request(b.app).get('/scim/v2/ServiceProviderConfig').set('Authorization', 'Bearer static-scim-token-0123456789').expect(200);
    expect(res.body.authenticationSchemes.map((scheme: { type: string }) => scheme.type)).toEqual(['oauthbearertoken']);
  });

  it('treats a well-formed JWT as just a wrong bearer token', async () => {
    const forged = jwt.sign({ sub: 'x' }, SIGNING_KEY);
    await request(b.app).get('/scim/v2/Users').set('Authorization', `Bearer ${forged}`).expect(401);
  });
});
