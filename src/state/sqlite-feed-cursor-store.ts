import type { BridgeDatabase } from './sqlite-database';
import type { FeedCursor, FeedCursorStore, SeenEvent } from './feed-cursor-store';

/** The FeedCursorStore on the bridge database (tables of migrations 3 and 5). */
export class SqliteFeedCursorStore implements FeedCursorStore {
  private readonly select;
  private readonly selectSeen;
  private readonly commitTx;
  private readonly selectLearned;
  private readonly upsertLearned;

  constructor(db: BridgeDatabase) {
    this.select = db.prepare<[string], { position: string; updated_at: string }>('SELECT position, updated_at FROM changefeed_cursor WHERE feed = ?');
    this.selectLearned = db.prepare<[string, string], { value: string }>('SELECT value FROM changefeed_learned WHERE feed = ? AND name = ?');
    this.upsertLearned = db.prepare<[string, string, string, string]>(
      `INSERT INTO changefeed_learned (feed, name, value, learned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (feed, name) DO UPDATE SET value = excluded.value, learned_at = excluded.learned_at`,
    );
    this.selectSeen = db.prepare<[string, string], { event_id: string }>('SELECT event_id FROM changefeed_seen_event WHERE feed = ? AND timestamp >= ?');
    const upsert = db.prepare<[string, string, string]>(
      `INSERT INTO changefeed_cursor (feed, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (feed) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
    const remember = db.prepare<[string, string, string]>('INSERT OR IGNORE INTO changefeed_seen_event (feed, event_id, timestamp) VALUES (?, ?, ?)');
    const forget = db.prepare<[string, string]>('DELETE FROM changefeed_seen_event WHERE feed = ? AND timestamp < ?');
    this.commitTx = db.transaction((feed: string, position: string, applied: readonly SeenEvent[], forgetBefore: string, now: string) => {
      for (const event of applied) remember.run(feed, event.id, event.timestamp);
      forget.run(feed, forgetBefore);
      upsert.run(feed, position, now);
    });
  }

  async load(feed: string): Promise<FeedCursor | undefined> {
    const row = this.select.get(feed);
    return row ? { position: row.position, updatedAt: row.updated_at } : undefined;
  }

  async seenSince(feed: string, since: string): Promise<Set<string>> {
    return new Set(this.selectSeen.all(feed, since).map((row) => row.event_id));
  }

  async commit(feed: string, position: string, applied: readonly SeenEvent[], forgetBefore: string, now: Date): Promise<void> {
    this.commitTx(feed, position, applied, forgetBefore, now.toISOString());
  }

  async learned(feed: string, name: string): Promise<string | undefined> {
    return this.selectLearned.get(feed, name)?.value;
  }

  async learn(feed: string, name: string, value: string, now: Date): Promise<void> {
    this.upsertLearned.run(feed, name, value, now.toISOString());
  }
}
