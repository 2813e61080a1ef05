import { compareChanges } from './changed-since';
import type { ChangedResource, ChangedSincePage, ResourceKind, ResourceState, StateStore } from './state-store';

/** The in-memory StateStore: for tests, and until the durable store lands. */
export class MemoryStateStore implements StateStore {
  private readonly states = new Map<string, ResourceState>();

  private static key(kind: ResourceKind, id: string): string {
    return `${kind}/${id}`;
  }

  async get(kind: ResourceKind, id: string): Promise<ResourceState | undefined> {
    const state = this.states.get(MemoryStateStore.key(kind, id));
    return state ? { ...state } : undefined;
  }

  async getMany(kind: ResourceKind, ids: readonly string[]): Promise<Map<string, ResourceState>> {
    const found = new Map<string, ResourceState>();
    for (const id of ids) {
      const state = this.states.get(MemoryStateStore.key(kind, id));
      if (state) found.set(id, { ...state });
    }
    return found;
  }

  async recordChange(kind: ResourceKind, id: string, at: Date): Promise<ResourceState> {
    const key = MemoryStateStore.key(kind, id);
    const iso = at.toISOString();
    const known = this.states.get(key);
    if (known && known.lastModified >= iso) return { ...known };
    this.states.set(key, { lastModified: iso });
    return { lastModified: iso };
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    this.states.delete(MemoryStateStore.key(kind, id));
  }

  async changedSince(kind: ResourceKind, since: Date, inclusive: boolean, page: ChangedSincePage = {}): Promise<ChangedResource[]> {
    // ISO-8601 UTC strings from toISOString order as text, like the SQLite store compares them.
    const bound = since.toISOString();
    const prefix = `${kind}/`;
    const changes: ChangedResource[] = [];
    for (const [key, state] of this.states) {
      if (!key.startsWith(prefix)) continue;
      if (inclusive ? state.lastModified < bound : state.lastModified <= bound) continue;
      const change = { id: key.slice(prefix.length), lastModified: state.lastModified };
      if (page.after && compareChanges(change, page.after) <= 0) continue;
      changes.push(change);
    }
    changes.sort(compareChanges);
    return page.limit === undefined ? changes : changes.slice(0, page.limit);
  }
}
