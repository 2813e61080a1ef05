import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './sqlite-migrations';

/** An open bridge database (better-sqlite3: synchronous, one connection per process). */
export type BridgeDatabase = Database.Database;

/** The value of AUDIT_DB_PATH that keeps everything in memory (tests, throwaway runs). */
export const IN_MEMORY = ':memory:';

/**
 * Opens (creating if needed) the bridge's SQLite database and brings its schema up to date.
 * WAL mode: readers never block the writer, and a commit is one append to the log, so a killed
 * process loses nothing it committed. synchronous=NORMAL is durable across a process crash
 * (the WAL is in the OS cache); only a power loss can drop the last commits, never corrupt.
 */
export function openBridgeDatabase(path: string, migrations: readonly Migration[] = MIGRATIONS): BridgeDatabase {
  if (path !== IN_MEMORY) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Another process (the audit CLI) may read or prune while the bridge writes.
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** The highest applied migration version (0 for an empty database). */
export function schemaVersion(db: BridgeDatabase): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as { version: number | null } | undefined;
  return row?.version ?? 0;
}

/**
 * Applies the migrations not yet recorded, each in its own transaction; running it again is a
 * no-op. A database newer than this build (a version it does not know) is refused rather than
 * written to with the wrong assumptions.
 */
export function migrate(db: BridgeDatabase, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const current = schemaVersion(db);
  const known = migrations.length === 0 ? 0 : Math.max(...migrations.map((m) => m.version));
  if (current > known) {
    throw new Error(`AUDIT_DB_PATH: the database schema is version ${current}, newer than this bridge knows (${known}); use a newer bridge or another file`);
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.description, new Date().toISOString());
    })();
    applied.push(migration.version);
  }
  return applied;
}
