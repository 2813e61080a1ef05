import type { UserGroup } from '../jumpcloud';
import { URN, type ScimResource } from '../scim/scim-urns';
import { readDescription } from './group-external-id';

/** The name JumpCloud gives the group every org has, whose members are every user. */
export const ALL_USERS_GROUP_NAME = 'All Users';

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * A v2 user group as a SCIM Group WITHOUT `members` (the provider streams those page by page) and
 * without `meta.location`/`version`/`lastModified` (the provider's).
 *
 * `meta.created`: JumpCloud's group object has no creation time, but its id is a MongoDB ObjectId
 * whose first four bytes ARE the creation time in seconds; that is JumpCloud's own record of it,
 * not an invention. An id that is not an ObjectId gives no `created`.
 */
export function groupToScim(group: UserGroup): ScimResource {
  const { externalId } = readDescription(group.description);
  const created = createdFromObjectId(group.id);
  return {
    schemas: [URN.group],
    id: group.id,
    ...(externalId !== undefined ? { externalId } : {}),
    displayName: typeof group.name === 'string' ? group.name : '',
    meta: { resourceType: 'Group', ...(created ? { created } : {}) },
  };
}

/** ISO-8601 time encoded in an ObjectId's first 4 bytes (seconds since the epoch). */
export function createdFromObjectId(id: string): string | undefined {
  if (!OBJECT_ID.test(id)) return undefined;
  return new Date(parseInt(id.slice(0, 8), 16) * 1000).toISOString();
}

/**
 * Why the group's membership cannot be written through SCIM, or undefined when it can. The text
 * is the `detail` of the 400 `mutability` a write gets, so it names the group and the reason.
 */
export function membershipReadOnlyReason(group: UserGroup): string | undefined {
  const method = group.membershipMethod;
  if (group.name === ALL_USERS_GROUP_NAME) {
    return `The members of group "${ALL_USERS_GROUP_NAME}" (${group.id}) are read-only: JumpCloud puts every user in it and manages its membership itself.`;
  }
  if (method === 'DYNAMIC_AUTOMATED' || method === 'DYNAMIC_REVIEW_REQUIRED') {
    return `The members of group "${String(group.name ?? '')}" (${group.id}) are read-only: it is a dynamic JumpCloud group (membershipMethod ${method}) whose members JumpCloud computes from its membership rules; change the rules in JumpCloud instead.`;
  }
  return undefined;
}
