import { Client } from 'pg';
import { tenantSchemaName } from '../../src/state/postgres-schema';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';
import { makeTenant, startTenants, tenantConfig, type TestTenant } from './support/two-tenants';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** Tenants on one shared PostgreSQL database: each tenant's journal and state in a schema of its own. */
describe('tenants on PostgreSQL', () => {
  let database: TestDatabase;
  let a: TestTenant;
  let b: TestTenant;
  let close: () => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const started = await startTenants([await makeTenant('acme'), await makeTenant('globex')], (tenant, base) =>
      tenantConfig(base, tenant, { database: { url: database.url, poolSize: 2, ssl: 'off' } }),
    );
    [a, b] = started.tenants as [TestTenant, TestTenant];
    close = async () => {
      await started.bridge.close();
      await a.emulator.close();
      await b.emulator.close();
    };
  }, 60_000);
  afterAll(async () => {
    await close?.();
    await database?.drop();
  });

  it("keeps each tenant's journal and meta.lastModified in its own schema", async () => {
    const created = await fetch(`${a.scim}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: [CORE], userName: 'alice@acme.example', emails: [{ value: 'alice@acme.example', type: 'work', primary: true }] }),
    });
    expect(created.status).toBe(201);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const count = async (schema: string, table: string) => Number((await client.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${schema}.${table}`)).rows[0]?.n);
      const acme = tenantSchemaName(a.id);
      const globex = tenantSchemaName(b.id);
      expect(await count(acme, 'audit_event')).toBeGreaterThanOrEqual(1);
      expect(await count(acme, 'resource_state')).toBe(1);
      expect(await count(globex, 'audit_event')).toBe(0);
      expect(await count(globex, 'resource_state')).toBe(0);
      // Nothing in the shared public schema: every table lives in a tenant's.
      const publicTables = await client.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
      expect(publicTables.rows).toEqual([]);
      // Each tenant registered its replica in its own schema.
      expect(await count(acme, 'bridge_instance')).toBe(1);
      expect(await count(globex, 'bridge_instance')).toBe(1);
    } finally {
      await client.end();
    }
  });
});
