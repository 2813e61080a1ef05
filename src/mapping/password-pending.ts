import type { SystemUser } from '../jumpcloud';
import type { AttributeDefinition } from '../scim/schema/attribute-definition';
import { defineAttribute } from '../scim/schema/define-attribute';
import { MappingDocumentError, type CustomAttributeMapping } from './mapping-document';

/** The read-only attribute of the project extension that says "activation pending". */
export const PASSWORD_PENDING_ATTRIBUTE = 'passwordPending';

/** The JumpCloud field `passwordPending` is read from (for `fields` projections). */
export const PASSWORD_PENDING_FIELD = 'activated';

/**
 * The definition served in `/Schemas` under the project extension: readOnly (RFC 7643 §7: the
 * client cannot set it; a body carrying it is ignored), because only the user's first login to
 * the JumpCloud portal ends the pending state.
 */
export function passwordPendingAttribute(): AttributeDefinition {
  return defineAttribute(
    PASSWORD_PENDING_ATTRIBUTE,
    'boolean',
    'true while the user has never set a password: created without one, JumpCloud holds activated=false until the first portal login (it mails an activation link unless ACTIVATION_EMAIL=false).',
    { mutability: 'readOnly' },
  );
}

/**
 * `passwordPending` of a JumpCloud user: the negation of `activated`; undefined when the record
 * does not carry `activated` (a `fields` projection without it), so nothing is invented.
 */
export function renderPasswordPending(user: SystemUser): boolean | undefined {
  return typeof user.activated === 'boolean' ? !user.activated : undefined;
}

/** Refuses a mapping whose custom attribute would shadow `passwordPending`. */
export function assertNoPasswordPendingClash(custom: readonly CustomAttributeMapping[]): void {
  const clash = custom.findIndex((entry) => entry.name.toLowerCase() === PASSWORD_PENDING_ATTRIBUTE.toLowerCase());
  if (clash >= 0) throw new MappingDocumentError(`/customAttributes/${clash}: SCIM name "${custom[clash]?.name}" is reserved for the bridge's read-only ${PASSWORD_PENDING_ATTRIBUTE} attribute`);
}
