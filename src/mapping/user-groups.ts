import type { AttributeDefinition } from '../scim/schema/attribute-definition';
import type { ScimResource } from '../scim/scim-urns';

/** One group a user belongs to, as the provider resolved it (id from `memberof`, name from the group list). */
export interface UserGroupRef {
  /** The JumpCloud user group id (= the SCIM Group id). */
  id: string;
  /** The group's JumpCloud `name` (= the SCIM Group displayName); undefined when unknown. */
  name?: string;
  /** False when JumpCloud reports the membership only through a longer graph path. */
  direct: boolean;
}

/**
 * Why `groups` is writable here although RFC 7643 §4.1.2 makes it readOnly: some SailPoint
 * configurations grant and revoke entitlements by writing the user's `groups` instead of the
 * group's `members` (CLIENTS.md). The bridge turns such a write into the same member operations
 * as a Group PATCH; the served schema says so, so that schema discovery shows the truth.
 */
export const GROUPS_EXTENSION_NOTE =
  'Extension of RFC 7643 §4.1.2 (readOnly there): writing groups on a User (PATCH add/remove/replace, or PUT with groups) adds or removes this user as a direct member of the named JumpCloud user groups, exactly as a PATCH of the Group\'s members would; a PUT without groups leaves memberships alone. Dynamic groups and "All Users" cannot be written.';

/**
 * The `groups` attribute the bridge serves on User: RFC 7643 §4.1.2's definition (taken from the
 * catalog, never re-typed) with `mutability: readWrite` on the attribute and on `value`, as a
 * deliberate extension (see `GROUPS_EXTENSION_NOTE`). `display`, `$ref` and `type` stay readOnly:
 * the bridge derives them, so inbound copies of them are ignored.
 */
export function writableGroupsAttribute(catalog: AttributeDefinition): AttributeDefinition {
  return {
    ...catalog,
    description: `${catalog.description} ${GROUPS_EXTENSION_NOTE}`,
    mutability: 'readWrite',
    subAttributes: (catalog.subAttributes ?? []).map((sub) => (sub.name === 'value' ? { ...sub, mutability: 'readWrite' } : sub)),
  };
}

/**
 * The rendered `groups` value (RFC 7643 §4.1.2): `value` the group id, `$ref` its SCIM Group URI,
 * `display` its name, `type` `direct` or `indirect`; sorted by id so a resource (and its ETag)
 * does not change with JumpCloud's answer order. Undefined for no groups (RFC 7643 §2.5:
 * an empty multi-valued attribute is unassigned and left out).
 */
export function renderUserGroups(groups: readonly UserGroupRef[], scimBaseUrl: string): Record<string, unknown>[] | undefined {
  if (groups.length === 0) return undefined;
  return [...groups]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((group) => ({
      value: group.id,
      $ref: `${scimBaseUrl}/Groups/${group.id}`,
      ...(group.name !== undefined && group.name !== '' ? { display: group.name } : {}),
      type: group.direct ? 'direct' : 'indirect',
    }));
}

/**
 * The group ids a validated inbound User (POST/PUT body, or the result of a PATCH) asks the user
 * to be a direct member of; undefined when the resource carries no `groups` at all, which means
 * "leave memberships alone" (Okta and others PUT without groups). Values are trimmed and
 * de-duplicated; an element without a `value` names no group and is skipped.
 */
export function desiredGroupIds(resource: ScimResource): string[] | undefined {
  const groups = resource.groups;
  if (groups === undefined || groups === null) return undefined;
  const list = Array.isArray(groups) ? groups : [groups];
  const ids = new Set<string>();
  for (const element of list) {
    const value = typeof element === 'string' ? element : element && typeof element === 'object' ? (element as Record<string, unknown>).value : undefined;
    if (typeof value === 'string' && value.trim() !== '') ids.add(value.trim());
  }
  return [...ids];
}

/** The resource without `groups`: what the JumpCloud user record is compared and written from. */
export function withoutGroups(resource: ScimResource): ScimResource {
  if (!('groups' in resource)) return resource;
  const { groups: _groups, ...rest } = resource;
  return rest as ScimResource;
}
