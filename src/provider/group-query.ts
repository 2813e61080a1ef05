import { JumpCloudError, MAX_PAGE_SIZE, type JumpCloudClient, type UserGroup } from '../jumpcloud';
import type { GroupCandidates } from '../mapping';
import { streamGroupsNamed } from './group-name-lookup';

/** A window of groups in JumpCloud's list order, with JumpCloud's count of all groups. */
export interface GroupWindow {
  groups: UserGroup[];
  totalCount: number;
}

/**
 * Fetches `count` groups from offset `skip`, unfiltered, in JumpCloud's order: ceil(count/100)
 * requests (one when only the total is wanted), and no member is read.
 */
export async function fetchGroupWindow(jumpcloud: JumpCloudClient, skip: number, count: number): Promise<GroupWindow> {
  if (count === 0) {
    const probe = await jumpcloud.groups.listPage({ limit: 1, skip: 0, fields: ['id'] });
    return { groups: [], totalCount: probe.totalCount ?? probe.items.length };
  }
  const groups: UserGroup[] = [];
  let totalCount = 0;
  for (let offset = skip; groups.length < count; offset += MAX_PAGE_SIZE) {
    const limit = Math.min(MAX_PAGE_SIZE, count - groups.length);
    const page = await jumpcloud.groups.listPage({ limit, skip: offset });
    groups.push(...page.items);
    // Without x-total-count the best truthful total is what exists up to here.
    totalCount = page.totalCount ?? offset + page.items.length;
    if (page.items.length < limit) break;
  }
  return { groups, totalCount };
}

/** Every group JumpCloud lists for the v2 `filter` terms (all groups without), 100 per request. */
async function streamList(jumpcloud: JumpCloudClient, filter: string[] | undefined, visit: (groups: UserGroup[]) => Promise<void>): Promise<void> {
  for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
    const page = await jumpcloud.groups.listPage({ limit: MAX_PAGE_SIZE, skip, filter });
    await visit(page.items);
    if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) return;
  }
}

/** The group, or undefined when JumpCloud answers 404. */
export async function getGroupIfAny(jumpcloud: JumpCloudClient, id: string): Promise<UserGroup | undefined> {
  try {
    return await jumpcloud.groups.get(id);
  } catch (err) {
    if (err instanceof JumpCloudError && err.isNotFound()) return undefined;
    throw err;
  }
}

/**
 * The ids of the groups a user is a direct member of (`GET /v2/users/{id}/memberof`, 100 per
 * request). An unknown user belongs to no group.
 */
export async function groupIdsOfUser(jumpcloud: JumpCloudClient, userId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  try {
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      const page = await jumpcloud.members.memberOf(userId, { limit: MAX_PAGE_SIZE, skip });
      for (const item of page.items) ids.add(item.id);
      if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) break;
    }
  } catch (err) {
    if (err instanceof JumpCloudError && err.isNotFound()) return new Set();
    throw err;
  }
  return ids;
}

/**
 * Streams the candidate groups of a plan to `visit`, page by page; the caller checks each one
 * against the SCIM filter. `groupsOf` holds the memberof answers the plan asked for.
 */
export async function streamGroupCandidates(
  jumpcloud: JumpCloudClient,
  candidates: GroupCandidates,
  groupsOf: ReadonlyMap<string, ReadonlySet<string>>,
  visit: (groups: UserGroup[]) => Promise<void>,
): Promise<void> {
  switch (candidates.kind) {
    case 'empty':
      return;
    case 'get': {
      const group = await getGroupIfAny(jumpcloud, candidates.id);
      if (group) await visit([group]);
      return;
    }
    case 'memberOf': {
      const ids = [...(groupsOf.get(candidates.userId) ?? [])].sort();
      for (let start = 0; start < ids.length; start += MAX_PAGE_SIZE) {
        // No v2 filter the client may send selects several ids, so each group is one GET (a user
        // belongs to few groups); the client's per-org limit bounds how many run at once.
        const groups = await Promise.all(ids.slice(start, start + MAX_PAGE_SIZE).map((id) => getGroupIfAny(jumpcloud, id)));
        await visit(groups.filter((group): group is UserGroup => group !== undefined));
      }
      return;
    }
    case 'name':
      // The probe's answer is re-checked with the SCIM filter; a miss is confirmed unless the
      // search is known to ignore case. A name no v2 filter can carry means a scan.
      await streamGroupsNamed(jumpcloud, candidates, (filter, each) => streamList(jumpcloud, filter, each), visit);
      return;
    case 'scan':
      await streamList(jumpcloud, undefined, visit);
  }
}
