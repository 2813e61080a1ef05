import { MAX_PAGE_SIZE, type JumpCloudClient, type SystemUser } from '../jumpcloud';
import { displayNameOf } from './manager-names';

/** One member as SCIM renders it (RFC 7643 §4.2). */
export interface ScimMember {
  value: string;
  display?: string;
  $ref?: string;
  type?: string;
}

/** Which member sub-attributes the client asked for (from the projection). */
export interface MemberShape {
  display: boolean;
  ref: boolean;
  type: boolean;
}

const USER_NAME_FIELDS = ['_id', 'username', 'firstname', 'lastname', 'displayname'];

/**
 * The direct member ids of a group, one JumpCloud page (100) at a time, in JumpCloud's order.
 * Only one page is held at once, so a 100,000-member group streams in bounded memory.
 */
export async function* memberIdPages(jumpcloud: JumpCloudClient, groupId: string): AsyncGenerator<string[]> {
  for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
    const page = await jumpcloud.members.list(groupId, { limit: MAX_PAGE_SIZE, skip });
    const ids = page.items.map((edge) => edge.to.id).filter((id): id is string => typeof id === 'string');
    if (ids.length > 0) yield ids;
    if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) return;
  }
}

/** Every direct member id (for a full replacement's diff only: the one place a whole list is needed). */
export async function memberIdSet(jumpcloud: JumpCloudClient, groupId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for await (const page of memberIdPages(jumpcloud, groupId)) for (const id of page) ids.add(id);
  return ids;
}

/**
 * The users among `ids` that exist, with their name fields: ONE `POST /search/systemusers`
 * `{filter:{or:[{_id}…]}}` per 100 ids, or per-id reads where that search is not seen to match
 * ids (`users.findByIds`: the `_id` search is unconfirmed).
 */
export async function findUsers(jumpcloud: JumpCloudClient, ids: readonly string[]): Promise<Map<string, SystemUser>> {
  return jumpcloud.users.findByIds(ids, { fields: USER_NAME_FIELDS });
}

/** Renders a page of member ids; `users` supplies display names (a member JumpCloud no longer knows has none). */
export function renderMembers(ids: readonly string[], users: ReadonlyMap<string, SystemUser>, shape: MemberShape, scimBaseUrl: string): ScimMember[] {
  return ids.map((id) => {
    const user = users.get(id);
    return {
      value: id,
      ...(shape.display && user ? { display: displayNameOf(user) } : {}),
      ...(shape.ref ? { $ref: `${scimBaseUrl}/Users/${id}` } : {}),
      ...(shape.type ? { type: 'User' } : {}),
    };
  });
}

/**
 * The members of a group as SCIM pages: each JumpCloud page of 100 ids, plus (only when `display`
 * is wanted) ONE batched name lookup for that page.
 */
export async function* memberPages(jumpcloud: JumpCloudClient, groupId: string, shape: MemberShape, scimBaseUrl: string): AsyncGenerator<ScimMember[]> {
  for await (const ids of memberIdPages(jumpcloud, groupId)) {
    const users = shape.display ? await findUsers(jumpcloud, ids) : new Map<string, SystemUser>();
    yield renderMembers(ids, users, shape, scimBaseUrl);
  }
}
