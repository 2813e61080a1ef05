import type { Pool } from 'pg';
import { decodeDriftCursor, driftPageLimit, encodeDriftCursor } from './drift-cursor';
import type { DriftPage, DriftStore, OpenDrift } from './drift-store';
import type { ResourceKind } from './state-store';

/** The order of open drift, in bytes like SQLite's (see the class comment). */
const SORT_KEY = 'opened_at COLLATE "C", resource_type COLLATE "C", resource_id COLLATE "C", attribute_key COLLATE "C"';

/**
 * The DriftStore on the shared PostgreSQL store (table drift_open, migration 1): what
 * SqliteDriftStore keeps, for every replica to see. Each method is one statement, so none needs
 * an explicit transaction: closing several keys is one DELETE, atomic on its own.
 *
 * Pages follow the same key and cursor as on SQLite (drift-cursor.ts), in the same order:
 * byte order (COLLATE "C"), which is SQLite's, whatever the database's own collation. Under a
 * language collation (en_US, the default of most managed servers) ties in opening time would
 * otherwise come in another order than on SQLite ('g1' before 'Group', 'user' before 'User').
 * The price: on such a database the index cannot serve the sort, and a page sorts the open
 * drift, a table of attributes changed outside the bridge and not yet overwritten (small).
 */
export class PostgresDriftStore implements DriftStore {
  constructor(private readonly pool: Pool) {}

  async get(resourceType: ResourceKind, resourceId: string, key: string): Promise<OpenDrift | undefined> {
    const result = await this.pool.query<{ record: string }>('SELECT record FROM drift_open WHERE resource_type = $1 AND resource_id = $2 AND attribute_key = $3', [resourceType, resourceId, key]);
    const row = result.rows[0];
    return row ? (JSON.parse(row.record) as OpenDrift) : undefined;
  }

  async put(drift: OpenDrift): Promise<void> {
    await this.pool.query(
      `INSERT INTO drift_open (resource_type, resource_id, attribute_key, opened_at, updated_at, record) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (resource_type, resource_id, attribute_key) DO UPDATE SET opened_at = excluded.opened_at, updated_at = excluded.updated_at, record = excluded.record`,
      [drift.resourceType, drift.resourceId, drift.key, drift.openedAt, drift.updatedAt, JSON.stringify(drift)],
    );
  }

  async close(resourceType: ResourceKind, resourceId: string, keys?: readonly string[]): Promise<number> {
    const result =
      keys === undefined
        ? await this.pool.query('DELETE FROM drift_open WHERE resource_type = $1 AND resource_id = $2', [resourceType, resourceId])
        : await this.pool.query('DELETE FROM drift_open WHERE resource_type = $1 AND resource_id = $2 AND attribute_key = ANY($3::text[])', [resourceType, resourceId, [...keys]]);
    return result.rowCount ?? 0;
  }

  async list(query: { limit?: number; cursor?: string; resourceId?: string } = {}): Promise<DriftPage> {
    const limit = driftPageLimit(query.limit);
    const clauses: string[] = [];
    const params: unknown[] = [];
    // Decoded before any query, so a foreign cursor is a RangeError (a 400), never a database error.
    if (query.cursor !== undefined) {
      params.push(...decodeDriftCursor(query.cursor));
      clauses.push(`(${SORT_KEY}) > ($1, $2, $3, $4)`);
    }
    if (query.resourceId !== undefined) {
      params.push(query.resourceId);
      clauses.push(`resource_id = $${params.length}`);
    }
    params.push(limit + 1);
    const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
    const result = await this.pool.query<{ record: string }>(`SELECT record FROM drift_open ${where} ORDER BY ${SORT_KEY} LIMIT $${params.length}`, params);
    const drift = result.rows.slice(0, limit).map((row) => JSON.parse(row.record) as OpenDrift);
    const last = drift[drift.length - 1];
    return result.rows.length > limit && last ? { drift, nextCursor: encodeDriftCursor(last) } : { drift };
  }

  async count(): Promise<number> {
    // COUNT is a bigint, which node-postgres answers as a string: the cast makes it a number.
    const result = await this.pool.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM drift_open');
    return result.rows[0]?.n ?? 0;
  }
}
