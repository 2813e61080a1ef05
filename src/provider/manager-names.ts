import type { JumpCloudClient, SystemUser } from '../jumpcloud';

/** How many manager names are remembered between requests (a bounded cache, oldest evicted first). */
export const MANAGER_NAME_CACHE_LIMIT = 10_000;
/**
 * How many of the oldest names one eviction drops: a tenth of the cache at once. Evicting one name
 * per insert cost ~13 µs a user once the cache was full (a Map's first live key sits behind the
 * holes its deletes leave, and every eviction walked them): 1.3 ms of a 100-user page during a
 * full aggregation. A batch walks them once.
 */
const EVICTION_BATCH = MANAGER_NAME_CACHE_LIMIT / 10;

/**
 * Resolves `manager.displayName` for a page of users without a call per user: names come from
 * the page itself, then from a bounded cache of users the bridge has seen, and only the rest from
 * ONE batched JumpCloud search per 100 managers (per-id reads where that search does not match ids).
 */
export class ManagerNames {
  private readonly cache = new Map<string, string>();

  constructor(private readonly jumpcloud: JumpCloudClient) {}

  /** Remembers the display names of users the bridge read or wrote (runs for every user of every page). */
  remember(users: readonly SystemUser[]): void {
    for (const user of users) {
      // A record read with a narrowed `fields` projection lacks the name fields (JumpCloud sends
      // "" for unset ones): its username is not its display name, so it must not enter the cache.
      if (!hasNameFields(user)) continue;
      // Deleted and set again: the most recently seen names are the last evicted.
      this.cache.delete(user._id);
      this.cache.set(user._id, displayNameOf(user));
    }
    if (this.cache.size > MANAGER_NAME_CACHE_LIMIT) this.evictOldest(this.cache.size - MANAGER_NAME_CACHE_LIMIT + EVICTION_BATCH);
  }

  /** How many names are remembered now. */
  get size(): number {
    return this.cache.size;
  }

  /** Drops the `count` least recently seen names, in one walk of the cache's order. */
  private evictOldest(count: number): void {
    let left = count;
    for (const id of this.cache.keys()) {
      if (left <= 0) break;
      this.cache.delete(id);
      left -= 1;
    }
  }

  /** Forgets a deleted user. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  /** Display names of the managers of `users`, by manager id. */
  async resolve(users: readonly SystemUser[]): Promise<Map<string, string>> {
    this.remember(users);
    const names = new Map<string, string>();
    const missing = new Set<string>();
    for (const user of users) {
      const managerId = typeof user.manager === 'string' ? user.manager : '';
      if (!managerId) continue;
      const known = this.cache.get(managerId);
      if (known !== undefined) names.set(managerId, known);
      else missing.add(managerId);
    }
    if (missing.size > 0) {
      // Batched `_id` search, per-id reads where that search is not seen to match ids (unconfirmed).
      const found = [...(await this.jumpcloud.users.findByIds([...missing], { fields: ['_id', 'username', 'firstname', 'lastname', 'displayname'] })).values()];
      this.remember(found);
      for (const manager of found) names.set(manager._id, displayNameOf(manager));
    }
    return names;
  }
}

function hasNameFields(user: SystemUser): boolean {
  return user.displayname !== undefined && user.firstname !== undefined && user.lastname !== undefined;
}

/** The name a person is shown by: JumpCloud's display name, else first and last name, else the username. */
export function displayNameOf(user: SystemUser): string {
  const display = typeof user.displayname === 'string' ? user.displayname.trim() : '';
  if (display) return display;
  const full = [user.firstname, user.lastname].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
  return full || String(user.username ?? '');
}
