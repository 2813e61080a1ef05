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

/** One resource changed after a point in time (an answer of `changedSince`). */
export interface ChangedResource {
  id: string;
  /** ISO-8601 UTC time of its latest known change. */
  lastModified: string;
}

/**
 * One page of `changedSince`: the changes after `after` in (lastModified, id) order, at most
 * `limit` of them (all when absent). Keyset paging: a resource changing again while pages are
 * read moves behind the cursor and is met again, so a reader may see an id twice, never miss one.
 */
export interface ChangedSincePage {
  after?: ChangedResource;
  limit?: number;
}

export interface StateStore {
  /** The known state of one resource, or undefined when the bridge never saw it change. */
  get(kind: ResourceKind, id: string): Promise<ResourceState | undefined>;
  /** The known states of many resources at once (one round trip for a page of results). */
  getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>>;
  /**
   * Records a change at `at` (ignored when an equal or later change is already known). Answers
   * the resource's state after it (the later of the two), so that the write's answer needs no
   * read of it; undefined when the store records nothing (a dry run).
   */
  recordChange(kind: ResourceKind, id: string, at: Date): Promise<ResourceState | undefined>;
  /** Forgets a deleted resource. */
  forget(kind: ResourceKind, id: string): Promise<void>;
  /**
   * The resources of `kind` whose latest change is after `since` (at or after it when
   * `inclusive`), oldest change first, ties by id: what a delta aggregation
   * (`meta.lastModified gt`) asks for. Costs what the changes cost, not what the directory holds.
   */
  changedSince(kind: ResourceKind, since: Date, inclusive: boolean, page?: ChangedSincePage): Promise<ChangedResource[]>;
}
