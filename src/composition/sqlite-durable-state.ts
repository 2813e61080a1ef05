import type { BridgeConfig } from '../config/load-config';
import { AuditJournal } from '../lifecycle/audit-journal';
import { createAuditLog } from '../lifecycle/audit-log';
import { startRetention } from '../lifecycle/retention';
import { SqliteAuditStore } from '../lifecycle/sqlite-audit-store';
import type { Logger } from '../logging/logger';
import { auditStoreCheck } from '../provider/readiness.provider';
import { startBackgroundCheckpoints } from '../state/sqlite-checkpointer';
import { IN_MEMORY, openBridgeDatabase } from '../state/sqlite-database';
import { SqliteStateStore } from '../state/sqlite-state-store';
import { sqliteFeedStores } from './changefeed-service';
import type { DurableState, DurableStateOptions } from './durable-state';
import { closeAuditLog } from './audit-log-closing';

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
    const auditLog = config.audit.logFile ? createAuditLog({ file: config.audit.logFile, maxBytes: config.audit.logMaxBytes, maxFiles: config.audit.logMaxFiles, secrets }) : undefined;
    const journal = new AuditJournal({ store: audit, auditLog, log: logger, secrets });
    const interrupted = await journal.recoverInterrupted();
    const retention = startRetention({ store: audit, days: config.audit.retentionDays, log: logger });
    await retention.pruneNow();
    logger.info('audit journal open', { path: config.audit.dbPath, records: await audit.count(), interrupted: interrupted.length, auditLog: config.audit.logFile ?? 'off' });
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
        retention.stop();
        await closeAuditLog(auditLog);
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
