// The mapping layer's public surface: the only place that knows both SCIM and JumpCloud words.
export { loadUserMapping, type UserMapping } from './user-mapping';
export type { UserQueryPlan } from './user-query-plan';
export type { Projection } from './user-fields';
export type { RenderExtras } from './user-to-scim';
export { toScimError, DEFAULT_RETRY_AFTER_SECONDS, type UpstreamErrorContext } from './upstream-error';
export { MappingDocumentError, type MappingDocument, type ResolvedMapping } from './mapping-document';
export { JUMPCLOUD_USER_EXTENSION_URN } from './mapping-urns';
export { USERNAME_MAX_LENGTH, USERNAME_RULE_TEXT, isValidJumpCloudUsername, type UsernameRule } from './username-rule';
export { renderUserGroups, desiredGroupIds, withoutGroups, GROUPS_EXTENSION_NOTE, type UserGroupRef } from './user-groups';
export { loadGroupMapping, memberIdsOf, type GroupMapping } from './group-mapping';
export type { GroupQueryPlan, GroupCandidates } from './group-query-plan';
export { nameSearchRun } from './group-query-plan';
export { ALL_USERS_GROUP_NAME, createdFromObjectId } from './group-to-scim';
export { readDescription, writeDescription, type DescriptionParts } from './group-external-id';
export { PASSWORD_PENDING_ATTRIBUTE } from './password-pending';
export { bridgeOwnedFields, scimRestrictedFields, SCIM_RESTRICTION_TYPE } from './restricted-fields';
export { JUMPCLOUD_LOCKABLE_FIELDS, isLockableField, type LockableField } from './lockable-fields';
