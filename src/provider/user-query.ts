import { JumpCloudError, type JumpCloudClient, type SystemUser } from '../jumpcloud';
import type { UserQueryPlan } from '../mapping';

/** JumpCloud's page size limit: every read pages by this much. */
export const JUMPCLOUD_PAGE = 100;

/** A window of users in JumpCloud's `_id` order, with JumpCloud's count of all matches. */
export interface UserWindow {
  users: SystemUser[];
  totalCount: number;
}

/**
 * Fetches `count` users from offset `skip` for a plan whose JumpCloud answer is exact, in `_id`
 * order (stable across pages): ceil(count/100) requests, or one request when only the total is
 * wanted.
 */
export async function fetchExactWindow(jumpcloud: JumpCloudClient, plan: Extract<UserQueryPlan, { kind: 'list' }>, skip: number, count: number, fields?: string[]): Promise<UserWindow> {
  if (count === 0) {
    const probe = await jumpcloud.users.listPage({ limit: 1, skip: 0, sort: ['_id'], fields: ['_id'], filter: plan.filter });
    return { users: [], totalCount: probe.totalCount };
  }
  const users: SystemUser[] = [];
  let totalCount = 0;
  for (let offset = skip; users.length < count; offset += JUMPCLOUD_PAGE) {
    const limit = Math.min(JUMPCLOUD_PAGE, count - users.length);
    const page = await listPageOf(jumpcloud, plan, offset, limit, fields);
    totalCount = page.totalCount;
    users.push(...page.results);
    if (page.results.length < limit) break;
  }
  return { users, totalCount };
}

/** One JumpCloud page (at most JUMPCLOUD_PAGE) of an exact plan, in `_id` order, with JumpCloud's count of all matches. */
export function listPageOf(jumpcloud: JumpCloudClient, plan: Extract<UserQueryPlan, { kind: 'list' }>, skip: number, limit: number, fields?: string[]): Promise<{ results: SystemUser[]; totalCount: number }> {
  return jumpcloud.users.listPage({ limit, skip, sort: ['_id'], fields, filter: plan.filter });
}

/**
 * Streams every candidate user of a plan, page by page (100 at a time), to `visit`: the caller
 * filters exactly and keeps only what it needs, so memory stays bounded by a page plus the window.
 */
export async function streamCandidates(jumpcloud: JumpCloudClient, plan: UserQueryPlan, visit: (users: SystemUser[]) => void | Promise<void>, fields?: string[]): Promise<void> {
  switch (plan.kind) {
    case 'empty':
      return;
    case 'get': {
      try {
        const user = await jumpcloud.users.get(plan.id, { fields });
        await visit([user]);
      } catch (err) {
        if (err instanceof JumpCloudError && err.isNotFound()) return;
        throw err;
      }
      return;
    }
    case 'search': {
      const body = fields ? { ...plan.body, fields: fields.join(' ') } : plan.body;
      for (let skip = 0; ; skip += JUMPCLOUD_PAGE) {
        const page = await jumpcloud.users.search(body, { limit: JUMPCLOUD_PAGE, skip });
        await visit(page.results);
        if (page.results.length < JUMPCLOUD_PAGE || skip + page.results.length >= page.totalCount) return;
      }
    }
    case 'list':
    case 'scan': {
      const filter = plan.kind === 'list' ? plan.filter : undefined;
      for (let skip = 0; ; skip += JUMPCLOUD_PAGE) {
        const page = await jumpcloud.users.listPage({ limit: JUMPCLOUD_PAGE, skip, sort: ['_id'], fields, filter });
        await visit(page.results);
        if (page.results.length < JUMPCLOUD_PAGE || skip + page.results.length >= page.totalCount) return;
      }
    }
  }
}
