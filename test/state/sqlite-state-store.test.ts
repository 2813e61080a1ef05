import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openBridgeDatabase, schemaVersion } from '../../src/state/sqlite-database';
import { MIGRATIONS } from '../../src/state/sqlite-migrations';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';

describe('the bridge database', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bridge-db-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its folder, applies every migration once, and re-running them is a no-op', () => {
    const path = join(dir, 'nested', 'bridge.db');
    const db = openBridgeDatabase(path);
    expect(schemaVersion(db)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(migrate(db)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()).toEqual({ n: MIGRATIONS.length });
    db.close();
    const again = openBridgeDatabase(path);
    expect(migrate(again)).toEqual([]);
    again.close();
  });

  it('applies only the migrations a database lacks', () => {
    const path = join(dir, 'bridge.db');
    const first = MIGRATIONS.filter((m) => m.version === 1);
    const db = openBridgeDatabase(path, first);
    expect(schemaVersion(db)).toBe(1);
    expect(migrate(db)).toEqual(MIGRATIONS.filter((m) => m.version > 1).map((m) => m.version));
    db.close();
  });

  it('refuses a database newer than this build instead of writing to it', () => {
    const path = join(dir, 'bridge.db');
    openBridgeDatabase(path, [...MIGRATIONS, { version: 99, description: 'future', sql: 'CREATE TABLE future (x)' }]).close();
    expect(() => openBridgeDatabase(path)).toThrow('AUDIT_DB_PATH: the database schema is version 99, newer than this bridge knows');
  });
});

describe('SqliteStateStore on a file (the engine-independent contract is in state-store.test.ts)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'state-store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the latest change of each resource, per kind, across a restart', async () => {
    const path = join(dir, 'bridge.db');
    let db = openBridgeDatabase(path);
    let store = new SqliteStateStore(db);
    await store.recordChange('User', 'u1', new Date('2025-01-02T00:00:00Z'));
    await store.recordChange('User', 'u1', new Date('2025-01-01T00:00:00Z'));
    await store.recordChange('Group', 'u1', new Date('2025-03-01T00:00:00Z'));
    await store.recordChange('User', 'u2', new Date('2025-01-05T00:00:00Z'));
    await store.forget('User', 'u2');
    db.close();

    db = openBridgeDatabase(path);
    store = new SqliteStateStore(db);
    expect(await store.get('User', 'u1')).toEqual({ lastModified: '2025-01-02T00:00:00.000Z' });
    expect(await store.get('Group', 'u1')).toEqual({ lastModified: '2025-03-01T00:00:00.000Z' });
    expect(await store.get('User', 'u2')).toBeUndefined();
    expect([...(await store.getMany('User', ['u1', 'u2', 'u3']))]).toEqual([['u1', { lastModified: '2025-01-02T00:00:00.000Z' }]]);
    db.close();
  });
});
