import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import { compileAllowList, normalizeAddress } from '../../src/http/security-ip-allow-list';
import { startSecurityBridge, type SecurityBridge } from './security-harness';

interface AllowListCases {
  allowList: string[];
  cases: { name: string; address: string; allowed: boolean }[];
}
const table = JSON.parse(readFileSync(join(__dirname, 'security-ip-allow-list.cases.json'), 'utf8')) as AllowListCases;
const TOKEN = 'allow-list-scim-token-0123456789';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** One HTTP/1.1 GET over a raw socket (an HTTP client would be intercepted by nock's IPv4-only loopback rule); resolves the status. */
function rawGet(host: string, port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: [${host}]:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
    });
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('IP allow-list matching (IPv4 and IPv6 CIDRs)', () => {
  const list = compileAllowList(table.allowList);
  it.each(table.cases)('$name ($address): allowed=$allowed', ({ address, allowed }) => {
    const client = normalizeAddress(address);
    expect(client !== undefined && list.check(client.address, client.type)).toBe(allowed);
  });
});

describe('IP_ALLOW_LIST and TRUST_PROXY settings', () => {
  it('reads addresses and CIDRs of both families, and TRUST_PROXY as false, hops or proxy addresses', () => {
    expect(loadConfig({ IP_ALLOW_LIST: '10.0.0.0/8, 2001:db8::/32,192.0.2.1' }).network).toEqual({ ipAllowList: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.1'], trustProxy: false });
    expect(loadConfig({ TRUST_PROXY: '2' }).network.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).network.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({}).network).toEqual({ ipAllowList: undefined, trustProxy: false });
  });

  it.each([
    [{ IP_ALLOW_LIST: '10.0.0.0/33' }, 'IP_ALLOW_LIST: "10.0.0.0/33" has a prefix length outside 0-32'],
    [{ IP_ALLOW_LIST: '2001:db8::/129' }, 'IP_ALLOW_LIST: "2001:db8::/129" has a prefix length outside 0-128'],
    [{ IP_ALLOW_LIST: 'office.example.com' }, 'IP_ALLOW_LIST: "office.example.com" is not an IPv4 or IPv6 address or CIDR range'],
    [{ IP_ALLOW_LIST: '10.0.0.0/8/1' }, 'IP_ALLOW_LIST: "10.0.0.0/8/1" is not an IPv4 or IPv6 address or CIDR range'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY: true would believe X-Forwarded-For from any client'],
    [{ TRUST_PROXY: 'proxy.internal' }, 'TRUST_PROXY: "proxy.internal" is not an IPv4 or IPv6 address or CIDR range'],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('the allow-list in front of the app', () => {
  describe('without TRUST_PROXY (X-Forwarded-For is not believed)', () => {
    let b: SecurityBridge;
    beforeAll(async () => {
      b = await startSecurityBridge({ SCIM_BEARER_TOKEN: TOKEN, IP_ALLOW_LIST: '203.0.113.0/24' });
    });
    afterAll(() => b.close());

    it('refuses the loopback peer with a SCIM 403 before authentication, even when it claims an allowed X-Forwarded-For', async () => {
      // No credentials at all: 403, not 401, so strangers never reach the credential check.
      const res = await request(b.app).get('/scim/v2/Users').set('X-Forwarded-For', '203.0.113.5').expect(403);
      expect(res.body).toMatchObject({ schemas: [ERROR_SCHEMA], status: '403' });
      expect(res.body.detail).toMatch(/^Requests from (127\.0\.0\.1|::1) are not allowed by this service's IP allow-list\.$/);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    });

    it('answers a plain JSON 403 outside the SCIM base', async () => {
      const res = await request(b.app).post('/oauth/token').expect(403);
      expect(res.body).toEqual({ error: 'Forbidden', detail: expect.stringContaining('IP allow-list') });
    });

    it('keeps /healthz and /readyz open to every address (container and orchestrator probes)', async () => {
      await request(b.app).get('/healthz').expect(200);
      await request(b.app).get('/readyz').expect(200);
    });
  });

  describe('with TRUST_PROXY=loopback (a proxy on this host)', () => {
    let b: SecurityBridge;
    beforeAll(async () => {
      b = await startSecurityBridge({ SCIM_BEARER_TOKEN: TOKEN, IP_ALLOW_LIST: '203.0.113.0/24,2001:db8::/32', TRUST_PROXY: 'loopback' });
    });
    afterAll(() => b.close());

    it.each([
      ['an allowed IPv4 client', '203.0.113.5', 200],
      ['an allowed IPv6 client', '2001:db8:9::7', 200],
      ['a refused IPv4 client', '192.0.2.10', 403],
      ['a refused IPv6 client', '2001:db9::1', 403],
      ['an allowed-looking entry forged before the real client (the proxy appends the real one last)', '203.0.113.5, 192.0.2.10', 403],
    ])('%s (X-Forwarded-For: %s) gets %d', async (_name, forwarded, status) => {
      await request(b.app).get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${TOKEN}`).set('X-Forwarded-For', forwarded).expect(status);
    });

    it('checks the address before the credentials', async () => {
      await request(b.app).get('/scim/v2/Users').set('X-Forwarded-For', '192.0.2.10').expect(403);
      await request(b.app).get('/scim/v2/Users').set('X-Forwarded-For', '203.0.113.5').expect(401);
    });

    it('treats a peer without X-Forwarded-For as itself (loopback, not listed)', async () => {
      await request(b.app).get('/scim/v2/Users').set('Authorization', `Bearer ${TOKEN}`).expect(403);
    });
  });

  describe('over a real IPv6 socket', () => {
    let b: SecurityBridge;
    let server: Server | undefined;
    let port = 0;
    beforeAll(async () => {
      b = await startSecurityBridge({ SCIM_BEARER_TOKEN: TOKEN, IP_ALLOW_LIST: '::1/128' });
      const listening = createServer(b.app);
      const ok = await new Promise<boolean>((resolve) => {
        listening.once('error', () => resolve(false));
        listening.listen(0, '::1', () => resolve(true));
      });
      if (ok) {
        server = listening;
        port = (listening.address() as AddressInfo).port;
      }
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await b.close();
    });

    it('lets the listed IPv6 loopback in, and keeps IPv4 loopback out', async () => {
      // The machines this project runs on (and CI) have IPv6 loopback: not having it is a failure, not a skip.
      expect(server).toBeDefined();
      expect(await rawGet('::1', port, '/scim/v2/Users?count=1', TOKEN)).toBe(200);
      await request(b.app).get('/scim/v2/Users?count=1').set('Authorization', `Bearer ${TOKEN}`).expect(403);
    });
  });
});
