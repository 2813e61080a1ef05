import { Client, type Pool } from 'pg';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { PostgresAuditStore } from '../../src/lifecycle/postgres-audit-store';
import { LeaseLostError } from '../../src/state/lease-lost-error';
import { LockTimeoutError } from '../../src/state/lock-timeout-error';
import { withAdvisoryLock } from '../../src/state/postgres-advisory-lock';
import { migratePostgres, migrationLockKey, openPool, openPostgresDatabase, postgresSchemaVersion, type PostgresDatabase, type PostgresSettings } from '../../src/state/postgres-database';
import { PostgresDriftStore } from '../../src/state/postgres-drift-store';
import { PostgresFeedCursorStore } from '../../src/state/postgres-feed-cursor-store';
import { liveInstanceIds, registerInstance, registrationLockKey, settingFingerprint } from '../../src/state/postgres-instance-registry';
import { currentLeaseHolder, tryAcquireLease } from '../../src/state/postgres-lease';
import { POSTGRES_MIGRATIONS } from '../../src/state/postgres-migrations';
import { PostgresResourceObservationStore } from '../../src/state/postgres-resource-observation-store';
import { schemaLockName } from '../../src/state/postgres-schema';
import { PostgresStateStore } from '../../src/state/postgres-state-store';
import { createTestDatabase, type TestDatabase } from '../support/postgres/test-database';

/** The tables every tenant's schema holds (the same list as `public` has in the single-tenant store). */
const TABLES = ['audit_event', 'bridge_instance', 'changefeed_cursor', 'changefeed_learned', 'changefeed_seen_event', 'drift_open', 'lease', 'resource_observation', 'resource_state', 'schema_migrations'];
const VERSIONS = POSTGRES_MIGRATIONS.map((m) => m.version);
const ALPHA = 'tenant_alpha';
const BETA = 'tenant_beta';

