import type { Pool, PoolClient } from 'pg';
import type { FeedCursor, FeedCursorStore, SeenEvent } from './feed-cursor-store';
import { LeaseLostError } from './lease-lost-error';
import { transaction } from './postgres-database';
import { qualifiedTable } from './postgres-schema';

/** The lease a feed's writer must hold for its writes to count: the `lease` row `name`, held by `holder`. */
export interface FeedLease {
  name: string;
  holder: string;
  /**
   * The schema of the `lease` table when it is not the pool's: one election for the whole
   * process (its lease in `public`, say) fencing the cursors of every tenant's schema.
   * Undefined: the pool's own schema (a tenant with an election of its own, or no tenants).
   */
  schema?: string;
}

/**
 * The FeedCursorStore on the shared PostgreSQL store (tables changefeed_cursor,
 * changefeed_seen_event, changefeed_learned of migration 1), shared by every replica.
 *
 * Fencing: with `options.lease`, commit() and learn() first check, in their own transaction,
 * that the lease row is still this replica's and unexpired by the DATABASE clock, and write
 * nothing (LeaseLostError) otherwise. The check takes the row FOR SHARE, so a replica taking
 * the lease over (an UPDATE of that row) waits until the write committed, and a write that
 * started after the takeover sees the new holder. Without it, a leader paused (GC, a stopped
 * container, a network partition) past its lease would, on waking, move the cursor back under
 * the new leader's feet or record events the new leader did not apply.
 */
export class PostgresFeedCursorStore implements FeedCursorStore {
  private readonly lease: FeedLease | undefined;

  constructor(
    private readonly pool: Pool,
    options: { lease?: FeedLease } = {},
  ) {
    this.lease = options.lease;
  }

  async load(feed: string): Promise<FeedCursor | undefined> {
    const result = await this.pool.query<{ position: string; updated_at: string }>('SELECT position, updated_at FROM changefeed_cursor WHERE feed = $1', [feed]);
    const row = result.rows[0];
    return row ? { position: row.position, updatedAt: row.updated_at } : undefined;
  }

  async seenSince(feed: string, since: string): Promise<Set<string>> {
    // Times compare as text, as on SQLite: the feed writes them all with toISOString, one format
    // that the database's collation, whichever it is, orders chronologically like bytes do.
    const result = await this.pool.query<{ event_id: string }>('SELECT event_id FROM changefeed_seen_event WHERE feed = $1 AND timestamp >= $2', [feed, since]);
    return new Set(result.rows.map((row) => row.event_id));
  }

  async commit(feed: string, position: string, applied: readonly SeenEvent[], forgetBefore: string, now: Date): Promise<void> {
    await transaction(this.pool, async (client) => {
      await this.assertLeaseHeld(client);
      // The cursor row first: its row lock makes two writers of one feed (should fencing be off)
      // take turns for the whole transaction, instead of interleaving and deadlocking below.
      await client.query(
        `INSERT INTO changefeed_cursor (feed, position, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (feed) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
        [feed, position, now.toISOString()],
      );
      // One statement for the whole batch (a poll applies up to a page of events). An id seen
      // before keeps its first timestamp, as SQLite's INSERT OR IGNORE does.
      if (applied.length > 0) {
        await client.query(
          `INSERT INTO changefeed_seen_event (feed, event_id, timestamp)
           SELECT $1, event.id, event.timestamp FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS event(id, timestamp, ord) ORDER BY event.ord
           ON CONFLICT (feed, event_id) DO NOTHING`,
          [feed, applied.map((event) => event.id), applied.map((event) => event.timestamp)],
        );
      }
      await client.query('DELETE FROM changefeed_seen_event WHERE feed = $1 AND timestamp < $2', [feed, forgetBefore]);
    });
  }

  async learned(feed: string, name: string): Promise<string | undefined> {
    const result = await this.pool.query<{ value: string }>('SELECT value FROM changefeed_learned WHERE feed = $1 AND name = $2', [feed, name]);
    return result.rows[0]?.value;
  }

  async learn(feed: string, name: string, value: string, now: Date): Promise<void> {
    const upsert = `INSERT INTO changefeed_learned (feed, name, value, learned_at) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (feed, name) DO UPDATE SET value = excluded.value, learned_at = excluded.learned_at`;
    const params = [feed, name, value, now.toISOString()];
    // Without a lease there is nothing to check: one statement needs no transaction.
    if (!this.lease) {
      await this.pool.query(upsert, params);
      return;
    }
    await transaction(this.pool, async (client) => {
      await this.assertLeaseHeld(client);
      await client.query(upsert, params);
    });
  }

  /**
   * Throws LeaseLostError unless the lease row is this replica's and unexpired by the database's
   * clock; takes it FOR SHARE until the transaction ends, so no takeover can slip in before the
   * writes that follow commit.
   */
  private async assertLeaseHeld(client: PoolClient): Promise<void> {
    if (!this.lease) return;
    const { name, holder, schema } = this.lease;
    const held = await client.query(`SELECT 1 FROM ${qualifiedTable(schema, 'lease')} WHERE name = $1 AND holder = $2 AND expires_at > now() FOR SHARE`, [name, holder]);
    if (held.rowCount === 0) throw new LeaseLostError(name, holder);
  }
}
