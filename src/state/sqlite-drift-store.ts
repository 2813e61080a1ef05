import { decodeDriftCursor, driftPageLimit, encodeDriftCursor } from './drift-cursor';
import type { DriftPage, DriftStore, OpenDrift } from './drift-store';
import type { BridgeDatabase } from './sqlite-database';
import type { ResourceKind } from './state-store';

/** The DriftStore on the bridge database (table drift_open, migration 3). */
export class SqliteDriftStore implements DriftStore {
  private readonly select;
  private readonly upsert;
  private readonly removeOne;
  private readonly removeAll;
  private readonly closeTx;
  private readonly countAll;

  constructor(private readonly db: BridgeDatabase) {
    this.select = db.prepare<[string, string, string], { record: string }>('SELECT record FROM drift_open WHERE resource_type = ? AND resource_id = ? AND attribute_key = ?');
    this.upsert = db.prepare<[string, string, string, string, string, string]>(
      `INSERT INTO drift_open (resource_type, resource_id, attribute_key, opened_at, updated_at, record) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (resource_type, resource_id, attribute_key) DO UPDATE SET opened_at = excluded.opened_at, updated_at = excluded.updated_at, record = excluded.record`,
    );
    this.removeOne = db.prepare<[string, string, string]>('DELETE FROM drift_open WHERE resource_type = ? AND resource_id = ? AND attribute_key = ?');
    this.removeAll = db.prepare<[string, string]>('DELETE FROM drift_open WHERE resource_type = ? AND resource_id = ?');
    this.closeTx = db.transaction((resourceType: string, resourceId: string, keys: readonly string[] | undefined) => {
      if (keys === undefined) return this.removeAll.run(resourceType, resourceId).changes;
      let closed = 0;
      for (const key of keys) closed += this.removeOne.run(resourceType, resourceId, key).changes;
      return closed;
    });
    this.countAll = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM drift_open');
  }

  async get(resourceType: ResourceKind, resourceId: string, key: string): Promise<OpenDrift | undefined> {
    const row = this.select.get(resourceType, resourceId, key);
    return row ? (JSON.parse(row.record) as OpenDrift) : undefined;
  }

  async put(drift: OpenDrift): Promise<void> {
    this.upsert.run(drift.resourceType, drift.resourceId, drift.key, drift.openedAt, drift.updatedAt, JSON.stringify(drift));
  }

  async close(resourceType: ResourceKind, resourceId: string, keys?: readonly string[]): Promise<number> {
    return this.closeTx(resourceType, resourceId, keys);
  }

  async list(query: { limit?: number; cursor?: string; resourceId?: string } = {}): Promise<DriftPage> {
    const limit = driftPageLimit(query.limit);
    const clauses: string[] = [];
    const params: Record<string, string | number> = { limit: limit + 1 };
    if (query.cursor !== undefined) {
      const [openedAt, resourceType, resourceId, key] = decodeDriftCursor(query.cursor);
      clauses.push('(opened_at, resource_type, resource_id, attribute_key) > (@openedAt, @resourceType, @resourceId, @key)');
      Object.assign(params, { openedAt, resourceType, resourceId, key });
    }
    if (query.resourceId !== undefined) {
      clauses.push('resource_id = @only');
      params.only = query.resourceId;
    }
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const rows = this.db
      .prepare<Record<string, string | number>, { record: string }>(`SELECT record FROM drift_open ${where} ORDER BY opened_at, resource_type, resource_id, attribute_key LIMIT @limit`)
      .all(params);
    const drift = rows.slice(0, limit).map((row) => JSON.parse(row.record) as OpenDrift);
    const last = drift[drift.length - 1];
    return rows.length > limit && last ? { drift, nextCursor: encodeDriftCursor(last) } : { drift };
  }

  async count(): Promise<number> {
    return this.countAll.get()?.n ?? 0;
  }
}
