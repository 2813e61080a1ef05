import type { SystemUser, UserAttribute } from '../jumpcloud';
import { URN, type ScimResource } from '../scim/scim-urns';
import type { CustomAttributeMapping, ResolvedMapping } from './mapping-document';
import { JUMPCLOUD_USER_EXTENSION_URN } from './mapping-urns';
import { tryDeriveUsername } from './username-rule';
import { PASSWORD_PENDING_ATTRIBUTE, renderPasswordPending } from './password-pending';

/** What the provider looked up for rendering (no per-user calls from the mapping). */
export interface RenderExtras {
  /** The manager's display name, from a lookup the provider batches per page. */
  managerDisplayName?: string;
}

/**
 * The SCIM `userName` of a JumpCloud user: the exact userName kept in the custom attribute when
 * it still derives to the user's username (case-insensitively: JumpCloud usernames are unique
 * regardless of case), else the username itself. The consistency check means a user renamed in
 * the JumpCloud console shows its new username instead of a stale userName, and that every
 * rendered userName either equals the username or derives to it: what the filter pushdown needs.
 */
export function renderUserName(user: SystemUser, mapping: ResolvedMapping): string {
  const username = user.username ?? '';
  const kept = findAttribute(user.attributes, mapping.scimUserNameAttribute)?.value;
  if (typeof kept === 'string' && kept !== '' && tryDeriveUsername(kept, mapping.usernameRule)?.toLowerCase() === username.toLowerCase()) return kept;
  return username;
}

/**
 * Renders a JumpCloud system user as a SCIM User (RFC 7643 §4.1, §4.3, plus the project
 * extension). Unset JumpCloud values ("" and []) are left out (RFC 7643 §2.5: unassigned), so are
 * fields missing from a `fields` projection. `meta` carries `resourceType` and `created` only:
 * location, version and lastModified are the provider's. `password` is never rendered.
 */
export function userToScim(user: SystemUser, mapping: ResolvedMapping, extras: RenderExtras = {}): ScimResource {
  // Runs for every user of every page: the core attributes are written straight into the
  // resource (after `schemas`, before the extensions and meta) rather than copied into it.
  const schemas: string[] = [URN.user];
  const resource: ScimResource = { schemas, id: user._id };
  const core: Record<string, unknown> = resource;
  const enterprise: Record<string, unknown> = {};
  if (mapping.special.has('userName') && user.username !== undefined) core.userName = renderUserName(user, mapping);
  for (const scalar of mapping.scalars) {
    const value = text(user[scalar.field]);
    if (value === undefined) continue;
    const target = scalar.schema === URN.enterpriseUser ? enterprise : core;
    if (!scalar.subAttribute) {
      target[scalar.attribute] = value;
      continue;
    }
    const complex = target[scalar.attribute];
    if (typeof complex === 'object' && complex !== null) (complex as Record<string, unknown>)[scalar.subAttribute] = value;
    else target[scalar.attribute] = { [scalar.subAttribute]: value };
  }
  // A STAGED user has not started yet: not active (pre-hire options come later).
  if (mapping.special.has('active') && user.state !== undefined) core.active = user.state === 'ACTIVATED';
  const emails = renderEmails(user, mapping);
  if (emails.length > 0) core.emails = emails;
  if (mapping.special.has('phoneNumbers')) {
    const phones = (user.phoneNumbers ?? [])
      .filter((phone) => text(phone.number) !== undefined)
      .map((phone) => withoutEmpty({ value: phone.number, type: phone.type }));
    if (phones.length > 0) core.phoneNumbers = phones;
  }
  if (mapping.special.has('addresses')) {
    const addresses = (user.addresses ?? [])
      .map((address) =>
        withoutEmpty({
          streetAddress: address.streetAddress,
          locality: address.locality,
          region: address.region,
          postalCode: address.postalCode,
          country: address.country,
          type: address.type,
        }),
      )
      // An address holding only a type (or only poBox/extendedAddress, which SCIM lacks) says nothing.
      .filter((address) => Object.keys(address).some((key) => key !== 'type'));
    if (addresses.length > 0) core.addresses = addresses;
  }
  const manager = text(user.manager);
  if (mapping.special.has('manager') && manager !== undefined) {
    enterprise.manager = withoutEmpty({ value: manager, displayName: extras.managerDisplayName });
  }
  const custom = renderCustom(user.attributes, mapping.custom);
  const pending = renderPasswordPending(user);
  if (pending !== undefined) custom[PASSWORD_PENDING_ATTRIBUTE] = pending;
  if (Object.keys(enterprise).length > 0) {
    schemas.push(URN.enterpriseUser);
    resource[URN.enterpriseUser] = enterprise;
  }
  if (Object.keys(custom).length > 0) {
    schemas.push(JUMPCLOUD_USER_EXTENSION_URN);
    resource[JUMPCLOUD_USER_EXTENSION_URN] = custom;
  }
  const created = text(user.created);
  resource.meta = created === undefined ? { resourceType: 'User' } : { resourceType: 'User', created };
  return resource;
}

function renderEmails(user: SystemUser, mapping: ResolvedMapping): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const work = text(user.email);
  if (work !== undefined) out.push({ value: work, type: 'work', primary: true });
  const other = mapping.otherEmail ? text(user[mapping.otherEmail]) : undefined;
  if (other !== undefined) out.push({ value: other, type: 'other' });
  return out;
}

function renderCustom(attributes: UserAttribute[] | undefined, custom: CustomAttributeMapping[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of custom) {
    const raw = findAttribute(attributes, entry.jumpcloud)?.value;
    const value = raw === undefined || raw === null ? undefined : fromAttributeValue(String(raw), entry.type);
    if (value !== undefined) out[entry.name] = value;
  }
  return out;
}

/**
 * A custom attribute value (always text in JumpCloud) as the SCIM type the mapping declares. A
 * value that does not parse (set by hand in the console) is left out rather than served with the
 * wrong type, which would break clients that trust `/Schemas`.
 */
export function fromAttributeValue(raw: string, type: CustomAttributeMapping['type']): string | boolean | number | undefined {
  if (raw === '') return undefined;
  switch (type) {
    case 'string':
      return raw;
    case 'boolean':
      return /^true$/i.test(raw) ? true : /^false$/i.test(raw) ? false : undefined;
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
    case 'decimal': {
      const value = Number(raw);
      return raw.trim() !== '' && Number.isFinite(value) ? value : undefined;
    }
  }
}

/** The custom attribute named `name` (JumpCloud names compared without case, as the bridge writes one spelling). */
export function findAttribute(attributes: UserAttribute[] | undefined, name: string): UserAttribute | undefined {
  const lower = name.toLowerCase();
  return (attributes ?? []).find((attribute) => typeof attribute?.name === 'string' && attribute.name.toLowerCase() === lower);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value !== undefined && value !== null && value !== '') kept[key] = value;
  }
  return kept;
}
