import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import winston from 'winston';
import { startMultiTenantBridge } from '../../src/composition/start-tenants';
import { createLogger } from '../../src/logging/logger';
import defaultMapping from '../../src/mapping/default.mapping.json';
import { JUMPCLOUD_USER_EXTENSION_URN } from '../../src/mapping';
import { baseConfig, makeTenant, tenantConfig } from './support/two-tenants';

/** GET with a chosen Host header (fetch does not let a caller set it). */
function getWithHost(url: string, host: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host, authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Each tenant's own mapping (so its own /Schemas), and the tenant chosen by host name (TENANT_HOSTS). */
describe('per-tenant discovery and host names', () => {
  it("serves each tenant's own mapping, and routes a TENANT_HOSTS host to its tenant", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tenant-mapping-'));
    const mappingFile = join(dir, 'acme.mapping.json');
    writeFileSync(mappingFile, JSON.stringify({ ...defaultMapping, customAttributes: [{ name: 'badgeNumber', type: 'integer', description: 'Door badge number.' }] }));
    const acme = await makeTenant('acme');
    const globex = await makeTenant('globex');
    const base = baseConfig();
    const logger = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
    const bridge = await startMultiTenantBridge(base, [{ id: 'acme', config: tenantConfig(base, acme, { mappingFile }) }, { id: 'globex', config: tenantConfig(base, globex) }], { logger, hosts: { 'scim.globex.example': 'globex' } });
    const origin = bridge.url.replace('//localhost', '//127.0.0.1');
    try {
      const schema = async (id: string, token: string) => {
        const res = await fetch(`${origin}/${id}/scim/v2/Schemas/${JUMPCLOUD_USER_EXTENSION_URN}`, { headers: { authorization: `Bearer ${token}` } });
        return { status: res.status, body: (await res.json()) as { attributes?: { name: string }[] } };
      };
      const onAcme = await schema('acme', acme.token);
      const onGlobex = await schema('globex', globex.token);
      expect(onAcme.status).toBe(200);
      expect((onAcme.body.attributes ?? []).map((attribute) => attribute.name)).toContain('badgeNumber');
      expect((onGlobex.body.attributes ?? []).map((attribute) => attribute.name)).not.toContain('badgeNumber');

      const created = await fetch(`${origin}/globex/scim/v2/Users`, { method: 'POST', headers: { authorization: `Bearer ${globex.token}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'gus@globex.example', emails: [{ value: 'gus@globex.example', type: 'work', primary: true }] }) });
      expect(created.status).toBe(201);
      // The host chooses globex; its base path is SCIM_BASE_PATH alone.
      const byHost = await getWithHost(`${origin}/scim/v2/Users?count=1`, 'scim.globex.example', globex.token);
      expect(byHost.status).toBe(200);
      // The locations it answers use the /<tenant> path form, which that host serves too.
      const [listed] = byHost.body.Resources as { meta: { location: string } }[];
      expect(new URL(listed?.meta.location as string).pathname.startsWith('/globex/scim/v2/Users/')).toBe(true);
      expect((await getWithHost(`${origin}/globex/scim/v2/Users?count=1`, 'scim.globex.example', globex.token)).status).toBe(200);
      // Acme's token on globex's host: the same 401 as anywhere else.
      expect((await getWithHost(`${origin}/scim/v2/Users?count=1`, 'scim.globex.example', acme.token)).status).toBe(401);
      // Any other host: no tenant at the root path (404), whatever the token.
      expect((await getWithHost(`${origin}/scim/v2/Users?count=1`, 'other.example', globex.token)).status).toBe(404);
    } finally {
      await bridge.close();
      await acme.emulator.close();
      await globex.emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
