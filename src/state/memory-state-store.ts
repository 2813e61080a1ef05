import type { ResourceKind, ResourceState, StateStore } from './state-store';

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

  async recordChange(kind: ResourceKind, id: string, at: Date): Promise<void> {
    const key = MemoryStateStore.key(kind, id);
    const iso = at.toISOString();
    const known = this.states.get(key);
    if (!known || known.lastModified < iso) this.states.set(key, { lastModified: iso });
  }

  async forget(kind: ResourceKind, id: string): Promise<void> {
    this.states.delete(MemoryStateStore.key(kind, id));
  }
}
