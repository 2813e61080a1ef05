import type { UserGroup, UserGroupBody } from '../jumpcloud';
import type { FilterNode } from '../scim/filter';
import type { ResourceTypeDefinition, SchemaDefinition } from '../scim/schema';
import { ScimError } from '../scim/scim-error';
import type { ScimResource } from '../scim/scim-urns';
import { createResourceValidator } from '../scim/validation';
import { planGroupQuery, type GroupQueryPlan } from './group-query-plan';
import { buildGroupSchemas } from './group-schemas';
import { groupCreateBody, groupUpdateBody } from './group-to-jumpcloud';
import { groupToScim, membershipReadOnlyReason } from './group-to-scim';

/** Everything the Groups provider needs to speak both vocabularies. */
export interface GroupMapping {
  /** [core Group], as `/Schemas` serves it. */
  schemas: SchemaDefinition[];
  /** The Group resource type (endpoint `/Groups`). */
  resourceType: ResourceTypeDefinition;
  /** A v2 group as a SCIM Group without members and without the provider's meta parts. */
  toScim(group: UserGroup): ScimResource;
  /**
   * A POST/PUT body checked against the served schema; members normalised to `{value}` objects
   * (a bare string member is its id) and their ids returned in order, without duplicates.
   */
  validateInbound(body: unknown): { resource: ScimResource; memberIds: string[] | undefined };
  toCreateBody(resource: ScimResource): UserGroupBody;
  toUpdateBody(desired: ScimResource, current: UserGroup): UserGroupBody | undefined;
  planQuery(filter: FilterNode | undefined): GroupQueryPlan;
  /** Why the group's membership is read-only ("All Users", dynamic groups), else undefined. */
  membershipReadOnlyReason(group: UserGroup): string | undefined;
}

/** Builds the group mapping (fixed: the Group resource has no configurable attributes). */
export function loadGroupMapping(): GroupMapping {
  const { core, resourceType } = buildGroupSchemas();
  const schemas = [core];
  const validate = createResourceValidator(resourceType);
  return {
    schemas,
    resourceType,
    toScim: groupToScim,
    validateInbound: (body) => {
      const resource = validate(withObjectMembers(body));
      return { resource, memberIds: resource.members === undefined ? undefined : memberIdsOf(resource.members) };
    },
    toCreateBody: groupCreateBody,
    toUpdateBody: groupUpdateBody,
    planQuery: (filter) => planGroupQuery(filter, schemas),
    membershipReadOnlyReason,
  };
}

/** Okta and some scripts send a member as its bare id: `"members": ["<id>"]`. */
function withObjectMembers(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const record = body as Record<string, unknown>;
  const key = Object.keys(record).find((name) => name.toLowerCase() === 'members');
  if (key === undefined || !Array.isArray(record[key])) return body;
  return { ...record, [key]: (record[key] as unknown[]).map((member) => (typeof member === 'string' ? { value: member } : member)) };
}

/**
 * The user ids of a validated `members` value, de-duplicated, in order. JumpCloud user groups
 * hold users only: a member of another `type` is refused rather than silently dropped.
 * @throws ScimError 400 `invalidValue` naming the bad member.
 */
export function memberIdsOf(members: unknown): string[] {
  const list = Array.isArray(members) ? members : members === null || members === undefined ? [] : [members];
  const ids = new Set<string>();
  list.forEach((member, index) => {
    const record = typeof member === 'string' ? { value: member } : (member as Record<string, unknown> | null);
    const value = record && typeof record === 'object' ? record.value : undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw ScimError.of('invalidValue', `members[${index}] must have a "value" holding a user id.`);
    }
    const type = record?.type;
    if (type !== undefined && type !== null && (typeof type !== 'string' || type.toLowerCase() !== 'user')) {
      throw ScimError.of('invalidValue', `members[${index}] has type ${JSON.stringify(type)}: JumpCloud user groups hold users only (type "User").`);
    }
    ids.add(value.trim());
  });
  return [...ids];
}
