/**
 * What the change feed last observed of each resource: the hash and values of its mapped
 * attributes (the fallback reconciliation scan compares them) and where its latest change came
 * from (the bridge's own write, or someone else: the console, another integration, the user).
 */
import type { ResourceKind } from './state-store';

/** Who made a change, as far as the feed can tell. */
export type ChangeOrigin = 'bridge' | 'external';

/** The latest change of a resource the feed saw. */
export interface ObservedChange {
  /** ISO-8601 time of the change (the event time, or when the scan saw it). */
  at: string;
  origin: ChangeOrigin;
  /** Who, when known (Directory Insights `initiated_by` plus `auth_method`). */
  by?: Record<string, unknown>;
}

/** The mapped attributes of a resource as last seen by a scan. */
export interface MappedSnapshot {
  hash: string;
  /** The values the hash was computed from, keyed by attribute key. */
  values: Record<string, unknown>;
  /** ISO-8601 time of the scan that saw them. */
  observedAt: string;
}

export interface ResourceObservation {
  snapshot?: MappedSnapshot;
  lastChange?: ObservedChange;
}

export interface ResourceObservationStore {
  get(kind: ResourceKind, id: string): Promise<ResourceObservation | undefined>;
  /** The observations of many resources at once (one scan page). */
  getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceObservation>>;
  /** Saves snapshots of many resources in one transaction. */
  saveSnapshots(kind: ResourceKind, snapshots: ReadonlyMap<string, MappedSnapshot>): Promise<void>;
  /** Records the origin of a change (kept when a later change is already recorded). */
  recordChange(kind: ResourceKind, id: string, change: ObservedChange): Promise<void>;
  /** Ids of resources with a snapshot older than `before` (not seen by a scan that started then). */
  notObservedSince(kind: ResourceKind, before: string): Promise<string[]>;
  /** Whether any resource of this kind has a snapshot (false before the first scan). */
  hasSnapshots(kind: ResourceKind): Promise<boolean>;
  /** Forgets a deleted resource. */
  forget(kind: ResourceKind, id: string): Promise<void>;
}
