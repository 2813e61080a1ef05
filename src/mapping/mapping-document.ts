import Ajv, { type ErrorObject } from 'ajv';
import mappingSchema from '../../schemas/mapping.schema.json';
import type { AttributeDefinition } from '../scim/schema/attribute-definition';
import { commonAttributes } from '../scim/schema/common-attributes';
import { coreUserSchema, enterpriseUserSchema } from '../scim/schema/rfc7643-catalog';
import { findByName } from '../scim/schema/select-attributes';
import { URN } from '../scim/scim-urns';
import { isLockableField, JUMPCLOUD_LOCKABLE_FIELDS } from './lockable-fields';
import { bridgeOwnedFields } from './restricted-fields';
import type { UsernameRule } from './username-rule';

/** JumpCloud v1 string fields a `scalar` entry may target (the enum of schemas/mapping.schema.json). */
export type ScalarField =
  | 'firstname'
  | 'lastname'
  | 'middlename'
  | 'displayname'
  | 'jobTitle'
  | 'department'
  | 'costCenter'
  | 'company'
  | 'employeeType'
  | 'employeeIdentifier'
  | 'location'
  | 'description'
  | 'external_dn';

/** The special attribute kinds, each with its own translation. */
export type SpecialKind = 'userName' | 'active' | 'password' | 'phoneNumbers' | 'addresses' | 'manager';

/** A mapping document as written (validated by schemas/mapping.schema.json). */
export interface MappingDocument {
  description?: string;
  usernameRule: UsernameRule;
  scimUserNameAttribute?: string;
  attributes: (
    | { kind: 'scalar'; scim: string; jumpcloud: ScalarField }
    | { kind: SpecialKind }
    | { kind: 'emails'; other?: 'alternateEmail' | null }
  )[];
  customAttributes?: {
    name: string;
    jumpcloud?: string;
    type?: 'string' | 'boolean' | 'integer' | 'decimal';
    description?: string;
    caseExact?: boolean;
    required?: boolean;
  }[];
  /** JumpCloud fields READ_ONLY_PROFILES locks; absent: every written field JumpCloud can lock. */
  restrictedFields?: string[];
}

/** One single-valued SCIM string attribute stored in one JumpCloud string field. */
export interface ScalarMapping {
  /** Schema URN: the core User schema (also for `externalId`) or the enterprise extension. */
  schema: string;
  /** Canonical attribute name (`name`, `externalId`, `department`). */
  attribute: string;
  /** Canonical sub-attribute name (`givenName`) when the scalar lives inside a complex attribute. */
  subAttribute?: string;
  field: ScalarField;
  /** From the RFC 7643 definition: decides whether a filter can be pushed down exactly. */
  caseExact: boolean;
}

/** One JumpCloud custom attribute served under the project extension. */
export interface CustomAttributeMapping {
  /** SCIM attribute name under the extension URN. */
  name: string;
  /** JumpCloud `attributes[].name`. */
  jumpcloud: string;
  type: 'string' | 'boolean' | 'integer' | 'decimal';
  description: string;
  caseExact: boolean;
  required: boolean;
}

/** A validated mapping document, resolved against the RFC 7643 catalog. */
export interface ResolvedMapping {
  usernameRule: UsernameRule;
  /** Custom attribute keeping the exact SCIM userName when it differs from the username. */
  scimUserNameAttribute: string;
  special: ReadonlySet<SpecialKind>;
  /** Where a non-work e-mail is kept, or null. */
  otherEmail: 'alternateEmail' | null;
  scalars: ScalarMapping[];
  custom: CustomAttributeMapping[];
  /**
   * The JumpCloud fields marked `restrictedFields` type `scim` when READ_ONLY_PROFILES is on:
   * the document's list, else every field the mapping writes that JumpCloud can lock.
   */
  restrictedFields: string[];
}

/** A mapping document that cannot be used; the message points at the entry. */
export class MappingDocumentError extends Error {
  override readonly name = 'MappingDocumentError';
}

const DEFAULT_SCIM_USERNAME_ATTRIBUTE = 'scimUserName';
/** Attributes a `scalar` entry may not claim: they have their own kinds and translation. */
const RESERVED_FOR_KINDS = new Set(['username', 'password', 'active', 'emails', 'phonenumbers', 'addresses', 'manager']);

