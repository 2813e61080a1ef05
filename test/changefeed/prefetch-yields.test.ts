import { BridgeWriteMatcher } from '../../src/changefeed/bridge-write-matcher';
import { JOURNAL_RECORDS_PER_TURN } from '../../src/changefeed/yield-to-event-loop';
import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { IN_MEMORY, openBridgeDatabase } from '../../src/state/sqlite-database';

/**
 * Before a page of events the feed reads the journal's writes in the page's time range. After a
 * busy minute that is thousands of records on synchronous SQLite; read in one go it held the event
 * loop (and /healthz) for 150-225 ms in the long fuzz run. It now reads JOURNAL_RECORDS_PER_TURN at
 * a time and lets the loop turn in between, and a much-written user costs linear time.
 */
describe('bridge write matcher: prefetching a busy journal', () => {
  it('lets the event loop turn between journal pages and still finds every write', async () => {
    const db = openBridgeDatabase(IN_MEMORY);
    try {
      const audit = new SqliteAuditStore(db);
      const RECORDS = 1_000;
      const base = Date.parse('2026-12-01T10:00:00.000Z');
      const hot = '65a000000000000000000a11';
      const records: AuditRecord[] = Array.from({ length: RECORDS }, (_, n) => ({
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        time: new Date(base + n * 10).toISOString(),
        type: 'mover',
        resourceType: 'User',
        // Every other write is to one user: the list of their write times grows to 500.
        scimId: n % 2 === 0 ? hot : `65a0000000000000000${String(n).padStart(5, '0')}`,
        jumpcloudId: n % 2 === 0 ? hot : `65a0000000000000000${String(n).padStart(5, '0')}`,
        outcome: 'succeeded',
        jumpcloudCalls: [{ method: 'PUT', route: '/api/systemusers/{id}', status: 200, attempt: 1 }],
        requestId: `req-${n}`,
        client: 'bearer#1',
      }));
      await audit.append(records);
      const matcher = new BridgeWriteMatcher(audit, 1_000);

      let turns = 0;
      let reading = true;
      const count = (): void => {
        turns += 1;
        if (reading) setImmediate(count);
      };
      setImmediate(count);
      await matcher.prefetch(new Date(base), new Date(base + RECORDS * 10));
      reading = false;

      expect(turns).toBeGreaterThanOrEqual(RECORDS / JOURNAL_RECORDS_PER_TURN - 1);
      expect(await matcher.wroteAround([hot], new Date(base + 5_000))).toBe(true);
      expect(await matcher.wroteAround(['65a0000000000000000fffff'], new Date(base + 5_000))).toBe(false);
    } finally {
      db.close();
    }
  });
});
