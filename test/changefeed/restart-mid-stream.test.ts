import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChangeFeed } from '../../src/changefeed';
import { trackedResources } from '../../src/composition/changefeed-service';
import { loadMapping } from '../../src/composition/scim-service';
import { JumpCloudClient, type EventQuery } from '../../src/jumpcloud';
import { SqliteAuditStore } from '../../src/lifecycle/sqlite-audit-store';
import { openBridgeDatabase, type BridgeDatabase } from '../../src/state/sqlite-database';
import { SqliteDriftStore } from '../../src/state/sqlite-drift-store';
import { SqliteFeedCursorStore } from '../../src/state/sqlite-feed-cursor-store';
import { SqliteResourceObservationStore } from '../../src/state/sqlite-resource-observation-store';
import { SqliteStateStore } from '../../src/state/sqlite-state-store';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { consoleActor } from '../../emulator/default-options';

/**
 * A restart mid-stream: a poller reading small pages dies after its first page, events keep
 * arriving, and a NEW poller on a NEW connection to the same SQLite file takes over: every event
 * is applied exactly once (one drift record per console change, none twice, none missing).
 */
describe('change feed: restart mid-stream', () => {
  let emulator: RunningEmulator;
  let dir: string;
  const open: BridgeDatabase[] = [];

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: 'restart-test-key-0123' } });
    dir = mkdtempSync(join(tmpdir(), 'feed-restart-'));
  });
  afterEach(async () => {
    for (const db of open.splice(0)) if (db.open) db.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function feedOn(path: string, options: { failOnPage?: number } = {}) {
    const db = openBridgeDatabase(path);
    open.push(db);
    const client = new JumpCloudClient({ baseUrl: emulator.url, apiKey: 'restart-test-key-0123', retry: { maxAttempts: 1 } });
    let pages = 0;
    const events = {
      query: (body: EventQuery) => {
        pages += 1;
        if (options.failOnPage !== undefined && pages >= options.failOnPage) return Promise.reject(new Error('process killed'));
        return client.events.query(body);
      },
    };
    const audit = new SqliteAuditStore(db);
    const built = buildChangeFeed(
      {
        jumpcloud: { users: client.users, groups: client.groups, members: client.members, events },
        audit,
        state: new SqliteStateStore(db),
        cursors: new SqliteFeedCursorStore(db),
        observations: new SqliteResourceObservationStore(db),
        drift: new SqliteDriftStore(db),
        tracked: trackedResources(loadMapping({})),
      },
      { mode: 'insights', pollIntervalMs: 60_000, lookbackMs: 300_000, scanIntervalMs: 3_600_000, matchWindowMs: 30_000, eventPageSize: 3 },
    );
    return { db, audit, built };
  }

  it('loses and duplicates no events across a restart, with events arriving in between', async () => {
    const path = join(dir, 'bridge.db');
    const actor = consoleActor(emulator.ctx.options);
    const users = Array.from({ length: 4 }, (_, i) => emulator.ctx.users.create({ username: `u${i}`, email: `u${i}@example.com`, firstname: 'A' }, actor));
    const ids = users.map((u) => u._id as string);
    const put = async (id: string, firstname: string) => {
      const res = await fetch(`${emulator.url}/__emulator/users/${id}/console`, { method: 'PUT', headers: { 'content-type': 'application/json', 'x-api-key': 'restart-test-key-0123' }, body: JSON.stringify({ firstname }) });
      expect(res.status).toBe(200);
    };
    for (const id of ids) await put(id, 'B');

    // First process: reads two pages of 3 (4 creates, 2 console changes) and dies on the third request.
    const first = feedOn(path, { failOnPage: 3 });
    await expect(first.built.poller.pollOnce()).rejects.toThrow('process killed');
    expect((await first.audit.query({ type: 'drift', limit: 1000 })).records).toHaveLength(2);
    first.db.close();

    // Meanwhile, more changes arrive.
    for (const id of ids) await put(id, 'C');

    // Second process, new connection to the same file.
    const second = feedOn(path);
    const result = await second.built.poller.pollOnce();
    expect(result.duplicates).toBe(6);
    expect(result.applied).toBe(6);
    const drift = (await second.audit.query({ type: 'drift', limit: 1000 })).records;
    // 4 users x 2 console changes = 8 drift records, each once.
    expect(drift).toHaveLength(8);
    expect(new Set(drift.map((r) => r.observed?.eventId)).size).toBe(8);
    expect(drift.filter((r) => r.changes?.[0]?.after === 'C')).toHaveLength(4);
    // Every user's lastModified is its last event.
    for (const id of ids) expect(await new SqliteStateStore(second.db).get('User', id)).toBeDefined();
    // A poll with nothing new applies nothing, and the overlap is recognised.
    const again = await second.built.poller.pollOnce();
    expect(again.applied).toBe(0);
    expect(again.duplicates).toBe(again.events);
    expect((await second.audit.query({ type: 'drift', limit: 1000 })).records).toHaveLength(8);
  });
});

describe('change feed: effects applied twice (a crash between the effects and the cursor commit)', () => {
  it('re-applying the same events adds no audit record and leaves the same drift', async () => {
    const { startFeedHarness } = await import('./support/feed-harness');
    const f = await startFeedHarness();
    try {
      const id = await f.createUser('twice@example.com');
      await f.consoleUpdate(id, { firstname: 'Once' });
      await f.emulator('delete', `/__emulator/users/${await f.createUser('gone.twice@example.com')}/console`).expect(200);
      await f.service.built.poller.pollOnce();
      const before = (await f.audit.query({ limit: 1000 })).records.length;
      const drift = await f.service.drift.list();
      // Forget the cursor and the seen ids, as if the process died before committing them.
      f.db.exec('DELETE FROM changefeed_seen_event; DELETE FROM changefeed_cursor;');
      const again = await f.service.built.poller.pollOnce();
      expect(again.applied).toBeGreaterThan(0);
      expect((await f.audit.query({ limit: 1000 })).records).toHaveLength(before);
      expect(await f.service.drift.list()).toEqual(drift);
    } finally {
      await f.close();
    }
  });
});