// strictRequired off: the discriminator's `required: ["kind"]` is defined by each oneOf branch, not beside it.
const ajv = new Ajv({ allErrors: false, strict: true, strictRequired: false, discriminator: true });
const validateDocument = ajv.compile<MappingDocument>(mappingSchema);

/**
 * Validates a mapping document (JSON Schema first, then the rules a schema cannot say: each kind
 * once, every scalar naming a real single-valued string attribute of RFC 7643, no JumpCloud field
 * or custom attribute claimed twice) and resolves it. Throws `MappingDocumentError` naming the
 * offending entry, so a broken mapping stops the bridge at boot.
 */
export function resolveMappingDocument(document: unknown): ResolvedMapping {
  if (!validateDocument(document)) {
    throw new MappingDocumentError(`Mapping document is invalid: ${describe(validateDocument.errors)}`);
  }
  const special = new Set<SpecialKind>();
  const scalars: ScalarMapping[] = [];
  const usedFields = new Map<string, string>();
  const usedScim = new Map<string, string>();
  let emails: { other: 'alternateEmail' | null } | undefined;
  document.attributes.forEach((entry, index) => {
    const where = `/attributes/${index}`;
    if (entry.kind === 'emails') {
      if (emails) fail(where, 'the kind "emails" appears twice');
      emails = { other: entry.other === undefined ? 'alternateEmail' : entry.other };
      return;
    }
    if (entry.kind !== 'scalar') {
      if (special.has(entry.kind)) fail(where, `the kind "${entry.kind}" appears twice`);
      special.add(entry.kind);
      return;
    }
    const scalar = resolveScalar(entry.scim, entry.jumpcloud, where);
    const key = `${scalar.schema}:${scalar.attribute}.${scalar.subAttribute ?? ''}`.toLowerCase();
    const previousScim = usedScim.get(key);
    if (previousScim) fail(where, `SCIM attribute "${entry.scim}" is already mapped at ${previousScim}`);
    const previousField = usedFields.get(entry.jumpcloud);
    if (previousField) fail(where, `JumpCloud field "${entry.jumpcloud}" is already mapped at ${previousField}`);
    usedScim.set(key, where);
    usedFields.set(entry.jumpcloud, where);
    scalars.push(scalar);
  });
  if (!special.has('userName')) fail('/attributes', 'userName must be mapped (JumpCloud requires a username)');
  if (!emails) fail('/attributes', 'emails must be mapped (JumpCloud requires an e-mail address)');
  const scimUserNameAttribute = document.scimUserNameAttribute ?? DEFAULT_SCIM_USERNAME_ATTRIBUTE;
  const written = { special, otherEmail: emails.other, scalars };
  return {
    usernameRule: document.usernameRule,
    scimUserNameAttribute,
    special,
    otherEmail: emails.other,
    scalars,
    custom: resolveCustom(document.customAttributes ?? [], scimUserNameAttribute),
    restrictedFields: resolveRestrictedFields(document.restrictedFields, written),
  };
}

/**
 * The fields READ_ONLY_PROFILES locks. Listed: each must be one JumpCloud can lock (the
 * `restrictedField.field` enum of JumpCloud.SDK.V1.json; any other makes JumpCloud refuse the
 * write, NOTES.md "restrictedFields") and one this mapping writes (locking a field nobody
 * provisions would only lock the admins out). Absent: every written field JumpCloud can lock,
 * `password` excepted (it stays the user's own unless listed).
 */
function resolveRestrictedFields(listed: string[] | undefined, written: Parameters<typeof bridgeOwnedFields>[0]): string[] {
  const owned = bridgeOwnedFields(written);
  if (listed === undefined) return owned.filter(isLockableField);
  const writable = new Set(written.special.has('password') ? [...owned, 'password'] : owned);
  listed.forEach((field, index) => {
    const where = `/restrictedFields/${index}`;
    if (!isLockableField(field)) {
      fail(where, `JumpCloud cannot lock "${field}": restrictedFields[].field is limited to ${JUMPCLOUD_LOCKABLE_FIELDS.join(', ')} (JumpCloud.SDK.V1.json), so every write would be refused`);
    }
    if (!writable.has(field)) fail(where, `"${field}" is not written by this mapping, so the bridge does not own it; list only fields the mapping writes`);
  });
  return [...new Set(listed)];
}

