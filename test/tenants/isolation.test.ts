import { startTenants, makeTenant, PROVIDER_ADMIN_TOKEN, type TestTenant } from './support/two-tenants';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  challenge: string | null;
}

async function call(url: string, init: { method?: string; auth?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.auth ? { authorization: init.auth } : {}), ...(init.body !== undefined ? { 'content-type': 'application/scim+json' } : {}), ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    body = { text };
  }
  return { status: res.status, body, challenge: res.headers.get('www-authenticate') };
}

const bearer = (token: string) => `Bearer ${token}`;

/**
 * Two tenants (two JumpCloud organisations) in one bridge: every route is tried with the other
 * tenant's credentials, ids, cursors, bulk operations and filters, and nothing crosses: no read,
 * no write, and no answer that tells an unknown tenant from a known one.
 */
describe('tenants are isolated end to end', () => {
  let a: TestTenant;
  let b: TestTenant;
  let origin: string;
  let close: () => Promise<void>;
  let aliceId: string;
  let aGroupId: string;

  beforeAll(async () => {
    const started = await startTenants([await makeTenant('acme'), await makeTenant('globex')]);
    [a, b] = started.tenants as [TestTenant, TestTenant];
    origin = started.origin;
    close = async () => {
      await started.bridge.close();
      await a.emulator.close();
      await b.emulator.close();
    };
    const alice = await call(`${a.scim}/Users`, { method: 'POST', auth: bearer(a.token), body: { schemas: [CORE], userName: 'alice@acme.example', name: { givenName: 'Alice', familyName: 'Acme' }, emails: [{ value: 'alice@acme.example', type: 'work', primary: true }] } });
    expect(alice.status).toBe(201);
    aliceId = alice.body.id as string;
    const group = await call(`${a.scim}/Groups`, { method: 'POST', auth: bearer(a.token), body: { schemas: [GROUP], displayName: 'Acme admins', members: [{ value: aliceId }] } });
    expect(group.status).toBe(201);
    aGroupId = group.body.id as string;
  });
  afterAll(async () => {
    await close?.();
  });

  /** Every SCIM route of a tenant, as (method, path, body) with ids of the OTHER tenant where an id goes. */
  const routes = (): [string, string, unknown?][] => [
    ['GET', '/Users'],
    ['GET', `/Users/${aliceId}`],
    ['GET', `/Users?filter=${encodeURIComponent('userName eq "alice@acme.example"')}`],
    ['POST', '/Users/.search', { schemas: [SEARCH], filter: 'userName eq "alice@acme.example"' }],
    ['POST', '/.search', { schemas: [SEARCH] }],
    ['PATCH', `/Users/${aliceId}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Crossed' }] }],
    ['PUT', `/Users/${aliceId}`, { schemas: [CORE], userName: 'alice@acme.example', title: 'Crossed' }],
    ['DELETE', `/Users/${aliceId}`],
    ['GET', '/Groups'],
    ['GET', `/Groups/${aGroupId}`],
    ['PATCH', `/Groups/${aGroupId}`, { schemas: [PATCH_OP], Operations: [{ op: 'remove', path: 'members' }] }],
    ['DELETE', `/Groups/${aGroupId}`],
    ['POST', '/Bulk', { schemas: [BULK], Operations: [{ method: 'DELETE', path: `/Users/${aliceId}` }] }],
    ['GET', '/ServiceProviderConfig'],
    ['GET', '/Schemas'],
    ['GET', '/ResourceTypes'],
  ];

  it("refuses tenant A's credential on every route of tenant B with the same 401 an unknown tenant gives", async () => {
    for (const [method, path, body] of routes()) {
      const crossed = await call(`${b.scim}${path}`, { method, auth: bearer(a.token), body });
      const unknown = await call(`${origin}/initech/scim/v2${path}`, { method, auth: bearer(a.token), body });
      const wrong = await call(`${b.scim}${path}`, { method, auth: bearer('not-a-token-of-anyone-0123456789'), body });
      expect([method, path, crossed.status]).toEqual([method, path, 401]);
      // No existence leak: the same status, body and challenge for "not yours", "nobody's" and a wrong token.
      expect(unknown).toEqual(crossed);
      expect(wrong).toEqual(crossed);
      const anonymousKnown = await call(`${b.scim}${path}`, { method, body });
      const anonymousUnknown = await call(`${origin}/initech/scim/v2${path}`, { method, body });
      expect(anonymousUnknown).toEqual(anonymousKnown);
    }
  });

  it("finds none of tenant A's resources with tenant B's own credential, and writes nothing to them", async () => {
    for (const [method, path, body] of routes()) {
      const answer = await call(`${b.scim}${path}`, { method, auth: bearer(b.token), body });
      if (path.includes(aliceId) || path.includes(aGroupId)) {
        if (path === '/Bulk') continue;
        expect([method, path, answer.status]).toEqual([method, path, 404]);
      } else if (path === '/Bulk') {
        const results = answer.body.Operations as { status: string }[];
        expect(results.map((result) => result.status)).toEqual(['404']);
      } else if (method === 'GET' && (path.startsWith('/Users') || path.startsWith('/Groups'))) {
        expect(answer.status).toBe(200);
        // Tenant B's own directory: no user yet, its "All Users" group at most.
        expect(JSON.stringify(answer.body)).not.toMatch(/acme|Alice/);
        if (path.startsWith('/Users')) expect(answer.body.totalResults).toBe(0);
      } else if (path.endsWith('.search')) {
        // Tenant B's own organisation answers (its "All Users" group at most), never A's.
        expect(answer.status).toBe(200);
        expect(JSON.stringify(answer.body)).not.toMatch(/acme|Alice/);
      }
    }
    // Tenant A's organisation is untouched: alice and her group are still there, unchanged.
    const alice = await call(`${a.scim}/Users/${aliceId}`, { auth: bearer(a.token) });
    expect(alice.status).toBe(200);
    expect(alice.body.title).toBeUndefined();
    expect(((alice.body.groups as { value: string }[]) ?? []).map((group) => group.value)).toEqual([aGroupId]);
    expect(b.emulator.ctx.users.count()).toBe(0);
  });

  it("refuses tenant A's paging cursor on tenant B", async () => {
    await call(`${a.scim}/Users`, { method: 'POST', auth: bearer(a.token), body: { schemas: [CORE], userName: 'bob@acme.example', emails: [{ value: 'bob@acme.example', type: 'work', primary: true }] } });
    const first = await call(`${a.scim}/Users?count=1&cursor=`, { auth: bearer(a.token) });
    expect(first.status).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(typeof cursor).toBe('string');
    const onB = await call(`${b.scim}/Users?count=1&cursor=${encodeURIComponent(cursor)}`, { auth: bearer(b.token) });
    expect(onB.status).toBe(400);
    expect(onB.body.scimType).toBe('invalidCursor');
    expect(JSON.stringify(onB.body)).not.toContain('acme.example');
  });

  it("keeps delta aggregations apart: tenant B's changes since the start hold none of tenant A's", async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const onA = await call(`${a.scim}/Users?filter=${encodeURIComponent(`meta.lastModified gt "${since}"`)}`, { auth: bearer(a.token) });
    const onB = await call(`${b.scim}/Users?filter=${encodeURIComponent(`meta.lastModified gt "${since}"`)}`, { auth: bearer(b.token) });
    expect(onA.body.totalResults).toBeGreaterThanOrEqual(2);
    expect(onB.body.totalResults).toBe(0);
  });

  it("binds access tokens and OAuth clients to their tenant", async () => {
    const form = (client: { id: string; secret: string }) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `grant_type=client_credentials&client_id=${encodeURIComponent(client.id)}&client_secret=${encodeURIComponent(client.secret)}` });
    const issued = await fetch(`${origin}/${a.id}/oauth/token`, form(a.oauthClient));
    expect(issued.status).toBe(200);
    const accessToken = ((await issued.json()) as { access_token: string }).access_token;
    expect((await call(`${a.scim}/Users?count=1`, { auth: bearer(accessToken) })).status).toBe(200);
    const crossed = await call(`${b.scim}/Users?count=1`, { auth: bearer(accessToken) });
    expect(crossed.status).toBe(401);
    // A's client at B's token endpoint: refused exactly as at an unknown tenant's.
    const atB = await fetch(`${origin}/${b.id}/oauth/token`, form(a.oauthClient));
    const atUnknown = await fetch(`${origin}/initech/oauth/token`, form(a.oauthClient));
    expect(atB.status).toBe(401);
    expect([atUnknown.status, await atUnknown.text()]).toEqual([atB.status, await atB.text()]);
  });

  it("takes each tenant's admin token on its own tenant only, and the provider's on every tenant", async () => {
    const events = (tenant: TestTenant, token: string) => call(`${origin}/${tenant.id}/admin/events`, { auth: bearer(token) });
    expect((await events(a, a.adminToken)).status).toBe(200);
    const crossed = await events(b, a.adminToken);
    const unknown = await call(`${origin}/initech/admin/events`, { auth: bearer(a.adminToken) });
    expect(crossed.status).toBe(401);
    expect(unknown).toEqual(crossed);
    const onA = await events(a, PROVIDER_ADMIN_TOKEN);
    const onB = await events(b, PROVIDER_ADMIN_TOKEN);
    expect(onA.status).toBe(200);
    expect(onB.status).toBe(200);
    expect(JSON.stringify(onA.body)).toContain('alice@acme.example');
    expect(JSON.stringify(onB.body)).not.toContain('acme.example');
  });

  it('labels metrics by tenant, and only by the tenants of the file', async () => {
    const res = await fetch(`${origin}/metrics`, { headers: { authorization: bearer(PROVIDER_ADMIN_TOKEN) } });
    expect(res.status).toBe(200);
    const text = await res.text();
    const labels = new Set([...text.matchAll(/tenant="([^"]*)"/g)].map((match) => match[1]));
    expect([...labels].sort()).toEqual(['acme', 'globex']);
    expect(text).toMatch(/scim_bridge_scim_requests_total\{[^}]*tenant="acme"/);
  });

  it("answers a path that no tenant route takes with the same 404, known tenant or not", async () => {
    const known = await call(`${origin}/${a.id}/nothing-here`, { auth: bearer(a.token) });
    const unknown = await call(`${origin}/initech/nothing-here`, { auth: bearer(a.token) });
    expect(known.status).toBe(404);
    // The same answer but for the path it repeats.
    expect(JSON.parse(JSON.stringify(unknown).replaceAll('/initech/', `/${a.id}/`))).toEqual(known);
  });
});
