import type { EmulatorOptions } from '../context';
import { badRequest } from '../http/http-errors';
import {
  RESTRICTABLE_FIELDS,
  RESTRICTION_TYPES,
  USER_STATES,
  WRITABLE_ARRAY_FIELDS,
  WRITABLE_BOOLEAN_FIELDS,
  WRITABLE_INTEGER_FIELDS,
  WRITABLE_OBJECT_FIELDS,
  WRITABLE_STRING_FIELDS,
  type UserState,
} from './user-fields';

/** JumpCloud's spec caps free-text user fields at 1024 characters. */
const MAX_STRING = 1024;
const MAX_EMPLOYEE_IDENTIFIER = 256;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ATTRIBUTE_NAME = /^[A-Za-z0-9]+$/;
const ATTRIBUTE_NAME_MAX = 31;

/** Item properties kept for each array field (anything else in an item is dropped). */
const ITEM_PROPERTIES: Record<(typeof WRITABLE_ARRAY_FIELDS)[number], readonly string[]> = {
  addresses: ['type', 'poBox', 'extendedAddress', 'streetAddress', 'locality', 'region', 'postalCode', 'country'],
  phoneNumbers: ['type', 'number'],
  attributes: ['name', 'value'],
  relationships: ['type', 'value'],
  restrictedFields: ['field', 'type', 'id'],
  ssh_keys: ['name', 'public_key'],
};

/** The writable part of a create or update body, type-checked; absent fields stay absent. */
export interface UserInput {
  strings: Partial<Record<(typeof WRITABLE_STRING_FIELDS)[number], string>>;
  booleans: Partial<Record<(typeof WRITABLE_BOOLEAN_FIELDS)[number], boolean>>;
  arrays: Partial<Record<(typeof WRITABLE_ARRAY_FIELDS)[number], Record<string, unknown>[]>>;
  integers: Partial<Record<(typeof WRITABLE_INTEGER_FIELDS)[number], number>>;
  objects: Partial<Record<(typeof WRITABLE_OBJECT_FIELDS)[number], Record<string, unknown> | null>>;
  state?: UserState;
  suspended?: boolean;
  password?: string;
  /** `null` = clear it (a body `null` or `""`). */
  employeeIdentifier?: string | null;
}

/** The switches that change how a body is read (read per request: they flip at run time). */
export type UserInputRules = Pick<EmulatorOptions, 'restrictedFieldsCheck'>;

/**
 * Type-checks a create/update body and keeps only the fields a client may write. Unknown and
 * read-only fields (`_id`, `created`, `activated`, `organization`...) are ignored, as JumpCloud
 * ignores them. Throws a 400 naming the first bad field.
 */
export function readUserInput(body: unknown, rules: UserInputRules = { restrictedFieldsCheck: 'spec-enum' }): UserInput {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Bad Request: the body must be a JSON object');
  const source = body as Record<string, unknown>;
  const input: UserInput = { strings: {}, booleans: {}, arrays: {}, integers: {}, objects: {} };
  for (const field of WRITABLE_STRING_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    // `null` on a string field reads as "clear it" (what JumpCloud stores as "").
    if (value === null) input.strings[field] = '';
    else if (typeof value !== 'string') throw badRequest(`Bad Request: ${field} must be a string`);
    else if (value.length > MAX_STRING) throw badRequest(`Bad Request: ${field} must be at most ${MAX_STRING} characters`);
    else input.strings[field] = value;
  }
  for (const field of WRITABLE_BOOLEAN_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    if (typeof value !== 'boolean') throw badRequest(`Bad Request: ${field} must be a boolean`);
    input.booleans[field] = value;
  }
  for (const field of WRITABLE_INTEGER_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw badRequest(`Bad Request: ${field} must be a positive integer`);
    input.integers[field] = value;
  }
  for (const field of WRITABLE_OBJECT_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    if (value !== null && (typeof value !== 'object' || Array.isArray(value))) throw badRequest(`Bad Request: ${field} must be an object`);
    input.objects[field] = value === null ? null : { ...(value as Record<string, unknown>) };
  }
  for (const field of WRITABLE_ARRAY_FIELDS) {
    const value = source[field];
    if (value === undefined) continue;
    // JumpCloud serializes an absent array as []; a null in a write means the same.
    input.arrays[field] = value === null ? [] : readItems(field, value);
  }
  if (input.arrays.attributes) checkAttributes(input.arrays.attributes);
  if (input.arrays.restrictedFields && rules.restrictedFieldsCheck === 'spec-enum') checkRestrictedFields(input.arrays.restrictedFields);
  readSpecialFields(source, input);
  checkFormats(input);
  return input;
}

function readItems(field: (typeof WRITABLE_ARRAY_FIELDS)[number], value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw badRequest(`Bad Request: ${field} must be an array`);
  return value.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badRequest(`Bad Request: each item of ${field} must be an object`);
    const kept: Record<string, unknown> = {};
    for (const key of ITEM_PROPERTIES[field]) {
      const property = (item as Record<string, unknown>)[key];
      if (property === undefined) continue;
      if (typeof property !== 'string' && !(field === 'attributes' && key === 'value' && (typeof property === 'number' || typeof property === 'boolean'))) {
        throw badRequest(`Bad Request: ${field}[].${key} must be a string`);
      }
      if (typeof property === 'string' && property.length > MAX_STRING) throw badRequest(`Bad Request: ${field}[].${key} must be at most ${MAX_STRING} characters`);
      kept[key] = property;
    }
    return kept;
  });
}

