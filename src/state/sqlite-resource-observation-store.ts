import type { BridgeDatabase } from './sqlite-database';
import { OBSERVATION_COLUMNS, toObservation, type ResourceObservationRow } from './resource-observation-row';
import type { MappedSnapshot, ObservedChange, ResourceObservation, ResourceObservationStore } from './resource-observation-store';
import type { ResourceKind } from './state-store';

/** The ResourceObservationStore on the bridge database (table resource_observation, migration 3). */
export class SqliteResourceObservationStore implements ResourceObservationStore {
  private readonly select;
  private readonly selectManyTx;
  private readonly saveTx;
  private readonly upsertChange;
  private readonly selectStale;
  private readonly selectAny;
  private readonly remove;

  constructor(db: BridgeDatabase) {
    this.select = db.prepare<[string, string], ResourceObservationRow>(`SELECT ${OBSERVATION_COLUMNS} FROM resource_observation WHERE kind = ? AND id = ?`);
    this.selectManyTx = db.transaction((kind: ResourceKind, ids: readonly string[]) => {
      const found = new Map<string, ResourceObservation>();
      for (const id of ids) {
        const row = this.select.get(kind, id);
        if (row) found.set(id, toObservation(row));
      }
      return found;
    });
    const upsertSnapshot = db.prepare<[string, string, string, string, string]>(
      `INSERT INTO resource_observation (kind, id, mapped_hash, mapped_values, observed_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET mapped_hash = excluded.mapped_hash, mapped_values = excluded.mapped_values, observed_at = excluded.observed_at`,
    );
    this.saveTx = db.transaction((kind: ResourceKind, snapshots: ReadonlyMap<string, MappedSnapshot>) => {
      for (const [id, snapshot] of snapshots) upsertSnapshot.run(kind, id, snapshot.hash, JSON.stringify(snapshot.values), snapshot.observedAt);
    });
    // ISO-8601 UTC strings order as text: an older change never overwrites a newer one.
    this.upsertChange = db.prepare<[string, string, string, string, string | null]>(
      `INSERT INTO resource_observation (kind, id, last_change_at, last_change_origin, last_change_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET last_change_at = excluded.last_change_at, last_change_origin = excluded.last_change_origin, last_change_by = excluded.last_change_by
       WHERE resource_observation.last_change_at IS NULL OR excluded.last_change_at >= resource_observation.last_change_at`,
    );
    this.selectStale = db.prepare<[string, string], { id: string }>('SELECT id FROM resource_observation WHERE kind = ? AND observed_at IS NOT NULL AND observed_at < ?');
    this.selectAny = db.prepare<[string], { found: number }>('SELECT 1 AS found FROM resource_observation WHERE kind = ? AND observed_at IS NOT NULL LIMIT 1');
    this.remove = db.prepare<[string, string]>('DELETE FROM resource_observation WHERE kind = ? AND id = ?');
  }

  async get(kind: ResourceKind, id: string): Promise<ResourceObservation | undefined> {
    const row = this.select.get(kind, id);
    return row ? toObservation(row) : undefined;
  }

  async getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceObservation>> {
    return this.selectManyTx(kind, ids);
  }

  async saveSnapshots(kind: ResourceKind, snapshots: ReadonlyMap<string, MappedSnapshot>): Promise<void> {
    this.saveTx(kind, snapshots);
  }

  async recordChange(kind: ResourceKind, id: string, change: ObservedChange): Promise<void> {
    this.upsertChange.run(kind, id, change.at, change.origin, change.by ? JSON.stringify(change.by) : null);
  }

  async notObservedSince(kind: ResourceKind, before: string): Promise<string[]> {
    return this.selectStale.all(kind, before).map((row) => row.id);
  }

  async hasSnapshots(kind: ResourceKind): Promise<boolean> {
    return this.selectAny.get(kind) !== undefined;
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    this.remove.run(kind, id);
  }
}
