import request from 'supertest';
import { publicOrigin } from '../../src/http/public-origin';
import { startBridgeHarness, type BridgeHarness } from '../support/bridge-harness';
import cases from './public-origin.cases.json';

const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const hostOf = (host: string | null): string | undefined => (host === 'LONG' ? `${'a'.repeat(254)}.example` : (host ?? undefined));

describe('publicOrigin (where Location and meta.location point)', () => {
  it.each(cases)('$name', ({ host, publicBaseUrl, publicHosts, origin }: { host: string | null; publicBaseUrl?: string; publicHosts?: string[]; origin: string | null }) => {
    const req = { protocol: 'http', get: () => hostOf(host) };
    expect(publicOrigin(req, { publicBaseUrl, publicHosts }) ?? null).toBe(origin);
  });

  it('decides a 100 KB hostile Host quickly (the pattern is linear)', () => {
    const started = process.hrtime.bigint();
    expect(publicOrigin({ protocol: 'http', get: () => `${'[:'.repeat(50_000)}` }, {})).toBeUndefined();
    expect(publicOrigin({ protocol: 'http', get: () => `${'a.'.repeat(50_000)}:` }, {})).toBeUndefined();
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(100);
  });
});

describe('a SCIM request whose Host may not name the bridge', () => {
  const user = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'host.check@example.com', name: { givenName: 'Host', familyName: 'Check' }, emails: [{ value: 'host.check@example.com', primary: true }] };

  describe('with PUBLIC_HOSTS set', () => {
    let h: BridgeHarness;
    beforeEach(async () => {
      h = await startBridgeHarness({ env: { PUBLIC_HOSTS: 'scim.example.com,127.0.0.1' }, seed: { users: [] } });
    });
    afterEach(() => h.close());

    it('answers 400 to a create with an unlisted Host, and creates nothing', async () => {
      const res = await h.scim('post', '/Users').set('Host', 'evil.example').send(user).expect(400);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '400', detail: expect.stringContaining('PUBLIC_HOSTS') });
      expect(res.headers.location).toBeUndefined();
      expect(h.jumpcloudRequests().filter((call) => call.method !== 'GET')).toEqual([]);
      expect((await h.scim('get', '/Users').set('Host', 'scim.example.com').expect(200)).body.totalResults).toBe(0);
    });

    it('builds Location and meta.location on a listed Host', async () => {
      const res = await h.scim('post', '/Users').set('Host', 'scim.example.com').send(user).expect(201);
      expect(res.headers.location).toBe(`http://scim.example.com${h.base}/Users/${res.body.id}`);
      expect(res.body.meta.location).toBe(res.headers.location);
    });
  });

  describe('without PUBLIC_BASE_URL or PUBLIC_HOSTS', () => {
    let h: BridgeHarness;
    beforeEach(async () => {
      h = await startBridgeHarness({ seed: { users: [] } });
    });
    afterEach(() => h.close());

    it.each([['user info', 'scim.example.com@evil.example'], ['a path', 'evil.example/x'], ['a percent sign', 'evil%2eexample']])(
      'answers 400 to a create whose Host carries %s, and creates nothing',
      async (_name, host) => {
        const res = await request(h.app).post(`${h.base}/Users`).set('Authorization', `Bearer ${h.config.scimBearerTokens[0]}`).set('Host', host).send(user).expect(400);
        expect(res.body.detail).toBe('The Host header is not a valid host name or address (with an optional port); send the host this service is reached at.');
        expect(h.jumpcloudRequests().filter((call) => call.method !== 'GET')).toEqual([]);
      },
    );

    it('still builds Location from a well-formed Host (the documented default)', async () => {
      const res = await h.scim('post', '/Users').set('Host', 'bridge.internal:8080').send(user).expect(201);
      expect(res.headers.location).toBe(`http://bridge.internal:8080${h.base}/Users/${res.body.id}`);
    });
  });
});
