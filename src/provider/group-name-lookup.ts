import type { JumpCloudClient, UserGroup } from '../jumpcloud';

/** The `name` candidates of a Groups plan (`displayName eq`), as `planGroupQuery` makes them. */
export interface NameCandidates {
  value: string;
  probe?: string[];
  run?: string;
}

/** Streams every group JumpCloud lists for the v2 `filter` terms, page by page (100 per request). */
export type GroupLister = (filter: string[] | undefined, visit: (groups: UserGroup[]) => Promise<void>) => Promise<void>;

/**
 * Streams the groups that may be called `value` (SCIM `displayName eq`, caseExact false: RFC
 * 7643 §2.2 and §4.2) to `visit`, which re-checks each with the SCIM filter.
 *
 * First the one `name:search:<run>` request of the plan (a found group costs nothing more). The
 * V2 spec says filter values are "case sensitive": if this org's `search` is, it never answers
 * "Engineering" for the run "engineering", and a client would create the group again. So when no
 * answer is called `value` in any case, the absence is confirmed by reading every group (no
 * filter, 100 per request, see `groups.pages()`), unless case cannot matter (a run without
 * letters) or this client's `search` was already seen to ignore case (`groups.searchCase`).
 * A miss (or, when `search` is case-sensitive, a group asked for in another case) costs
 * 1 + ceil(groups / 100) requests; a miss costs 1 once `search` is known to ignore case.
 * Without a run (a name of symbols only), every group is read.
 */
export async function streamGroupsNamed(jumpcloud: JumpCloudClient, candidates: NameCandidates, list: GroupLister, visit: (groups: UserGroup[]) => Promise<void>): Promise<void> {
  const { probe, run } = candidates;
  if (!probe || run === undefined) return list(undefined, visit);
  const wanted = candidates.value.toLowerCase();
  const isNamed = (group: UserGroup): boolean => typeof group.name === 'string' && group.name.toLowerCase() === wanted;
  let found = false;
  await list(probe, async (groups) => {
    jumpcloud.groups.searchCase.learn(run, groups.map((group) => group.name));
    found ||= groups.some(isNamed);
    await visit(groups);
  });
  if (found || run.toLowerCase() === run.toUpperCase() || jumpcloud.groups.searchCase.knownInsensitive) return;
  for await (const groups of jumpcloud.groups.pages()) {
    // The search handed over no group of this name, so none of these was visited already.
    const named = groups.filter(isNamed);
    if (named.length > 0) await visit(named);
  }
}
