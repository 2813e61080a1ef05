import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { JumpCloudClient } from '../../src/jumpcloud';
import { proxySettingByApi } from '../../src/jumpcloud/environment-proxy';
import { resolveEndpoints } from '../../src/jumpcloud/regions';
import { fakeRuntime } from './support/fake-runtime';

const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];
const USER_ID = '5f0c1b2a3d4e5f6a7b8c9d0e';

/** Runs `fn` with exactly `variables` as the proxy environment, then puts the old one back. */
async function withProxyEnvironment<T>(variables: Record<string, string>, fn: () => Promise<T> | T): Promise<T> {
  const saved = PROXY_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const name of PROXY_VARIABLES) delete process.env[name];
  Object.assign(process.env, variables);
  try {
    return await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * The proxy decision is taken once per API when the client is built (issue 13: axios re-read the
 * environment on every call); these show that HTTPS_PROXY / HTTP_PROXY / NO_PROXY still decide it.
 */
describe('the environment proxy, decided once per JumpCloud API', () => {
  const cloud = resolveEndpoints({ region: 'us' });

  it('no proxy variable: every API is called directly', async () => {
    expect(await withProxyEnvironment({}, () => proxySettingByApi(cloud))).toEqual({ v1: false, v2: false, insights: false });
  });

  it('HTTPS_PROXY: axios keeps its own proxy handling for every API; NO_PROXY can exempt one host', async () => {
    expect(await withProxyEnvironment({ HTTPS_PROXY: 'http://proxy.internal:3128' }, () => proxySettingByApi(cloud))).toEqual({ v1: undefined, v2: undefined, insights: undefined });
    const exempt = await withProxyEnvironment({ HTTPS_PROXY: 'http://proxy.internal:3128', NO_PROXY: 'api.jumpcloud.com' }, () => proxySettingByApi(cloud));
    expect(exempt).toEqual({ v1: undefined, v2: undefined, insights: false });
  });

  describe('a call through an HTTP_PROXY', () => {
    let proxy: Server;
    const seen: string[] = [];
    beforeAll(async () => {
      // nock's interceptor cannot carry a proxy request (an absolute URL as the path: it answers
      // ERR_INVALID_URL), so it is lifted for this one call, which goes to 127.0.0.1 only.
      nock.restore();
      // A forward proxy receives the absolute URL; this one answers for JumpCloud itself.
      proxy = createServer((req, res) => {
        seen.push(`${req.method} ${req.url}`);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ _id: USER_ID, id: USER_ID, username: 'via-proxy', email: 'via-proxy@example.com' }));
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      nock.activate();
    });

    it('goes through the proxy the environment names', async () => {
      const port = (proxy.address() as AddressInfo).port;
      const user = await withProxyEnvironment({ HTTP_PROXY: `http://127.0.0.1:${port}` }, () => {
        const client = new JumpCloudClient({ apiKey: 'jcapi-test-key-0123456789abcdef', baseUrl: 'http://jumpcloud.proxied.test', timeoutMs: 2000, runtime: fakeRuntime() });
        return client.users.get(USER_ID);
      });
      expect(user.username).toBe('via-proxy');
      expect(seen).toEqual([`GET http://jumpcloud.proxied.test/api/systemusers/${USER_ID}`]);
    });
  });
});
