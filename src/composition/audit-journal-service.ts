import type { BridgeConfig } from '../config/load-config';
import { AuditJournal } from '../lifecycle/audit-journal';
import { createAuditLog } from '../lifecycle/audit-log';
import type { AuditRecord } from '../lifecycle/audit-record';
import type { AuditStore } from '../lifecycle/audit-store';
import { startRetention, type Retention } from '../lifecycle/retention';
import type { Logger } from '../logging/logger';

/** The journal over a store, with its JSON-lines audit log and its retention running. */
export interface OpenedJournal {
  journal: AuditJournal;
  /** Records a previous process left `pending`, now `interrupted`. */
  interrupted: AuditRecord[];
  retention: Retention;
  /** Stops retention and ends the audit log (its last line on disk). */
  close(): Promise<void>;
}

/**
 * Builds the journal over `audit` (plus the audit log file when AUDIT_LOG_FILE is on), marks
 * the writes a crash interrupted, prunes and starts retention, and says so on the log with
 * `where` (which database). The same for every engine.
 */
export async function openAuditJournal(audit: AuditStore, config: Pick<BridgeConfig, 'audit'>, logger: Logger, secrets: readonly string[], where: Record<string, unknown>): Promise<OpenedJournal> {
  const auditLog = config.audit.logFile ? createAuditLog({ file: config.audit.logFile, maxBytes: config.audit.logMaxBytes, maxFiles: config.audit.logMaxFiles, secrets }) : undefined;
  const retention = startRetention({ store: audit, days: config.audit.retentionDays, log: logger });
  const close = async (): Promise<void> => {
    retention.stop();
    if (!auditLog) return;
    const finished = new Promise<void>((resolve) => auditLog.on('finish', () => resolve()));
    auditLog.end();
    await finished;
  };
  try {
    const journal = new AuditJournal({ store: audit, auditLog, log: logger, secrets });
    const interrupted = await journal.recoverInterrupted();
    await retention.pruneNow();
    logger.info('audit journal open', { ...where, records: await audit.count(), interrupted: interrupted.length, auditLog: config.audit.logFile ?? 'off' });
    return { journal, interrupted, retention, close };
  } catch (err) {
    await close();
    throw err;
  }
}
