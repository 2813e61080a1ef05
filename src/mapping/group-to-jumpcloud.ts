import type { UserGroup, UserGroupBody } from '../jumpcloud';
import { ScimError } from '../scim/scim-error';
import type { ScimResource } from '../scim/scim-urns';
import { readDescription, writeDescription } from './group-external-id';
import { ALL_USERS_GROUP_NAME } from './group-to-scim';

/** JumpCloud's longest group name and description (the body schema's limit). */
const MAX_TEXT = 1024;

/** The displayName of a validated Group body, checked against what JumpCloud accepts as a `name`. */
function nameOf(resource: ScimResource): string {
  const name = resource.displayName;
  if (typeof name !== 'string' || name.trim() === '') {
    throw ScimError.of('invalidValue', 'Attribute "displayName" is required and must not be blank: it becomes the JumpCloud group name.');
  }
  if (name.length > MAX_TEXT) throw ScimError.of('invalidValue', `Attribute "displayName" is longer than ${MAX_TEXT} characters, the most a JumpCloud group name may hold.`);
  return name;
}

function externalIdOf(resource: ScimResource): string | undefined {
  return typeof resource.externalId === 'string' && resource.externalId !== '' ? resource.externalId : undefined;
}

function checkedDescription(text: string): string {
  if (text.length > MAX_TEXT) {
    throw ScimError.of('invalidValue', `Attribute "externalId" is too long: together with the group's description it must fit JumpCloud's ${MAX_TEXT} characters.`);
  }
  return text;
}

/** `POST /v2/usergroups` body for a new SCIM Group: name, and the externalId marker as description. */
export function groupCreateBody(resource: ScimResource): UserGroupBody {
  const description = checkedDescription(writeDescription({ text: '', externalId: externalIdOf(resource) }));
  return { name: nameOf(resource), ...(description ? { description } : {}) };
}

/**
 * The `PUT /v2/usergroups/{id}` body that gives `current` the desired displayName and externalId,
 * or undefined when nothing changes. JumpCloud's PUT replaces the whole group, so every other
 * field the bridge can carry (`email`, `attributes`, `membershipMethod`, the admin's description
 * text) is written back as read.
 *
 * @throws ScimError 400 `mutability` for "All Users" (JumpCloud's own group) and for a dynamic
 *   group: JumpCloud's PUT would reset its `memberQuery`, which the client's body cannot carry.
 */
export function groupUpdateBody(desired: ScimResource, current: UserGroup): UserGroupBody | undefined {
  const name = nameOf(desired);
  const parts = readDescription(current.description);
  const description = checkedDescription(writeDescription({ text: parts.text, externalId: externalIdOf(desired) }));
  const currentDescription = typeof current.description === 'string' ? current.description : '';
  if (name === current.name && description === currentDescription) return undefined;
  if (current.name === ALL_USERS_GROUP_NAME) {
    throw ScimError.of('mutability', `Group "${ALL_USERS_GROUP_NAME}" (${current.id}) is managed by JumpCloud: its displayName and externalId cannot be changed.`);
  }
  if (current.membershipMethod === 'DYNAMIC_AUTOMATED' || current.membershipMethod === 'DYNAMIC_REVIEW_REQUIRED') {
    throw ScimError.of(
      'mutability',
      `Group "${String(current.name ?? '')}" (${current.id}) is a dynamic JumpCloud group: rewriting it would reset its membership rules, so its displayName and externalId are changed in JumpCloud only.`,
    );
  }
  return {
    name,
    ...(description ? { description } : {}),
    ...(typeof current.email === 'string' && current.email !== '' ? { email: current.email } : {}),
    ...(current.attributes && typeof current.attributes === 'object' ? { attributes: current.attributes } : {}),
    ...(current.membershipMethod ? { membershipMethod: current.membershipMethod } : {}),
  };
}
