import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBackgroundCheckpoints } from '../../src/state/sqlite-checkpointer';
import { openBridgeDatabase } from '../../src/state/sqlite-database';

/** Waits (up to 5 s) until `check` holds. */
async function eventually(check: () => boolean): Promise<void> {
  for (let tries = 0; !check(); tries += 1) {
    if (tries > 100) throw new Error('condition not reached in 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * WAL checkpoints (an fsync each) run in a worker thread, not inside a request's commit: the main
 * connection never checkpoints, the worker moves the log into the database file, and closing
 * truncates the log.
 */
describe('background WAL checkpoints', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'checkpoints-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps checkpoints out of the main connection and still keeps the log short', async () => {
    const path = join(dir, 'bridge.db');
    const db = openBridgeDatabase(path);
    const checkpoints = startBackgroundCheckpoints(db, path, { intervalMs: 20 });
    try {
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      db.exec('CREATE TABLE t (v TEXT)');
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      // About 6 MB: past the 1,000 pages at which SQLite would checkpoint inside a commit.
      for (let n = 0; n < 1_500; n += 1) insert.run('x'.repeat(4_000));
      await eventually(() => (checkpoints.last()?.checkpointed ?? 0) > 1_000);
      expect(checkpoints.last()).toMatchObject({ busy: 0 });
    } finally {
      await checkpoints.close();
    }
    expect(statSync(`${path}-wal`).size).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM t').get() as { n: number }).n).toBe(1_500);
    db.close();
  });

  it('falls back to checkpoints in commits when the worker cannot open the database', async () => {
    const path = join(dir, 'bridge.db');
    const db = openBridgeDatabase(path);
    const errors: string[] = [];
    const checkpoints = startBackgroundCheckpoints(db, join(dir, 'missing', 'nowhere.db'), { intervalMs: 20, onError: (message) => errors.push(message) });
    try {
      await eventually(() => errors.length > 0);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    } finally {
      await checkpoints.close();
      db.close();
    }
  });
});