function resolveScalar(scim: string, field: ScalarField, where: string): ScalarMapping {
  const enterprisePrefix = `${URN.enterpriseUser}:`;
  const corePrefix = `${URN.user}:`;
  const inEnterprise = scim.startsWith(enterprisePrefix);
  const path = inEnterprise ? scim.slice(enterprisePrefix.length) : scim.startsWith(corePrefix) ? scim.slice(corePrefix.length) : scim;
  const [attributeName = '', subName] = path.split('.');
  if (RESERVED_FOR_KINDS.has(attributeName.toLowerCase())) {
    fail(`${where}/scim`, `"${scim}" has its own kind; use { "kind": "${attributeName}" } instead of a scalar`);
  }
  const pool: AttributeDefinition[] = inEnterprise ? enterpriseUserSchema().attributes : [...coreUserSchema().attributes, ...commonAttributes()];
  const attribute = findByName(pool, attributeName);
  if (!attribute) fail(`${where}/scim`, `"${scim}" is not an attribute of the ${inEnterprise ? 'enterprise User extension' : 'core User schema'} (RFC 7643)`);
  const sub = subName === undefined ? undefined : findByName(attribute.subAttributes ?? [], subName);
  if (subName !== undefined && !sub) fail(`${where}/scim`, `"${attribute.name}" has no sub-attribute "${subName}"`);
  const leaf = sub ?? attribute;
  if (attribute.multiValued || leaf.type !== 'string' || leaf.mutability === 'readOnly' || leaf.mutability === 'writeOnly') {
    fail(`${where}/scim`, `"${scim}" is not a single-valued, writable string attribute, so it cannot be a scalar`);
  }
  return {
    schema: inEnterprise ? URN.enterpriseUser : URN.user,
    attribute: attribute.name,
    ...(sub ? { subAttribute: sub.name } : {}),
    field,
    caseExact: leaf.caseExact,
  };
}

function resolveCustom(entries: NonNullable<MappingDocument['customAttributes']>, scimUserNameAttribute: string): CustomAttributeMapping[] {
  const names = new Map<string, number>();
  const jumpcloudNames = new Map<string, number>([[scimUserNameAttribute.toLowerCase(), -1]]);
  return entries.map((entry, index) => {
    const where = `/customAttributes/${index}`;
    const jumpcloud = entry.jumpcloud ?? entry.name;
    // The same rule JumpCloud applies (NOTES.md), checked here so a bad name fails at boot.
    if (!/^[A-Za-z0-9]{1,31}$/.test(jumpcloud)) {
      fail(where, `JumpCloud custom attribute name "${jumpcloud}" must be letters and digits only and shorter than 32 characters`);
    }
    const previous = names.get(entry.name.toLowerCase());
    if (previous !== undefined) fail(where, `SCIM name "${entry.name}" is already used at /customAttributes/${previous}`);
    const taken = jumpcloudNames.get(jumpcloud.toLowerCase());
    if (taken !== undefined) {
      fail(where, taken < 0 ? `JumpCloud custom attribute "${jumpcloud}" holds the SCIM userName (scimUserNameAttribute)` : `JumpCloud custom attribute "${jumpcloud}" is already mapped at /customAttributes/${taken}`);
    }
    names.set(entry.name.toLowerCase(), index);
    jumpcloudNames.set(jumpcloud.toLowerCase(), index);
    return {
      name: entry.name,
      jumpcloud,
      type: entry.type ?? 'string',
      description: entry.description ?? `JumpCloud custom attribute ${jumpcloud}.`,
      caseExact: entry.caseExact ?? false,
      required: entry.required ?? false,
    };
  });
}

function fail(where: string, why: string): never {
  throw new MappingDocumentError(`Mapping document is invalid at ${where}: ${why}.`);
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'unknown error';
  const where = first.instancePath === '' ? '(document root)' : first.instancePath;
  const allowed = first.keyword === 'enum' ? ` (${(first.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
  const extra = first.keyword === 'additionalProperties' ? ` "${(first.params as { additionalProperty: string }).additionalProperty}"` : '';
  return `${where} ${first.message ?? 'is invalid'}${extra}${allowed}.`;
}
