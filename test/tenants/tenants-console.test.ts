import { startTenants, makeTenant, tenantConfig, baseConfig, PROVIDER_ADMIN_TOKEN, type TestTenant } from './support/two-tenants';
import { startMultiTenantBridge } from '../../src/composition/start-tenants';
import { registerSecret } from '../support/log-scan/scan-state';
import { bridgeBanner } from '../../src/cli/banner';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

interface Session {
  cookie: string;
  csrfToken: string;
  tenants?: string[];
}

/** Signs in to the console with a token; the session's cookie, CSRF token and tenant list. */
async function signIn(origin: string, token: string): Promise<Session> {
  const res = await fetch(`${origin}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { csrfToken: string; tenants?: string[] };
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  registerSecret('console session id', cookie.split('=')[1]);
  return { cookie, csrfToken: body.csrfToken, ...(body.tenants ? { tenants: body.tenants } : {}) };
}

async function get(origin: string, path: string, session: Session): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${origin}${path}`, { headers: { cookie: session.cookie } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * With TENANTS_FILE the bridge serves one console for every tenant, with a tenant picker: the
 * provider-wide ADMIN_TOKEN sees every tenant, a tenant's admin token its own only, and no
 * session reads a tenant it may not see (the same 404 as a tenant that does not exist).
 */
describe('the console with tenants', () => {
  let a: TestTenant;
  let b: TestTenant;
  let origin: string;
  let started: Awaited<ReturnType<typeof startTenants>>;

  beforeAll(async () => {
    started = await startTenants([await makeTenant('acme'), await makeTenant('globex')]);
    [a, b] = started.tenants as [TestTenant, TestTenant];
    origin = started.origin;
    const joiner = await fetch(`${a.scim}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [CORE], userName: 'ada@acme.example', emails: [{ value: 'ada@acme.example', primary: true }] }),
    });
    expect(joiner.status).toBe(201);
  });
  afterAll(async () => {
    await started?.bridge.close();
    await a?.emulator.close();
    await b?.emulator.close();
  });

  it('is served at /console/ and npm start prints its URL', async () => {
    expect(started.bridge.consoleUrl).toBe(`${started.bridge.url}/console/`);
    expect(bridgeBanner(started.bridge, '1.2.3')).toContain(`Console         ${started.bridge.url}/console/`);
    const res = await fetch(`${origin}/console/api/session`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedIn: false });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('the provider-wide admin token sees every tenant; a tenant admin token sees its own tenant only; another token none', async () => {
    expect((await signIn(origin, PROVIDER_ADMIN_TOKEN)).tenants).toEqual(['acme', 'globex']);
    expect((await signIn(origin, a.adminToken)).tenants).toEqual(['acme']);
    expect((await signIn(origin, b.adminToken)).tenants).toEqual(['globex']);
    for (const token of [a.token, 'not-an-admin-token-0123456789', '']) {
      const res = await fetch(`${origin}/console/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
      expect(res.status).toBe(401);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it("each tenant's pages read that tenant's journal only", async () => {
    const provider = await signIn(origin, PROVIDER_ADMIN_TOKEN);
    const acmeEvents = await get(origin, '/console/api/tenants/acme/events?type=joiner', provider);
    const globexEvents = await get(origin, '/console/api/tenants/globex/events?type=joiner', provider);
    expect(acmeEvents.status).toBe(200);
    expect((acmeEvents.body.events as { userName?: string }[]).map((record) => record.userName)).toEqual(['ada@acme.example']);
    expect(globexEvents.status).toBe(200);
    expect(globexEvents.body.events).toEqual([]);
    const acmeOverview = await get(origin, '/console/api/tenants/acme/overview', provider);
    const globexOverview = await get(origin, '/console/api/tenants/globex/overview', provider);
    expect((acmeOverview.body.today as { joiner: number }).joiner).toBe(1);
    expect((globexOverview.body.today as { joiner: number }).joiner).toBe(0);
    const search = await get(origin, '/console/api/tenants/globex/people/search?q=ada%40acme.example', provider);
    expect(search.status).toBe(200);
    expect(search.body.people).toEqual([]);
  });

  it("a tenant's session gets the same 404 for another tenant as for one that does not exist, and nothing without a tenant", async () => {
    const acme = await signIn(origin, a.adminToken);
    expect((await get(origin, '/console/api/tenants/acme/overview', acme)).status).toBe(200);
    const other = await get(origin, '/console/api/tenants/globex/overview', acme);
    const unknown = await get(origin, '/console/api/tenants/initech/overview', acme);
    expect(other.status).toBe(404);
    expect(other.body).toEqual(unknown.body);
    expect(other.body.error).toBe('no_such_tenant');
    for (const path of ['/console/api/tenants/globex/events.csv', '/console/api/tenants/globex/people/search?q=ada', '/console/api/tenants/globex/pending-activations', '/console/api/overview']) {
      expect((await get(origin, path, acme)).status).toBe(404);
    }
    // Writes too, and the CSRF check still comes first.
    const ack = (csrf?: string) =>
      fetch(`${origin}/console/api/tenants/globex/drift/acknowledge`, {
        method: 'POST',
        headers: { cookie: acme.cookie, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        body: JSON.stringify({ resourceType: 'User', resourceId: '65c000000000000000000a11', key: 'title' }),
      });
    expect((await ack()).status).toBe(403);
    expect((await ack(acme.csrfToken)).status).toBe(404);
    // Signed out: 401 whatever the tenant.
    expect((await fetch(`${origin}/console/api/tenants/acme/overview`)).status).toBe(401);
  });
});

describe('the console with tenants, across a reload', () => {
  it('a removed tenant leaves the picker, and a rotated tenant admin token ends its sessions', async () => {
    const acme = await makeTenant('acme');
    const globex = await makeTenant('globex');
    const base = baseConfig();
    const bridge = await startMultiTenantBridge(base, [acme, globex].map((tenant) => ({ id: tenant.id, config: tenantConfig(base, tenant) })), {});
    const origin = bridge.url.replace('//localhost', '//127.0.0.1');
    try {
      const provider = await signIn(origin, PROVIDER_ADMIN_TOKEN);
      const acmeSession = await signIn(origin, acme.adminToken);
      const globexSession = await signIn(origin, globex.adminToken);
      const rotated = { ...acme, adminToken: `${acme.adminToken}-rotated` };
      registerSecret('admin token', rotated.adminToken);
      await bridge.reload([{ id: 'acme', config: tenantConfig(base, rotated) }]);

      expect((await get(origin, '/console/api/session', provider)).body.tenants).toEqual(['acme']);
      expect((await get(origin, '/console/api/tenants/globex/overview', provider)).status).toBe(404);
      expect((await get(origin, '/console/api/tenants/acme/overview', provider)).status).toBe(200);
      // The old acme token no longer opens the console, and its session ended; globex's too.
      expect((await get(origin, '/console/api/session', acmeSession)).body).toEqual({ signedIn: false });
      expect((await get(origin, '/console/api/tenants/acme/overview', acmeSession)).status).toBe(401);
      expect((await get(origin, '/console/api/session', globexSession)).body).toEqual({ signedIn: false });
      expect((await signIn(origin, rotated.adminToken)).tenants).toEqual(['acme']);
    } finally {
      await bridge.close();
      await acme.emulator.close();
      await globex.emulator.close();
    }
  });

  it('is off (404) when neither ADMIN_TOKEN nor any tenant has an admin token', async () => {
    const acme = await makeTenant('acme');
    const base = baseConfig({ ADMIN_TOKEN: '' });
    const bridge = await startMultiTenantBridge(base, [{ id: 'acme', config: { ...tenantConfig(base, acme), adminToken: undefined } }], {});
    try {
      expect(bridge.consoleUrl).toBeUndefined();
      expect((await fetch(`${bridge.url.replace('//localhost', '//127.0.0.1')}/console/api/session`)).status).toBe(404);
    } finally {
      await bridge.close();
      await acme.emulator.close();
    }
  });
});
