import { randomBytes } from 'node:crypto';
import winston from 'winston';
import { startMultiOrgEmulator, type RunningMultiOrgEmulator } from '../../emulator/server';
import { startMultiTenantBridge } from '../../src/composition/start-tenants';
import { createLogger } from '../../src/logging/logger';
import { registerSecret } from '../support/log-scan/scan-state';
import { baseConfig } from './support/two-tenants';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ACME = 'aaaaaaaaaaaaaaaaaaaaaaaa';
const GLOBEX = 'bbbbbbbbbbbbbbbbbbbbbbbb';

/**
 * Tenants on JumpCloud organisations as an MSP holds them: one tenant through the provider's
 * multi-tenant key (the organisation chosen by x-org-id), the other through its own key.
 */
describe('tenants on one JumpCloud of several organisations', () => {
  let emulator: RunningMultiOrgEmulator;
  const providerKey = `provider-key-${randomBytes(8).toString('hex')}`;
  const globexKey = `globex-key-${randomBytes(8).toString('hex')}`;
  const tokens = { acme: `acme-scim-${randomBytes(12).toString('hex')}`, globex: `globex-scim-${randomBytes(12).toString('hex')}` };

  beforeAll(async () => {
    for (const secret of [providerKey, globexKey]) registerSecret('JumpCloud API key', secret);
    for (const token of Object.values(tokens)) registerSecret('SCIM bearer token', token);
    emulator = await startMultiOrgEmulator({ organizations: [{ id: ACME }, { id: GLOBEX, apiKey: globexKey }], providerKey });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("writes each tenant's users into its own organisation, whichever key reaches it", async () => {
    const base = baseConfig();
    const tenant = (id: 'acme' | 'globex', apiKey: string, orgId: string | undefined) => ({
      id,
      config: {
        ...base,
        scimBasePath: `/${id}${base.scimBasePath}`,
        scimBearerTokens: [tokens[id]],
        cursor: { ...base.cursor, secret: randomBytes(32).toString('hex') },
        jumpcloud: { ...base.jumpcloud, apiKey, baseUrl: emulator.url, orgId },
      },
    });
    const logger = createLogger({ level: 'error', transports: [new winston.transports.Console({ silent: true })] });
    const bridge = await startMultiTenantBridge(base, [tenant('acme', providerKey, ACME), tenant('globex', globexKey, undefined)], { logger });
    const origin = bridge.url.replace('//localhost', '//127.0.0.1');
    try {
      const create = (id: 'acme' | 'globex', userName: string) =>
        fetch(`${origin}/${id}/scim/v2/Users`, { method: 'POST', headers: { authorization: `Bearer ${tokens[id]}`, 'content-type': 'application/scim+json' }, body: JSON.stringify({ schemas: [CORE], userName, emails: [{ value: userName, type: 'work', primary: true }] }) });
      expect((await create('acme', 'ann@acme.example')).status).toBe(201);
      expect((await create('globex', 'gus@globex.example')).status).toBe(201);
      const usernames = (org: string) => {
        const ctx = emulator.org(org);
        return ctx.users.idsInOrder(0, ctx.users.count()).map((userId) => ctx.users.usernameOf(userId));
      };
      expect(usernames(ACME)).toHaveLength(1);
      expect(usernames(GLOBEX)).toHaveLength(1);
      // The provider key carried ACME's x-org-id; GLOBEX's own key carried none.
      expect(emulator.org(ACME).requests.list().some((request) => request.method === 'POST' && request.path === '/api/systemusers')).toBe(true);
      expect(emulator.org(GLOBEX).requests.list().filter((request) => request.method === 'POST' && request.path === '/api/systemusers')).toHaveLength(1);
      const listed = await fetch(`${origin}/globex/scim/v2/Users`, { headers: { authorization: `Bearer ${tokens.globex}` } });
      expect(JSON.stringify(await listed.json())).not.toContain('acme.example');
    } finally {
      await bridge.close();
    }
  });
});