let database: TestDatabase;
let settings: PostgresSettings;
let alpha: PostgresDatabase;
let beta: PostgresDatabase;
/** Pools and clients a test opened, ended after it. */
let opened: { end(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  settings = { url: database.url, poolSize: 4, ssl: 'off' };
  [alpha, beta] = await Promise.all([openPostgresDatabase(settings, undefined, { schema: ALPHA }), openPostgresDatabase(settings, undefined, { schema: BETA })]);
});
afterEach(async () => {
  await Promise.all(opened.map((it) => it.end().catch(() => undefined)));
  opened = [];
});
afterAll(async () => {
  await Promise.all([alpha?.close(), beta?.close()]);
  await database?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function pool(schema?: string, max = 2): Pool {
  const made = openPool(settings, max, 'tenant-schemas test', schema);
  opened.push(made);
  return made;
}

async function client(): Promise<Client> {
  const made = new Client({ connectionString: database.url });
  await made.connect();
  opened.push(made);
  return made;
}

/** Whether `promise` is still pending after `ms`. */
async function stillPendingAfter(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const pending = Symbol('pending');
  return (await Promise.race([promise.then(() => undefined), sleep(ms).then(() => pending)])) === pending;
}

async function tablesOf(schema: string): Promise<string[]> {
  const result = await alpha.pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name', [schema]);
  return result.rows.map((row) => row.table_name);
}

function auditRecord(id: string): AuditRecord {
  return {
    id,
    time: '2025-01-01T00:00:00.000Z',
    type: 'joiner',
    outcome: 'succeeded',
    resourceType: 'User',
    scimId: 'a'.repeat(24),
    jumpcloudId: 'a'.repeat(24),
    userName: 'ada@alpha.example',
    jumpcloudCalls: [],
  };
}

describe('a schema per tenant in one PostgreSQL database', () => {
  it('migrates each schema on its own: its own tables and schema_migrations, nothing in public', async () => {
    expect(await tablesOf(ALPHA)).toEqual(TABLES);
    expect(await tablesOf(BETA)).toEqual(TABLES);
    expect(await tablesOf('public')).toEqual([]);
    for (const tenant of [alpha, beta]) {
      expect(tenant.schema).toBeDefined();
      const recorded = await tenant.pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(recorded.rows.map((row) => row.version)).toEqual(VERSIONS);
    }
    // A second open of a schema finds it current and applies nothing.
    expect(await migratePostgres(alpha.pool, POSTGRES_MIGRATIONS, ALPHA)).toEqual([]);
  });

  it('pins every connection of a pool to its schema alone, even after RESET', async () => {
    const tenantPool = pool(BETA, 3);
    const clients = await Promise.all([tenantPool.connect(), tenantPool.connect(), tenantPool.connect()]);
    try {
      for (const each of clients) {
        const seen = await each.query<{ schema: string; path: string }>("SELECT current_schema() AS schema, current_setting('search_path') AS path");
        expect(seen.rows[0]).toEqual({ schema: BETA, path: BETA });
        await each.query('RESET search_path');
        expect((await each.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema).toBe(BETA);
      }
    } finally {
      for (const each of clients) each.release();
    }
    // Without a schema: the server's default, as before tenants (and no tables there).
    expect((await pool().query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema).toBe('public');
    await expect(pool().query('SELECT 1 FROM audit_event')).rejects.toThrow(/relation "audit_event" does not exist/);
  });

  it('keeps every store of one schema blind to the rows of the other', async () => {
    const at = new Date('2025-03-01T10:00:00.000Z');
    const id = 'b'.repeat(24);
    // Written through alpha...
    await new PostgresAuditStore(alpha.pool).append([auditRecord('alpha-1'), auditRecord('alpha-2')]);
    await new PostgresStateStore(alpha.pool).recordChange('User', id, at);
    await new PostgresDriftStore(alpha.pool).put({
      resourceType: 'User',
      resourceId: id,
      key: 'department',
      attribute: 'department',
      jumpcloudField: 'department',
      from: 'Ops',
      to: 'Sales',
      source: 'reconciliation_scan',
      openedAt: at.toISOString(),
      updatedAt: at.toISOString(),
      auditId: 'alpha-2',
    });
    const alphaCursors = new PostgresFeedCursorStore(alpha.pool);
    await alphaCursors.commit('directory-insights', at.toISOString(), [{ id: 'event-1', timestamp: at.toISOString() }], '2025-01-01T00:00:00.000Z', at);
    await alphaCursors.learn('directory-insights', 'admin', 'admin@alpha.example', at);
    const alphaObservations = new PostgresResourceObservationStore(alpha.pool);
    await alphaObservations.saveSnapshots('User', new Map([[id, { hash: 'h1', values: { department: 'Sales' }, observedAt: at.toISOString() }]]));
    await alphaObservations.recordChange('User', id, { at: at.toISOString(), origin: 'external' });

    // ...alpha reads them back...
    expect(await new PostgresAuditStore(alpha.pool).count()).toBe(2);
    expect(await new PostgresStateStore(alpha.pool).get('User', id)).toEqual({ lastModified: at.toISOString() });
    expect(await new PostgresDriftStore(alpha.pool).count()).toBe(1);
    expect(await alphaCursors.load('directory-insights')).toBeDefined();
    expect(await alphaObservations.hasSnapshots('User')).toBe(true);

    // ...and beta sees none of them.
    const betaAudit = new PostgresAuditStore(beta.pool);
    expect(await betaAudit.count()).toBe(0);
    expect((await betaAudit.query()).records).toEqual([]);
    expect(await betaAudit.history('User', id)).toEqual([]);
    const betaState = new PostgresStateStore(beta.pool);
    expect(await betaState.get('User', id)).toBeUndefined();
    expect(await betaState.changedSince('User', new Date(0), true)).toEqual([]);
    const betaDrift = new PostgresDriftStore(beta.pool);
    expect(await betaDrift.count()).toBe(0);
    expect(await betaDrift.get('User', id, 'department')).toBeUndefined();
    const betaCursors = new PostgresFeedCursorStore(beta.pool);
    expect(await betaCursors.load('directory-insights')).toBeUndefined();
    expect(await betaCursors.seenSince('directory-insights', '2000-01-01T00:00:00.000Z')).toEqual(new Set());
    expect(await betaCursors.learned('directory-insights', 'admin')).toBeUndefined();
    const betaObservations = new PostgresResourceObservationStore(beta.pool);
    expect(await betaObservations.get('User', id)).toBeUndefined();
    expect(await betaObservations.hasSnapshots('User')).toBe(false);
    expect(await betaObservations.notObservedSince('User', '2100-01-01T00:00:00.000Z')).toEqual([]);

    // Deleting through beta touches nothing of alpha's.
    await betaState.forget('User', id);
    await betaDrift.close('User', id);
    await betaObservations.forget('User', id);
    expect(await new PostgresStateStore(alpha.pool).get('User', id)).toBeDefined();
    expect(await new PostgresDriftStore(alpha.pool).count()).toBe(1);
    expect(await alphaObservations.get('User', id)).toBeDefined();
  });

  it('gives each tenant its own change-feed lease and replica registry, and fences a feed by its own schema lease', async () => {
    expect(await tryAcquireLease(alpha.pool, 'changefeed', 'replica-1', 30)).toBe(true);
    // The same lease name in beta is beta's: free, and another replica takes it.
    expect(await currentLeaseHolder(beta.pool, 'changefeed')).toBeUndefined();
    expect(await tryAcquireLease(beta.pool, 'changefeed', 'replica-2', 30)).toBe(true);
    expect(await currentLeaseHolder(alpha.pool, 'changefeed')).toBe('replica-1');
    // replica-1 leads alpha's feed only: its fenced writes to beta's cursor are refused.
    const fenced = new PostgresFeedCursorStore(beta.pool, { lease: { name: 'changefeed', holder: 'replica-1' } });
    await expect(fenced.commit('directory-insights', '2025-01-01T00:00:00.000Z', [], '2025-01-01T00:00:00.000Z', new Date())).rejects.toBeInstanceOf(LeaseLostError);
    expect(await new PostgresFeedCursorStore(beta.pool).load('directory-insights')).toBeUndefined();

    // Tenants' shared settings differ (their organisations do): each registry compares its own replicas only.
    const common = { host: 'host', pid: 1, version: '1.0.0', heartbeatMs: 60_000, staleAfterMs: 30_000 };
    const inAlpha = await registerInstance({ ...common, pool: alpha.pool, schema: ALPHA, id: 'replica-1', settings: { JUMPCLOUD_ORG_ID: settingFingerprint('JUMPCLOUD_ORG_ID', 'org-alpha') } });
    const inBeta = await registerInstance({ ...common, pool: beta.pool, schema: BETA, id: 'replica-2', settings: { JUMPCLOUD_ORG_ID: settingFingerprint('JUMPCLOUD_ORG_ID', 'org-beta') } });
    try {
      expect(await liveInstanceIds(alpha.pool, 30_000)).toEqual(['replica-1']);
      expect(await liveInstanceIds(beta.pool, 30_000)).toEqual(['replica-2']);
    } finally {
      await Promise.all([inAlpha.close(), inBeta.close()]);
    }
  });

  it('lets one process-wide lease and registry (in another schema) fence and guard every tenant\'s stores', async () => {
    const shared = 'tenant_shared';
    const coordination = await openPostgresDatabase(settings, undefined, { schema: shared });
    opened.push({ end: () => coordination.close() });
    // One election for the process: replica-9 leads every tenant's feed through the shared lease.
    expect(await tryAcquireLease(coordination.pool, 'changefeed', 'replica-9', 30)).toBe(true);
    const leader = new PostgresFeedCursorStore(beta.pool, { lease: { name: 'changefeed', holder: 'replica-9', schema: shared } });
    await leader.commit('shared-lease-feed', '2025-02-01T00:00:00.000Z', [], '2025-01-01T00:00:00.000Z', new Date());
    expect(await new PostgresFeedCursorStore(beta.pool).load('shared-lease-feed')).toMatchObject({ position: '2025-02-01T00:00:00.000Z' });
    const follower = new PostgresFeedCursorStore(beta.pool, { lease: { name: 'changefeed', holder: 'replica-8', schema: shared } });
    await expect(follower.commit('shared-lease-feed', '2025-03-01T00:00:00.000Z', [], '2025-01-01T00:00:00.000Z', new Date())).rejects.toBeInstanceOf(LeaseLostError);
    // Looked up in the pool's own schema (beta's lease table is empty), the same leader is fenced off.
    const unqualified = new PostgresFeedCursorStore(beta.pool, { lease: { name: 'changefeed', holder: 'replica-9' } });
    await expect(unqualified.commit('shared-lease-feed', '2025-03-01T00:00:00.000Z', [], '2025-01-01T00:00:00.000Z', new Date())).rejects.toBeInstanceOf(LeaseLostError);

    // replica-live registered once, in the shared schema, has a write in flight in beta's journal.
    const live = await registerInstance({ pool: coordination.pool, schema: shared, id: 'replica-live', host: 'host', pid: 1, version: '1.0.0', settings: {}, heartbeatMs: 60_000, staleAfterMs: 30_000 });
    try {
      await new PostgresAuditStore(beta.pool, { owner: 'replica-live', instanceSchema: shared }).append([{ ...auditRecord('in-flight'), outcome: 'pending' }]);
      // Another replica's sweep that looks for heartbeats in the shared schema leaves it alone...
      expect(await new PostgresAuditStore(beta.pool, { owner: 'replica-other', instanceSchema: shared }).markInterrupted()).toEqual([]);
      // ...one that looked in beta's own (empty) bridge_instance would take a live write for an abandoned one.
      const mistaken = await new PostgresAuditStore(beta.pool, { owner: 'replica-other' }).markInterrupted();
      expect(mistaken.map((record) => record.id)).toEqual(['in-flight']);
    } finally {
      await live.close();
    }
  });

  it('migrates each new schema exactly once when many replicas open several schemas at once', async () => {
    const schemas = ['tenant_gamma', 'tenant_delta'];
    const openers = schemas.flatMap((schema) => Array.from({ length: 4 }, () => ({ schema, pool: pool(schema) })));
    const applied = await Promise.all(openers.map(({ schema, pool: each }) => migratePostgres(each, POSTGRES_MIGRATIONS, schema).then((versions) => ({ schema, versions }))));
    for (const schema of schemas) {
      const mine = applied.filter((run) => run.schema === schema && run.versions.length > 0);
      expect(mine.map((run) => run.versions)).toEqual([VERSIONS]);
      expect(await tablesOf(schema)).toEqual(TABLES);
      const recorded = await alpha.pool.query<{ version: number }>(`SELECT version FROM "${schema}".schema_migrations ORDER BY version`);
      expect(recorded.rows.map((row) => row.version)).toEqual(VERSIONS);
    }
    expect(await tablesOf('public')).toEqual([]);
  });

  it('takes a migration lock per schema: a tenant migrating never holds up another', async () => {
    // Another replica in the middle of migrating alpha (its lock held).
    const holder = await client();
    await holder.query('SELECT pg_advisory_lock($1)', [migrationLockKey(ALPHA)]);
    const epsilon = await openPostgresDatabase(settings, undefined, { schema: 'tenant_epsilon' });
    opened.push({ end: () => epsilon.close() });
    expect(await postgresSchemaVersion(epsilon.pool)).toBe(Math.max(...VERSIONS));
    // Alpha's own openers wait for it, then find alpha current.
    const reopening = openPostgresDatabase(settings, undefined, { schema: ALPHA });
    expect(await stillPendingAfter(reopening, 300)).toBe(true);
    await holder.query('SELECT pg_advisory_unlock($1)', [migrationLockKey(ALPHA)]);
    const reopened = await reopening;
    opened.push({ end: () => reopened.close() });
    expect(await postgresSchemaVersion(reopened.pool)).toBe(Math.max(...VERSIONS));
  });

  it('takes a registration lock per schema: one tenant registering never holds up another', async () => {
    const holder = await client();
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock($1)', [registrationLockKey(ALPHA)]);
    const common = { host: 'host', pid: 1, version: '1.0.0', settings: {}, heartbeatMs: 60_000, staleAfterMs: 30_000 };
    const inBeta = await registerInstance({ ...common, pool: beta.pool, schema: BETA, id: 'replica-b' });
    const joiningAlpha = registerInstance({ ...common, pool: alpha.pool, schema: ALPHA, id: 'replica-a' });
    expect(await stillPendingAfter(joiningAlpha, 300)).toBe(true);
    await holder.query('COMMIT');
    const inAlpha = await joiningAlpha;
    await Promise.all([inAlpha.close(), inBeta.close()]);
  });

  it("keeps two tenants' write locks on the same resource apart, and one tenant's exclusive", async () => {
    const name = 'jumpcloud-scim-bridge:User:cccccccccccccccccccccccc';
    const [alphaLocks, alphaLocks2, betaLocks] = [pool(ALPHA), pool(ALPHA), pool(BETA)];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let granted!: () => void;
    const isHeld = new Promise<void>((resolve) => (granted = resolve));
    const holding = withAdvisoryLock(alphaLocks, schemaLockName(ALPHA, name), undefined, async () => {
      granted();
      await held;
    });
    await isHeld;
    try {
      // While alpha holds it, beta's lock of the same resource is granted (a wait for alpha's would time out)...
      await expect(withAdvisoryLock(betaLocks, schemaLockName(BETA, name), 2_000, async () => 'beta wrote')).resolves.toBe('beta wrote');
      // ...and alpha's second writer waits, as it must.
      await expect(withAdvisoryLock(alphaLocks2, schemaLockName(ALPHA, name), 500, async () => 'alpha wrote twice')).rejects.toBeInstanceOf(LockTimeoutError);
    } finally {
      release();
      await holding;
    }
  });

  it('refuses a schema name it cannot pin and a URL that would unpin it; without a schema that URL opens as before', async () => {
    await expect(openPostgresDatabase(settings, undefined, { schema: 'tenant-alpha' })).rejects.toThrow(/^the schema name "tenant-alpha" is not one PostgreSQL keeps as given/);
    await expect(openPostgresDatabase(settings, undefined, { schema: 'public' })).rejects.toThrow(/open it without a schema/);
    const unpinning = `${database.url}?options=${encodeURIComponent('-c search_path=public')}`;
    const error = (await openPostgresDatabase({ ...settings, url: unpinning }, undefined, { schema: ALPHA }).catch((err: unknown) => err)) as Error;
    expect(error.message).toMatch(/^DATABASE_URL: the URL sets the "options" parameter/);
    expect(error.message).not.toContain(new URL(database.url).host);
    // Without a schema the same URL is today's: accepted, its options in force.
    const plain = await openPostgresDatabase({ ...settings, url: unpinning });
    opened.push({ end: () => plain.close() });
    expect((await plain.pool.query<{ path: string }>("SELECT current_setting('search_path') AS path")).rows[0]!.path).toBe('public');
  });
});
