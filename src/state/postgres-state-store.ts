import type { Pool } from 'pg';
import type { ChangedResource, ChangedSincePage, ResourceKind, ResourceState, StateStore } from './state-store';

/**
 * The StateStore on the shared PostgreSQL database (table `resource_state`): meta.lastModified as
 * every replica sees it, so a delta aggregation asked of any replica finds the changes written
 * through all of them. Times are ISO-8601 UTC text in byte order (COLLATE "C", migration 3), so
 * "later" is a text comparison, as on SQLite.
 */
export class PostgresStateStore implements StateStore {
  constructor(private readonly pool: Pool) {}

  async get(kind: ResourceKind, id: string): Promise<ResourceState | undefined> {
    const result = await this.pool.query<{ last_modified: string }>('SELECT last_modified FROM resource_state WHERE kind = $1 AND id = $2', [kind, id]);
    const row = result.rows[0];
    return row ? { lastModified: row.last_modified } : undefined;
  }

  async getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>> {
    const found = new Map<string, ResourceState>();
    if (ids.length === 0) return found;
    // One statement for a whole page, whatever its size: the ids travel as one array parameter.
    const result = await this.pool.query<{ id: string; last_modified: string }>('SELECT id, last_modified FROM resource_state WHERE kind = $1 AND id = ANY($2::text[])', [
      kind,
      [...ids],
    ]);
    for (const row of result.rows) found.set(row.id, { lastModified: row.last_modified });
    return found;
  }

  /**
   * One statement, atomic against other replicas recording the same resource: the row is locked
   * by the upsert, GREATEST keeps the later of the stored and the new time whichever commits first,
   * and RETURNING answers the time that stands (the later one) without a second read.
   */
  async recordChange(kind: ResourceKind, id: string, at: Date): Promise<ResourceState | undefined> {
    const result = await this.pool.query<{ last_modified: string }>(
      `INSERT INTO resource_state (kind, id, last_modified) VALUES ($1, $2, $3)
       ON CONFLICT (kind, id) DO UPDATE SET last_modified = GREATEST(resource_state.last_modified, excluded.last_modified)
       RETURNING last_modified`,
      [kind, id, at.toISOString()],
    );
    const row = result.rows[0];
    return row ? { lastModified: row.last_modified } : undefined;
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    await this.pool.query('DELETE FROM resource_state WHERE kind = $1 AND id = $2', [kind, id]);
  }

  /**
   * Keyset paging on the (kind, last_modified, id) index: the cursor (last_modified, id) is a
   * range of it, so each page costs what it returns. A NULL limit is PostgreSQL's "no limit".
   */
  async changedSince(kind: ResourceKind, since: Date, inclusive: boolean, page: ChangedSincePage = {}): Promise<ChangedResource[]> {
    const values: unknown[] = [kind, since.toISOString(), page.limit ?? null];
    const bound = inclusive ? 'last_modified >= $2' : 'last_modified > $2';
    let cursor = '';
    if (page.after) {
      values.push(page.after.lastModified, page.after.id);
      cursor = 'AND (last_modified, id) > ($4, $5)';
    }
    const result = await this.pool.query<ChangedResource>(
      `SELECT id, last_modified AS "lastModified" FROM resource_state WHERE kind = $1 AND ${bound} ${cursor} ORDER BY last_modified, id LIMIT $3`,
      values,
    );
    return result.rows;
  }
}
