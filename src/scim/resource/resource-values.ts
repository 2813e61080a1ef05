/**
 * Reading and writing attribute values inside SCIM resources (and inside complex values). Keys
 * are matched in any letter case, because RFC 7643 §2.1 makes attribute names and schema URNs
 * case-insensitive and clients do send `UserName` or a lower-cased extension URN; the exact
 * spelling wins when both are present.
 */

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key of `object` that spells `name` in any letter case, preferring the exact spelling. */
export function findKey(object: Record<string, unknown>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** The value stored under `name` (any letter case) in `object`. */
export function valueAt(object: Record<string, unknown>, name: string): unknown {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** Where a resolved attribute lives: under its extension URN (`container`) or at the top level. */
export interface AttributeLocation {
  container?: string;
  attribute: { name: string };
}

/**
 * The value of a top-level attribute in a resource (not descending into sub-attributes), under
 * its extension's URN key when it lives in an extension (RFC 7643 §3.3).
 */
export function attributeValue(resource: Record<string, unknown>, location: AttributeLocation): unknown {
  const holder = location.container === undefined ? resource : valueAt(resource, location.container);
  return isPlainObject(holder) ? valueAt(holder, location.attribute.name) : undefined;
}

/** RFC 7643 §2.5: unassigned, null and an empty list are the same state; so is an empty complex value. */
export function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isPlainObject(value) && Object.keys(value).length === 0);
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
