import { buildChangeFeed, ITEMS_PER_TURN } from '../../src/changefeed';
import { trackedResources } from '../../src/composition/changefeed-service';
import { loadMapping } from '../../src/composition/scim-service';
import { JumpCloudClient } from '../../src/jumpcloud';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { IN_MEMORY, openBridgeDatabase } from '../../src/state/sqlite-database';
import { SqliteDriftStore } from '../../src/state/sqlite-drift-store';
import { SqliteFeedCursorStore } from '../../src/state/sqlite-feed-cursor-store';
import { SqliteResourceObservationStore } from '../../src/state/sqlite-resource-observation-store';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';
import { startEmulator } from '../../emulator/server';
import { consoleActor } from '../../emulator/default-options';

/**
 * A page of Directory Insights events is handled on SQLite, whose awaits resolve as microtasks:
 * without a turn of the event loop now and then, one page of 1,000 events held every SCIM request
 * and /healthz (the fuzz run saw a 414 ms /healthz). The poller lets the loop run every
 * ITEMS_PER_TURN events.
 */
describe('change feed: a large page of events does not hold the event loop', () => {
  it(`lets the event loop turn at least every ${ITEMS_PER_TURN} events`, async () => {
    const key = 'poll-yield-test-key-0123';
    const emulator = await startEmulator({ port: 0, options: { apiKey: key } });
    const db = openBridgeDatabase(IN_MEMORY);
    try {
      const actor = consoleActor(emulator.ctx.options);
      const EVENTS = 400;
      for (let n = 0; n < EVENTS; n += 1) emulator.ctx.users.create({ username: `y${n}`, email: `y${n}@example.com` }, actor);
      const client = new JumpCloudClient({ baseUrl: emulator.url, apiKey: key, retry: { maxAttempts: 1 } });
      const built = buildChangeFeed(
        {
          jumpcloud: { users: client.users, groups: client.groups, members: client.members, events: client.events },
          audit: new SqliteAuditStore(db),
          state: new SqliteStateStore(db),
          cursors: new SqliteFeedCursorStore(db),
          observations: new SqliteResourceObservationStore(db),
          drift: new SqliteDriftStore(db),
          tracked: trackedResources(loadMapping({})),
        },
        { mode: 'insights', pollIntervalMs: 60_000, lookbackMs: 300_000, scanIntervalMs: 3_600_000, matchWindowMs: 30_000 },
      );
      // Counts turns of the event loop (check phase) while the poll runs.
      let turns = 0;
      let polling = true;
      const count = (): void => {
        turns += 1;
        if (polling) setImmediate(count);
      };
      setImmediate(count);
      const result = await built.poller.pollOnce();
      polling = false;
      expect(result.applied).toBe(EVENTS);
      expect(result.pages).toBe(1);
      expect(turns).toBeGreaterThanOrEqual(EVENTS / ITEMS_PER_TURN);
    } finally {
      db.close();
      await emulator.close();
    }
  });
});
