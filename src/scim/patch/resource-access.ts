import type { AttributeDefinition } from '../schema/attribute-definition';

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The definition called `name`, compared case-insensitively (RFC 7643 §2.1: attribute names are case-insensitive). */
export function findDefinition(definitions: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return definitions.find((definition) => definition.name.toLowerCase() === lower);
}

/** The key of `object` that spells `name` in any letter case, preferring the exact spelling. */
export function findKey(object: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** RFC 7643 §2.5: unassigned, null and an empty list are the same state; so is an empty complex value. */
export function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
}

/** The value stored under `name` (any letter case) in `object`. */
export function readAttribute(object: Record<string, unknown>, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/**
 * Stores `value` under the schema's spelling `name`, replacing any other spelling of it; an
 * unassigned value (RFC 7643 §2.5) removes the key instead, so the resource never carries
 * `null`, `[]` or `{}`.
 */
export function writeAttribute(object: Record<string, unknown>, name: string, value: unknown): void {
  const key = findKey(object, name);
  if (key !== undefined) delete object[key];
  if (!isUnassigned(value)) object[name] = value;
}

/** Structural equality of JSON values, ignoring key order. */
export function jsonEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    return Array.isArray(left) && Array.isArray(right) && left.length === right.length && left.every((item, index) => jsonEqual(item, right[index]));
  }
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && jsonEqual(left[key], right[key]));
  }
  return false;
}

/**
 * Whether two values of one attribute are the same value in SCIM's eyes: strings compared per
 * `caseExact` (RFC 7643 §2.2), complex values sub-attribute by sub-attribute, ignoring readOnly
 * sub-attributes the server fills in (a member `{value}` is the member `{value, display}`).
 */
export function sameValue(definition: AttributeDefinition, left: unknown, right: unknown): boolean {
  if (definition.type === 'complex' && isPlainObject(left) && isPlainObject(right)) {
    const subs = definition.subAttributes ?? [];
    const names = new Set([...Object.keys(left), ...Object.keys(right)].map((key) => key.toLowerCase()));
    return [...names].every((lower) => {
      const sub = findDefinition(subs, lower);
      if (sub?.mutability === 'readOnly') return true;
      const a = readAttribute(left, lower);
      const b = readAttribute(right, lower);
      return sub ? sameValue(sub, a, b) : jsonEqual(a, b);
    });
  }
  if (typeof left === 'string' && typeof right === 'string' && !definition.caseExact) return left.toLowerCase() === right.toLowerCase();
  return jsonEqual(left, right);
}
