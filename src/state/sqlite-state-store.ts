import type { BridgeDatabase } from './sqlite-database';
import type { ResourceKind, ResourceState, StateStore } from './state-store';

/** The StateStore on the bridge database: meta.lastModified survives a restart. */
export class SqliteStateStore implements StateStore {
  private readonly select;
  private readonly upsert;
  private readonly remove;
  private readonly selectMany;

  constructor(private readonly db: BridgeDatabase) {
    this.select = db.prepare<[string, string], { last_modified: string }>('SELECT last_modified FROM resource_state WHERE kind = ? AND id = ?');
    // ISO-8601 UTC strings order as text, so "later wins" is a string comparison.
    this.upsert = db.prepare<[string, string, string]>(
      `INSERT INTO resource_state (kind, id, last_modified) VALUES (?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET last_modified = excluded.last_modified WHERE excluded.last_modified > resource_state.last_modified`,
    );
    this.remove = db.prepare<[string, string]>('DELETE FROM resource_state WHERE kind = ? AND id = ?');
    this.selectMany = db.transaction((kind: ResourceKind, ids: readonly string[]) => {
      const found = new Map<string, ResourceState>();
      for (const id of ids) {
        const row = this.select.get(kind, id);
        if (row) found.set(id, { lastModified: row.last_modified });
      }
      return found;
    });
  }

  async get(kind: ResourceKind, id: string): Promise<ResourceState | undefined> {
    const row = this.select.get(kind, id);
    return row ? { lastModified: row.last_modified } : undefined;
  }

  async getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>> {
    // One read transaction: a consistent snapshot of the page, and one lock instead of N.
    return this.selectMany(kind, ids);
  }

  async recordChange(kind: ResourceKind, id: string, at: Date): Promise<void> {
    this.upsert.run(kind, id, at.toISOString());
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    this.remove.run(kind, id);
  }
}
