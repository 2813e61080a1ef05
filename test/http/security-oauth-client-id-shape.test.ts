import express from 'express';
import request from 'supertest';
import { OAuthAccessTokens } from '../../src/http/oauth-access-tokens';
import { FailureThrottle } from '../../src/http/oauth-failure-throttle';
import { oauthTokenRoutes } from '../../src/http/oauth-token.routes';

const CLIENT = { id: 'sailpoint-isc', secret: 'sailpoint-secret-0123456789' };

/** A FailureThrottle that remembers every key it was asked to count. */
class RecordingThrottle extends FailureThrottle {
  readonly failedKeys: string[] = [];
  override fail(keys: readonly string[]): void {
    this.failedKeys.push(...keys);
    super.fail(keys);
  }
}

function tokenApp(throttle: FailureThrottle): express.Express {
  const tokens = new OAuthAccessTokens({ clients: [CLIENT], signingKey: 'client-id-shape-signing-key-0123456789', ttlSeconds: 600 });
  const app = express();
  app.use(oauthTokenRoutes({ tokens, throttle }));
  return app;
}

const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

describe('the token endpoint checks the client_id shape before the failure throttle keys on it', () => {
  // Each would be a distinct per-client key of up to 8 KB if the throttle took it as it came.
  const hostile = [
    ['an id of 7,000 characters', 'x'.repeat(7000)],
    ['an id of 129 characters', 'a'.repeat(129)],
    ['an id with spaces and quotes', 'sailpoint "isc" admin'],
    ['an id with a non-ASCII character', 'sailpoint-ïsc'],
  ];

  it.each(hostile)('answers 401 invalid_client for %s, counting the failure under the address only', async (_name, id) => {
    const throttle = new RecordingThrottle();
    const res = await request(tokenApp(throttle)).post('/oauth/token').type('form').send({ grant_type: 'client_credentials', client_id: id, client_secret: CLIENT.secret }).expect(401);
    expect(res.body.error).toBe('invalid_client');
    expect(throttle.failedKeys).toHaveLength(1);
    expect(throttle.failedKeys[0]).toMatch(/^ip:/);
    expect(throttle.failedKeys.join('')).not.toContain(id);
  });

  it('still throttles a flood of malformed ids by address (429 after the free attempts)', async () => {
    const app = tokenApp(new FailureThrottle({ freeAttempts: 3 }));
    for (let i = 0; i < 3; i += 1) {
      await request(app).post('/oauth/token').set('Authorization', basic(`bad id ${i} ${'y'.repeat(4000)}`, 'whatever-secret-0123')).type('form').send('grant_type=client_credentials').expect(401);
    }
    const res = await request(app).post('/oauth/token').set('Authorization', basic(CLIENT.id, 'wrong-secret-0123456789')).type('form').send('grant_type=client_credentials').expect(429);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('keys a well-formed wrong client under the address and the client id, and lets the right one in', async () => {
    const throttle = new RecordingThrottle();
    const app = tokenApp(throttle);
    await request(app).post('/oauth/token').set('Authorization', basic(CLIENT.id, 'wrong-secret-0123456789')).type('form').send('grant_type=client_credentials').expect(401);
    expect(throttle.failedKeys).toEqual([expect.stringMatching(/^ip:/), expect.stringMatching(/^client:.*\|sailpoint-isc$/)]);
    await request(app).post('/oauth/token').set('Authorization', basic(CLIENT.id, CLIENT.secret)).type('form').send('grant_type=client_credentials').expect(200);
  });
});
