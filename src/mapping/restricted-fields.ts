import type { RestrictedField } from '../jumpcloud';
import type { ResolvedMapping } from './mapping-document';

/** The JumpCloud `restrictedFields[].type` that names this bridge (a SCIM provisioner) as the owner. */
export const SCIM_RESTRICTION_TYPE = 'scim';

/**
 * The JumpCloud fields the bridge owns under a mapping: every field a mapped SCIM attribute
 * writes. Left out on purpose: `password` (the user's own), `state` (admins must stay able to
 * suspend a user in an emergency), and `attributes` (one array shared with custom attributes the
 * bridge does not map; restricting it would lock the admins' own attributes too). Not all of
 * them can be locked: `ResolvedMapping.restrictedFields` is what READ_ONLY_PROFILES marks.
 */
export function bridgeOwnedFields(mapping: Pick<ResolvedMapping, 'special' | 'otherEmail' | 'scalars'>): string[] {
  const fields = new Set<string>();
  if (mapping.special.has('userName')) fields.add('username');
  fields.add('email');
  if (mapping.otherEmail) fields.add(mapping.otherEmail);
  for (const scalar of mapping.scalars) fields.add(scalar.field);
  if (mapping.special.has('phoneNumbers')) fields.add('phoneNumbers');
  if (mapping.special.has('addresses')) fields.add('addresses');
  if (mapping.special.has('manager')) fields.add('manager');
  return [...fields];
}

/**
 * The `restrictedFields` array that marks `owned` as owned by `scim`, keeping every restriction of
 * another source (an Active Directory or IdP import) as it is. Undefined when `current` already
 * says exactly that, so an update sends nothing. JumpCloud REPLACES arrays on PUT and its PUT
 * body refuses the items' `id`, hence the whole array, without ids.
 */
export function scimRestrictedFields(owned: readonly string[], current: readonly RestrictedField[] | undefined): RestrictedField[] | undefined {
  const others = (current ?? []).filter((item) => item.type !== SCIM_RESTRICTION_TYPE).map(({ field, type }) => ({ field, type }));
  const wanted = [...others, ...owned.map((field) => ({ field, type: SCIM_RESTRICTION_TYPE }))];
  const key = (items: readonly RestrictedField[]) => items.map((item) => `${item.type}\u0000${item.field}`).sort().join('\n');
  return key(wanted) === key(current ?? []) ? undefined : wanted;
}
