/**
 * What the bridge must remember about resources between requests: when each one last changed
 * (JumpCloud keeps no modification time on users). In memory for now; a durable implementation
 * (SQLite) replaces it behind this same interface, so the methods are async.
 */

/** The SCIM resource types the bridge serves. */
export type ResourceKind = 'User' | 'Group';

/** What the bridge knows of one resource. */
export interface ResourceState {
  /** ISO-8601 time of the latest change the bridge knows of. */
  lastModified: string;
}

export interface StateStore {
  /** The known state of one resource, or undefined when the bridge never saw it change. */
  get(kind: ResourceKind, id: string): Promise<ResourceState | undefined>;
  /** The known states of many resources at once (one round trip for a page of results). */
  getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>>;
  /** Records a change at `at` (ignored when an equal or later change is already known). */
  recordChange(kind: ResourceKind, id: string, at: Date): Promise<void>;
  /** Forgets a deleted resource. */
  forget(kind: ResourceKind, id: string): Promise<void>;
}