/** Custom attribute names: letters and digits only, shorter than 32 characters (NOTES.md). */
function checkAttributes(attributes: Record<string, unknown>[]): void {
  for (const attribute of attributes) {
    const name = attribute.name;
    if (typeof name !== 'string' || name === '') throw badRequest('Bad Request: attributes[].name is required');
    if (!ATTRIBUTE_NAME.test(name)) throw badRequest(`Bad Request: attribute name "${name}" may contain only letters and digits`);
    if (name.length > ATTRIBUTE_NAME_MAX) throw badRequest(`Bad Request: attribute name "${name}" must be shorter than 32 characters`);
  }
}

/**
 * `restrictedFields[]` against JumpCloud.SDK.V1.json's `restrictedField` enums (switch
 * `restrictedFieldsCheck=spec-enum`): a field no external source can own (`alternateEmail`,
 * `manager`, `external_dn`...) or an unknown source type is a 400, so a client that asks to lock
 * such a field learns it on its first write, as it would from a JumpCloud that enforces its spec.
 */
function checkRestrictedFields(items: Record<string, unknown>[]): void {
  items.forEach((item, index) => {
    if (item.field !== undefined && !(RESTRICTABLE_FIELDS as readonly unknown[]).includes(item.field)) {
      throw badRequest(`Bad Request: restrictedFields[${index}].field ${JSON.stringify(item.field)} is not one of ${RESTRICTABLE_FIELDS.join(', ')}`);
    }
    if (item.type !== undefined && !(RESTRICTION_TYPES as readonly unknown[]).includes(item.type)) {
      throw badRequest(`Bad Request: restrictedFields[${index}].type ${JSON.stringify(item.type)} is not one of ${RESTRICTION_TYPES.join(', ')}`);
    }
  });
}

function readSpecialFields(source: Record<string, unknown>, input: UserInput): void {
  if (source.state !== undefined) {
    if (typeof source.state !== 'string' || !(USER_STATES as readonly string[]).includes(source.state)) {
      throw badRequest('Bad Request: state must be one of STAGED, ACTIVATED, SUSPENDED');
    }
    input.state = source.state as UserState;
  }
  if (source.suspended !== undefined) {
    if (typeof source.suspended !== 'boolean') throw badRequest('Bad Request: suspended must be a boolean');
    input.suspended = source.suspended;
  }
  if (source.password !== undefined && source.password !== null) {
    if (typeof source.password !== 'string') throw badRequest('Bad Request: password must be a string');
    // An empty password is "no password" (the user stays password pending), not a password.
    if (source.password !== '') input.password = source.password;
  }
  const employeeIdentifier = source.employeeIdentifier;
  if (employeeIdentifier !== undefined) {
    if (employeeIdentifier === null || employeeIdentifier === '') input.employeeIdentifier = null;
    else if (typeof employeeIdentifier !== 'string') throw badRequest('Bad Request: employeeIdentifier must be a string');
    else if (employeeIdentifier.length > MAX_EMPLOYEE_IDENTIFIER) throw badRequest(`Bad Request: employeeIdentifier must be at most ${MAX_EMPLOYEE_IDENTIFIER} characters`);
    else input.employeeIdentifier = employeeIdentifier;
  }
}

function checkFormats(input: UserInput): void {
  const { email, alternateEmail } = input.strings;
  if (email !== undefined && email !== '' && !EMAIL.test(email)) throw badRequest('Bad Request: email must be a valid e-mail address');
  if (alternateEmail !== undefined && alternateEmail !== '' && !EMAIL.test(alternateEmail)) {
    throw badRequest('Bad Request: alternateEmail must be a valid e-mail address');
  }
}

/**
 * The username rules (NOTES.md): starts with a letter; no spaces, no `@`; Unix-safe characters
 * only (letters, digits, `.`, `_`, `-`); at most `maxLength` characters. Answers the message of
 * the first broken rule, or undefined when the username is acceptable.
 */
export function usernameViolation(username: string, maxLength: number): string | undefined {
  if (username === '') return 'Bad Request: username is required';
  if (/\s/.test(username)) return 'Bad Request: username must not contain spaces';
  if (username.includes('@')) return "Bad Request: username must not contain '@'";
  if (!/^[A-Za-z]/.test(username)) return 'Bad Request: username must start with a letter';
  if (!/^[A-Za-z0-9._-]+$/.test(username)) return 'Bad Request: username may contain only letters, digits, ".", "_" and "-"';
  if (username.length > maxLength) return `Bad Request: username must be at most ${maxLength} characters`;
  return undefined;
}

/**
 * Reconciles `state` and `suspended` (they must agree: suspended <=> SUSPENDED). `current` is the
 * user's state before the write (undefined on create, where `fallback` is the org default).
 * Throws a 400 on a contradiction.
 */
export function resolveState(input: Pick<UserInput, 'state' | 'suspended'>, current: UserState | undefined, fallback: UserState): UserState {
  const { state, suspended } = input;
  if (state !== undefined && suspended !== undefined && (state === 'SUSPENDED') !== suspended) {
    throw badRequest(`Bad Request: suspended ${String(suspended)} contradicts state ${state}`);
  }
  if (state !== undefined) return state;
  if (suspended === true) return 'SUSPENDED';
  if (suspended === false && (current === undefined || current === 'SUSPENDED')) return current === undefined ? fallback : 'ACTIVATED';
  return current ?? fallback;
}
