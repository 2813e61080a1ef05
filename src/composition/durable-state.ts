import type { BridgeConfig } from '../config/load-config';
import { AuditJournal } from '../lifecycle/audit-journal';
import { createAuditLog } from '../lifecycle/audit-log';
import type { AuditStore } from '../lifecycle/audit-store';
import { startRetention, type Retention } from '../lifecycle/retention';
import { SqliteAuditStore } from '../lifecycle/sqlite-audit-store';
import type { Logger } from '../logging/logger';
import { startBackgroundCheckpoints } from '../state/sqlite-checkpointer';
import { IN_MEMORY, openBridgeDatabase, type BridgeDatabase } from '../state/sqlite-database';
import { SqliteStateStore } from '../state/sqlite-state-store';
import type { StateStore } from '../state/state-store';

/** The bridge's durable state: one SQLite database for resource state and the audit journal. */
export interface DurableState {
  state: StateStore;
  audit: AuditStore;
  journal: AuditJournal;
  /** Records a previous process left `pending`, now `interrupted`. */
  interrupted: number;
  retention: Retention;
  /** The open database itself (the readiness probe tries a write on it). */
  database: BridgeDatabase;
  close(): Promise<void>;
}

/**
 * Opens AUDIT_DB_PATH (migrating it), marks the writes a crash interrupted, starts retention,
 * and builds the journal (SQLite + the JSON-lines audit log).
 */
export async function openDurableState(config: Pick<BridgeConfig, 'audit'>, logger: Logger, secrets: readonly string[]): Promise<DurableState> {
  const db = openBridgeDatabase(config.audit.dbPath);
  // Checkpoints (an fsync each) in a worker thread, never inside a request's commit.
  const checkpoints =
    config.audit.dbPath === IN_MEMORY
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
      state: new SqliteStateStore(db),
      audit,
      journal,
      interrupted: interrupted.length,
      retention,
      database: db,
      close: async () => {
        retention.stop();
        if (auditLog) {
          const finished = new Promise<void>((resolve) => auditLog.on('finish', () => resolve()));
          auditLog.end();
          await finished;
        }
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
