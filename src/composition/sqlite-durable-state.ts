import type { BridgeConfig } from '../config/load-config';
import { SqliteAuditStore } from '../lifecycle/sqlite-audit-store';
import type { Logger } from '../logging/logger';
import { auditStoreCheck } from '../provider/readiness.provider';
import { startBackgroundCheckpoints } from '../state/sqlite-checkpointer';
import { IN_MEMORY, openBridgeDatabase } from '../state/sqlite-database';
import { SqliteStateStore } from '../state/sqlite-state-store';
import { sqliteFeedStores } from './changefeed-service';
import { openAuditJournal } from './audit-journal-service';
import type { DurableState, DurableStateOptions } from './durable-state';

/**
 * Opens AUDIT_DB_PATH (migrating it), marks the writes a crash interrupted, starts retention,
 * and builds the journal (SQLite + the JSON-lines audit log). One process owns the file.
 */
export async function openSqliteDurableState(config: Pick<BridgeConfig, 'audit'>, logger: Logger, secrets: readonly string[], options: DurableStateOptions = {}): Promise<DurableState> {
  const db = openBridgeDatabase(config.audit.dbPath);
  // Checkpoints (an fsync each) in a worker thread, never inside a request's commit; not with
  // tenants (a thread per tenant's file would cost more memory than the checkpoints save).
  const checkpoints =
    config.audit.dbPath === IN_MEMORY || options.backgroundCheckpoints === false
      ? undefined
      : startBackgroundCheckpoints(db, config.audit.dbPath, { onError: (message) => logger.warn('background WAL checkpoints stopped; SQLite checkpoints in commits again', { reason: message }) });
  try {
    const audit = new SqliteAuditStore(db);
    const { journal, interrupted, retention, close: closeJournal } = await openAuditJournal(audit, config, logger, secrets, { path: config.audit.dbPath });
    return {
      engine: 'sqlite',
      state: new SqliteStateStore(db),
      audit,
      journal,
      feedStores: sqliteFeedStores(db),
      interrupted: interrupted.length,
      retention,
      readiness: auditStoreCheck(db, config.audit.dbPath),
      // One process owns the file: the feed runs for the process's whole life.
      lead: (runner) => runner.start(),
      close: async () => {
        await closeJournal();
        await checkpoints?.close();
        db.close();
      },
    };
  } catch (err) {
    await checkpoints?.close();
    db.close();
    throw err;
  }
}
