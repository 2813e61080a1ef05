import express from 'express';
import request from 'supertest';
import { requireScimAuth } from '../../src/http/auth.middleware';
import { scimErrorHandler } from '../../src/http/error.middleware';
import { requestId } from '../../src/http/request-id.middleware';
import { captureLogger } from '../support/log-scan/capture-logger';

const captured = captureLogger();
const OLD = 'old-token-0123456789abcdef';
const NEW = 'new-token-0123456789abcdef';

function app(basic?: { username: string; password: string }): express.Express {
  const a = express();
  a.use(requestId());
  a.use(requireScimAuth({ bearerTokens: [OLD, NEW], basic }));
  a.get('/Users', (_req, res) => res.json({ client: res.locals.client }));
  a.use(scimErrorHandler(captured));
  return a;
}

const basicHeader = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('SCIM authentication', () => {
  it.each([
    [OLD, 'bearer#1'],
    [NEW, 'bearer#2'],
  ])('accepts every configured bearer token (rotation): %s', async (token, label) => {
    const res = await request(app()).get('/Users').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.client).toBe(label);
  });

  it('accepts the scheme in any case', async () => {
    await request(app()).get('/Users').set('Authorization', `bearer ${OLD}`).expect(200);
  });

  it.each([
    ['no header', undefined, 'Authentication required'],
    ['a wrong token', `Bearer ${OLD}x`, 'not valid'],
    ['a prefix of a token', `Bearer ${OLD.slice(0, 10)}`, 'not valid'],
    ['an empty bearer', 'Bearer ', 'not valid'],
    ['an unknown scheme', `Token ${OLD}`, 'not valid'],
    ['Basic when Basic is not configured', basicHeader('u', 'p'), 'not valid'],
  ])('refuses %s with a SCIM 401 and a challenge', async (_name, header, detail) => {
    const req = request(app()).get('/Users');
    if (header !== undefined) req.set('Authorization', header);
    const res = await req.expect(401);
    expect(res.headers['www-authenticate']).toContain('Bearer realm="SCIM"');
    expect(res.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' });
    expect(res.body.detail).toContain(detail);
  });

  describe('HTTP Basic', () => {
    const creds = { username: 'sailpoint', password: 'basic-password-0123456789' };
    it('accepts the configured user and password', async () => {
      const res = await request(app(creds)).get('/Users').set('Authorization', basicHeader('sailpoint', creds.password)).expect(200);
      expect(res.body.client).toBe('basic:sailpoint');
    });
    it.each([
      ['wrong password', basicHeader('sailpoint', 'nope')],
      ['wrong user', basicHeader('other', creds.password)],
      ['no colon', `Basic ${Buffer.from('sailpoint').toString('base64')}`],
    ])('refuses a %s', async (_name, header) => {
      const res = await request(app(creds)).get('/Users').set('Authorization', header).expect(401);
      expect(res.headers['www-authenticate']).toContain('Basic realm="SCIM"');
    });
  });
});
