import type { Pool } from 'pg';
import { OBSERVATION_COLUMNS, toObservation, type ResourceObservationRow } from './resource-observation-row';
import type { MappedSnapshot, ObservedChange, ResourceObservation, ResourceObservationStore } from './resource-observation-store';
import type { ResourceKind } from './state-store';

/**
 * The ResourceObservationStore on the shared PostgreSQL store (table resource_observation,
 * migration 1): what SqliteResourceObservationStore keeps, for every replica to see.
 *
 * A reconciliation scan reads and saves a page (100-1000 resources) at a time, so getMany and
 * saveSnapshots are one statement each over arrays (= ANY, unnest) rather than one round trip
 * per resource: on a network database the round trips, not the rows, are the cost. Times are
 * ISO-8601 text of one format (toISOString), compared as text like on SQLite: any collation
 * orders them chronologically like bytes do, so the column's own serves, with its index
 * (kind, observed_at) for notObservedSince.
 */
export class PostgresResourceObservationStore implements ResourceObservationStore {
  constructor(private readonly pool: Pool) {}

  async get(kind: ResourceKind, id: string): Promise<ResourceObservation | undefined> {
    const result = await this.pool.query<ResourceObservationRow>(`SELECT ${OBSERVATION_COLUMNS} FROM resource_observation WHERE kind = $1 AND id = $2`, [kind, id]);
    const row = result.rows[0];
    return row ? toObservation(row) : undefined;
  }

  async getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceObservation>> {
    const found = new Map<string, ResourceObservation>();
    if (ids.length === 0) return found;
    const result = await this.pool.query<ResourceObservationRow & { id: string }>(`SELECT id, ${OBSERVATION_COLUMNS} FROM resource_observation WHERE kind = $1 AND id = ANY($2::text[])`, [kind, [...ids]]);
    for (const row of result.rows) found.set(row.id, toObservation(row));
    return found;
  }

  async saveSnapshots(kind: ResourceKind, snapshots: ReadonlyMap<string, MappedSnapshot>): Promise<void> {
    if (snapshots.size === 0) return;
    const ids: string[] = [];
    const hashes: string[] = [];
    const values: string[] = [];
    const observedAt: string[] = [];
    for (const [id, snapshot] of snapshots) {
      ids.push(id);
      hashes.push(snapshot.hash);
      values.push(JSON.stringify(snapshot.values));
      observedAt.push(snapshot.observedAt);
    }
    // One statement is one transaction: the page is saved whole or not at all. Rows are written
    // in id order so that two writers of overlapping pages lock them in the same order (no
    // deadlock); the snapshot columns only, so a recorded last change is kept.
    await this.pool.query(
      `INSERT INTO resource_observation (kind, id, mapped_hash, mapped_values, observed_at)
       SELECT $1, snapshot.id, snapshot.hash, snapshot.mapped_values, snapshot.observed_at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS snapshot(id, hash, mapped_values, observed_at) ORDER BY snapshot.id
       ON CONFLICT (kind, id) DO UPDATE SET mapped_hash = excluded.mapped_hash, mapped_values = excluded.mapped_values, observed_at = excluded.observed_at`,
      [kind, ids, hashes, values, observedAt],
    );
  }

  async recordChange(kind: ResourceKind, id: string, change: ObservedChange): Promise<void> {
    // The condition is checked on the row as locked by the upsert, so of two replicas recording
    // changes of one resource at once, the later change wins whichever commits last.
    await this.pool.query(
      `INSERT INTO resource_observation (kind, id, last_change_at, last_change_origin, last_change_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, id) DO UPDATE SET last_change_at = excluded.last_change_at, last_change_origin = excluded.last_change_origin, last_change_by = excluded.last_change_by
       WHERE resource_observation.last_change_at IS NULL OR excluded.last_change_at >= resource_observation.last_change_at`,
      [kind, id, change.at, change.origin, change.by ? JSON.stringify(change.by) : null],
    );
  }

  async notObservedSince(kind: ResourceKind, before: string): Promise<string[]> {
    const result = await this.pool.query<{ id: string }>('SELECT id FROM resource_observation WHERE kind = $1 AND observed_at IS NOT NULL AND observed_at < $2', [kind, before]);
    return result.rows.map((row) => row.id);
  }

  async hasSnapshots(kind: ResourceKind): Promise<boolean> {
    const result = await this.pool.query('SELECT 1 FROM resource_observation WHERE kind = $1 AND observed_at IS NOT NULL LIMIT 1', [kind]);
    return (result.rowCount ?? 0) > 0;
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    await this.pool.query('DELETE FROM resource_observation WHERE kind = $1 AND id = $2', [kind, id]);
  }
}
