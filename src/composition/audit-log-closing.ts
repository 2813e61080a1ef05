import type { Logger } from '../logging/logger';

/** Ends the JSON-lines audit log and waits until its last line is on disk (none: nothing to do). */
export async function closeAuditLog(auditLog: Logger | undefined): Promise<void> {
  if (!auditLog) return;
  const finished = new Promise<void>((resolve) => auditLog.on('finish', () => resolve()));
  auditLog.end();
  await finished;
}
