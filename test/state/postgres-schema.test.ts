import { MIGRATION_LOCK_KEY, migrationLockKey } from '../../src/state/postgres-database';
import { REGISTRATION_LOCK_KEY, registrationLockKey } from '../../src/state/postgres-instance-registry';
import { assertSchemaName, assertUrlLeavesOptions, qualifiedTable, schemaLockKey, schemaLockName, searchPathOptions, tenantSchemaName } from '../../src/state/postgres-schema';

describe('tenantSchemaName', () => {
  it('is tenant_ and the id with hyphens as underscores', () => {
    expect(tenantSchemaName('acme')).toBe('tenant_acme');
    expect(tenantSchemaName('acme-eu-2')).toBe('tenant_acme_eu_2');
    expect(tenantSchemaName('7seas')).toBe('tenant_7seas');
  });

  it('keeps a long id within 63 bytes, and two long ids sharing a prefix apart', () => {
    const a = `${'a'.repeat(50)}-one`;
    const b = `${'a'.repeat(50)}-two`;
    // 'tenant_' + 56 characters is exactly 63: still the plain mapping.
    expect(tenantSchemaName('b'.repeat(56))).toBe(`tenant_${'b'.repeat(56)}`);
    for (const id of [a, b, 'c'.repeat(57), 'd'.repeat(63)]) {
      const schema = tenantSchemaName(id);
      expect(schema.length).toBeLessThanOrEqual(63);
      expect(() => assertSchemaName(schema)).not.toThrow();
    }
    expect(tenantSchemaName(a)).not.toBe(tenantSchemaName(b));
    expect(tenantSchemaName(a)).toBe(tenantSchemaName(a));
  });

  it('refuses what is not a tenants-file id', () => {
    expect(() => tenantSchemaName('Acme')).toThrow('the tenant id "Acme" is not a tenants-file id');
    expect(() => tenantSchemaName('a_b')).toThrow(/not a tenants-file id/);
    expect(() => tenantSchemaName('a"; DROP SCHEMA public; --')).toThrow(/not a tenants-file id/);
    expect(() => tenantSchemaName('')).toThrow(/not a tenants-file id/);
  });
});

describe('assertSchemaName', () => {
  it.each(['tenant_acme', '_x', 'a', `t${'x'.repeat(62)}`])('accepts %s', (name) => {
    expect(() => assertSchemaName(name)).not.toThrow();
  });

  it.each([
    ['Tenant', /not one PostgreSQL keeps as given/],
    ['tenant-acme', /not one PostgreSQL keeps as given/],
    ['1tenant', /not one PostgreSQL keeps as given/],
    [`t${'x'.repeat(63)}`, /not one PostgreSQL keeps as given/],
    ['a"b', /not one PostgreSQL keeps as given/],
    ['', /not one PostgreSQL keeps as given/],
    ['public', /open it without a schema/],
    ['pg_tenant', /reserves for its own schemas/],
  ])('refuses %j', (name, message) => {
    expect(() => assertSchemaName(name)).toThrow(message);
  });
});

describe('searchPathOptions', () => {
  it('pins search_path to the schema alone, after whatever PGOPTIONS holds', () => {
    expect(searchPathOptions('tenant_acme', undefined)).toBe('-c search_path=tenant_acme');
    expect(searchPathOptions('tenant_acme', '  ')).toBe('-c search_path=tenant_acme');
    expect(searchPathOptions('tenant_acme', '-c statement_timeout=5000')).toBe('-c statement_timeout=5000 -c search_path=tenant_acme');
    expect(() => searchPathOptions('tenant acme', undefined)).toThrow(/not one PostgreSQL keeps/);
  });
});

describe('assertUrlLeavesOptions', () => {
  it('refuses a URL whose options would replace the search_path, without repeating the URL', () => {
    const url = 'postgres://bridge:s3cret-password@db.example:5432/bridge?sslmode=require&options=-c%20search_path%3Dpublic';
    let message = '';
    try {
      assertUrlLeavesOptions(url);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^the URL sets the "options" parameter/);
    expect(message).not.toContain('s3cret-password');
    expect(message).not.toContain('db.example');
  });

  it('accepts URLs without it', () => {
    expect(() => assertUrlLeavesOptions('postgres://bridge:pw@db.example/bridge')).not.toThrow();
    expect(() => assertUrlLeavesOptions('postgres://bridge:pw@db.example/bridge?sslmode=require&application_name=options')).not.toThrow();
  });
});

describe('qualifiedTable', () => {
  it('names a table in another schema (public included), or leaves it to the search_path', () => {
    expect(qualifiedTable(undefined, 'lease')).toBe('lease');
    expect(qualifiedTable('public', 'lease')).toBe('"public".lease');
    expect(qualifiedTable('tenant_acme', 'bridge_instance')).toBe('"tenant_acme".bridge_instance');
    expect(() => qualifiedTable('x"; DROP TABLE lease; --', 'lease')).toThrow(/not one PostgreSQL keeps as given/);
  });
});

describe('advisory lock names and keys per schema', () => {
  it('leaves the single-tenant names and keys as they were', () => {
    expect(schemaLockName(undefined, 'jumpcloud-scim-bridge:User:abc')).toBe('jumpcloud-scim-bridge:User:abc');
    expect(migrationLockKey()).toBe(MIGRATION_LOCK_KEY);
    expect(registrationLockKey()).toBe(REGISTRATION_LOCK_KEY);
  });

  it('gives each schema names and keys of its own, the same every time', () => {
    expect(schemaLockName('tenant_a', 'jumpcloud-scim-bridge:User:abc')).toBe('tenant_a:jumpcloud-scim-bridge:User:abc');
    const keys = [
      MIGRATION_LOCK_KEY,
      REGISTRATION_LOCK_KEY,
      migrationLockKey('tenant_a'),
      migrationLockKey('tenant_b'),
      registrationLockKey('tenant_a'),
      registrationLockKey('tenant_b'),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(migrationLockKey('tenant_a')).toBe(migrationLockKey('tenant_a'));
    // A signed 64-bit integer, as pg_advisory_lock(bigint) takes it.
    for (const key of keys) {
      expect(key).toMatch(/^-?\d+$/);
      expect(BigInt.asIntN(64, BigInt(key))).toBe(BigInt(key));
    }
    expect(schemaLockKey('migrations', 'tenant_a')).toBe(migrationLockKey('tenant_a'));
  });
});
