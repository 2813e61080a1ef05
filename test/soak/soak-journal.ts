import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase } from '../../src/state/sqlite-database';

/** Every record of the bridge's SQLite journal at `dbPath`, through the project's own store (read after the bridge stopped). */
export async function readJournal(dbPath: string): Promise<AuditRecord[]> {
  const db = openBridgeDatabase(dbPath);
  try {
    const store = new SqliteAuditStore(db);
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.query({ limit: 1000, cursor });
      records.push(...page.records);
      cursor = page.nextCursor;
    } while (cursor);
    return records;
  } finally {
    db.close();
  }
}
