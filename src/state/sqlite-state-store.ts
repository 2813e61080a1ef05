import type { BridgeDatabase } from './sqlite-database';
import type { ChangedResource, ChangedSincePage, ResourceKind, ResourceState, StateStore } from './state-store';

/** The StateStore on the bridge database: meta.lastModified survives a restart. */
export class SqliteStateStore implements StateStore {
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly selectMany;
  private readonly changedAfter;
  private readonly changedFrom;
  private readonly changedAfterCursor;
  private readonly changedFromCursor;

  constructor(private readonly db: BridgeDatabase) {
    this.select = db.prepare<[string, string], { last_modified: string }>('SELECT last_modified FROM resource_state WHERE kind = ? AND id = ?');
    // ISO-8601 UTC strings order as text, so "later wins" is a string comparison.
    // RETURNING answers the time written; no row when the known change is as late or later
    // (the DO UPDATE's WHERE is false), and only then is the stored time read back.
    this.upsert = db.prepare<[string, string, string], { last_modified: string }>(
      `INSERT INTO resource_state (kind, id, last_modified) VALUES (?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET last_modified = excluded.last_modified WHERE excluded.last_modified > resource_state.last_modified
       RETURNING last_modified`,
    );
    this.remove = db.prepare<[string, string]>('DELETE FROM resource_state WHERE kind = ? AND id = ?');
    // Delta queries walk the (kind, last_modified) index (migration 4), whose entries carry the
    // primary key: the cursor (last_modified, id) is a range of that index, so each page costs
    // what it returns. LIMIT -1 is SQLite's "no limit".
    const changed = 'SELECT id, last_modified AS lastModified FROM resource_state WHERE kind = ? AND';
    const order = 'ORDER BY last_modified, id LIMIT ?';
    this.changedAfter = db.prepare<[string, string, number], ChangedResource>(`${changed} last_modified > ? ${order}`);
    this.changedFrom = db.prepare<[string, string, number], ChangedResource>(`${changed} last_modified >= ? ${order}`);
    const cursor = 'AND (last_modified, id) > (?, ?)';
    this.changedAfterCursor = db.prepare<[string, string, string, string, number], ChangedResource>(`${changed} last_modified > ? ${cursor} ${order}`);
    this.changedFromCursor = db.prepare<[string, string, string, string, number], ChangedResource>(`${changed} last_modified >= ? ${cursor} ${order}`);
    // ONE statement for a whole page: a statement is its own snapshot (a consistent page without
    // BEGIN and COMMIT), and a page of 100 costs one call into SQLite instead of 102. The ids
    // travel as one JSON array (no limit on bound parameters); each is still a primary-key search.
    this.selectMany = db.prepare<[string, string], { id: string; last_modified: string }>(
      'SELECT id, last_modified FROM resource_state WHERE kind = ? AND id IN (SELECT value FROM json_each(?))',
    );
  }

  async get(kind: ResourceKind, id: string): Promise<ResourceState | undefined> {
    const row = this.select.get(kind, id);
    return row ? { lastModified: row.last_modified } : undefined;
  }

  async getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>> {
    const found = new Map<string, ResourceState>();
    if (ids.length === 0) return found;
    // One id (every GET and write answer): the plain primary-key SELECT, cheaper than json_each.
    const [only] = ids;
    if (ids.length === 1 && only !== undefined) {
      const row = this.select.get(kind, only);
      if (row) found.set(only, { lastModified: row.last_modified });
      return found;
    }
    for (const row of this.selectMany.all(kind, JSON.stringify(ids))) found.set(row.id, { lastModified: row.last_modified });
    return found;
  }

  async recordChange(kind: ResourceKind, id: string, at: Date): Promise<ResourceState | undefined> {
    const written = this.upsert.get(kind, id, at.toISOString());
    return written ? { lastModified: written.last_modified } : this.get(kind, id);
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    this.remove.run(kind, id);
  }

  async changedSince(kind: ResourceKind, since: Date, inclusive: boolean, page: ChangedSincePage = {}): Promise<ChangedResource[]> {
    const bound = since.toISOString();
    const limit = page.limit ?? -1;
    const after = page.after;
    if (!after) return (inclusive ? this.changedFrom : this.changedAfter).all(kind, bound, limit);
    return (inclusive ? this.changedFromCursor : this.changedAfterCursor).all(kind, bound, after.lastModified, after.id, limit);
  }
}
