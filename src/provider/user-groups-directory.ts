import type { JumpCloudClient, MembershipMethod } from '../jumpcloud';
import { ALL_USERS_GROUP_NAME } from '../mapping';

/** How long a group list is trusted before it is read again (names change rarely). */
export const DEFAULT_GROUP_DIRECTORY_TTL_MS = 60_000;

/** What the bridge needs to know of a group to render and write a user's `groups`. */
export interface GroupInfo {
  id: string;
  name: string;
  membershipMethod?: MembershipMethod;
}

/**
 * Every JumpCloud user group's id, name and membership method, read with ONE paged list
 * (`GET /v2/usergroups?fields=id,name,membershipMethod`, ceil(groups/100) requests) and trusted
 * for a short time. It answers the question `memberof` leaves open (it returns ids only): the
 * group names shown as `groups.display`, without a request per group. An id it does not know
 * makes it read the list again once (a group created since), so a name is never stale by more
 * than the TTL and a new group is seen at once.
 */
export class GroupDirectory {
  private groups: Map<string, GroupInfo> | undefined;
  private loadedAt = 0;
  private loading: Promise<Map<string, GroupInfo>> | undefined;
  private generation = 0;

  constructor(
    private readonly jumpcloud: JumpCloudClient,
    private readonly ttlMs: number = DEFAULT_GROUP_DIRECTORY_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every group, from the cache while it is fresh. */
  async all(): Promise<Map<string, GroupInfo>> {
    if (this.groups && this.now() - this.loadedAt < this.ttlMs) return this.groups;
    return this.reload();
  }

  /**
   * The groups named by `ids`, reading the list again (once) when one is unknown to a cached
   * copy. Ids JumpCloud does not have are simply absent from the answer.
   */
  async resolve(ids: readonly string[]): Promise<Map<string, GroupInfo>> {
    const cached = this.groups;
    let groups = await this.all();
    // A list read for this very call is as fresh as it gets: read again only a cached copy.
    if (groups === cached && ids.some((id) => !groups.has(id))) groups = await this.reload();
    const found = new Map<string, GroupInfo>();
    for (const id of ids) {
      const group = groups.get(id);
      if (group) found.set(id, group);
    }
    return found;
  }

  /** Forgets the cached list (a group was created, renamed or deleted through the bridge). */
  invalidate(): void {
    this.generation += 1;
    this.groups = undefined;
  }

  private reload(): Promise<Map<string, GroupInfo>> {
    // Concurrent requests share one read of the list.
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = readAllGroups(this.jumpcloud)
      .then((groups) => {
        if (generation === this.generation) {
          this.groups = groups;
          this.loadedAt = this.now();
        }
        return groups;
      })
      .finally(() => {
        this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }
}

/**
 * Why a user's membership of `group` cannot be written, or undefined when it can: JumpCloud
 * manages "All Users" itself (every user is in it), and recomputes the members of a dynamic
 * group from its member query, so a write would be refused or silently undone.
 */
export function readOnlyMembershipReason(group: GroupInfo): string | undefined {
  if (group.name === ALL_USERS_GROUP_NAME) return `"${ALL_USERS_GROUP_NAME}" (${group.id}) holds every user and is managed by JumpCloud`;
  if (group.membershipMethod === 'DYNAMIC_AUTOMATED' || group.membershipMethod === 'DYNAMIC_REVIEW_REQUIRED') {
    return `"${group.name}" (${group.id}) is a dynamic group (${group.membershipMethod}) whose members JumpCloud computes from its member query`;
  }
  return undefined;
}

/** True for JumpCloud's "All Users" group. */
export function isAllUsersGroup(group: GroupInfo): boolean {
  return group.name === ALL_USERS_GROUP_NAME;
}

/**
 * Pages through every group (100 a request) in JumpCloud's own order (no v2 sort key is
 * documented, so none is sent: the answer is a map, order is not needed), keeping only what the
 * bridge uses.
 */
async function readAllGroups(jumpcloud: JumpCloudClient): Promise<Map<string, GroupInfo>> {
  const groups = new Map<string, GroupInfo>();
  for await (const page of jumpcloud.groups.pages({ fields: ['id', 'name', 'membershipMethod'] })) {
    for (const group of page) {
      groups.set(group.id, { id: group.id, name: typeof group.name === 'string' ? group.name : '', membershipMethod: group.membershipMethod });
    }
  }
  return groups;
}
