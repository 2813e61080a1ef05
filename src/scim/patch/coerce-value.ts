import { isPlainObject } from '../resource/resource-values';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { findByName } from '../schema/select-attributes';
import { ScimError } from '../scim-error';

/** xsd:dateTime as RFC 7643 §2.3.5 requires: a date, "T", a time, an optional zone. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * What the client sent, for a detail: the value itself, except for an attribute whose values the
 * server never returns (RFC 7643 §7 `returned: never`, `password`) or only takes
 * (`writeOnly`): such a value is a secret, and a detail reaches the client, the log and recorded
 * fixtures (issue 12, finding 6), so only its JSON type is named.
 */
export function shownValue(definition: AttributeDefinition, raw: unknown): string {
  if (holdsSecrets(definition)) return `${jsonTypeOf(raw)} (not shown: "${definition.name}" is never returned)`;
  return JSON.stringify(raw) ?? String(raw);
}

/** True for an attribute (or a complex one with a sub-attribute) that is `returned: never` or `writeOnly`. */
function holdsSecrets(definition: AttributeDefinition): boolean {
  return definition.returned === 'never' || definition.mutability === 'writeOnly' || (definition.subAttributes ?? []).some(holdsSecrets);
}

/** The JSON type of a value, in words ("a string", "an array"), for details that must not quote it. */
export function jsonTypeOf(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'object') return 'an object';
  return typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'string' ? `a ${typeof raw}` : 'a value';
}

function invalid(definition: AttributeDefinition, name: string, expected: string, raw: unknown): ScimError {
  return ScimError.of('invalidValue', `attribute "${name}" must be ${expected}; got ${shownValue(definition, raw)}.`);
}

function coerceBoolean(definition: AttributeDefinition, name: string, raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  // Entra ID without the aadOptscim062020 flag sends booleans as "True"/"False" strings.
  if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) return raw.trim().toLowerCase() === 'true';
  throw invalid(definition, name, 'a boolean (true or false)', raw);
}

function coerceNumber(definition: AttributeDefinition, name: string, raw: unknown, integer: boolean): number {
  // Numbers written as strings are accepted for the same reason as "True": clients that
  // stringify every value (Entra ID without its flag) would otherwise fail on every write.
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const pattern = integer ? INTEGER_TEXT : DECIMAL_TEXT;
  const value = typeof raw === 'number' ? raw : text !== undefined && pattern.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) throw invalid(definition, name, integer ? 'an integer' : 'a decimal number', raw);
  return value;
}

function coerceComplex(definition: AttributeDefinition, name: string, raw: unknown): Record<string, unknown> {
  const subAttributes = definition.subAttributes ?? [];
  if (!isPlainObject(raw)) {
    // `manager` as a plain string (Entra ID) means `{ "value": "<string>" }`: any complex
    // attribute with a `value` sub-attribute takes a bare value the same way.
    const valueSub = findByName(subAttributes, 'value');
    if (valueSub && raw !== null && typeof raw !== 'object') return { [valueSub.name]: coerceSimple(valueSub, `${name}.${valueSub.name}`, raw) };
    const names = subAttributes.map((sub) => sub.name).join(', ');
    throw invalid(definition, name, `a complex value (a JSON object with sub-attributes ${names})`, raw);
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const sub = findByName(subAttributes, key);
    // Sub-attributes the schema does not define, and read-only ones clients echo back
    // (`manager.displayName`, `members.display`), are ignored (RFC 7644 §3.5.2: readOnly
    // values are the server's to set).
    if (!sub || sub.mutability === 'readOnly') continue;
    result[sub.name] = value === null ? null : coerceAttribute(sub, `${name}.${sub.name}`, value);
  }
  return result;
}

function coerceSimple(definition: AttributeDefinition, name: string, raw: unknown): unknown {
  switch (definition.type) {
    case 'boolean':
      return coerceBoolean(definition, name, raw);
    case 'integer':
      return coerceNumber(definition, name, raw, true);
    case 'decimal':
      return coerceNumber(definition, name, raw, false);
    case 'dateTime':
      if (typeof raw !== 'string' || !DATE_TIME.test(raw) || Number.isNaN(Date.parse(raw))) {
        throw invalid(definition, name, 'a dateTime such as "2024-05-01T12:00:00Z" (RFC 7643 §2.3.5)', raw);
      }
      return raw;
    case 'complex':
      return coerceComplex(definition, name, raw);
    default:
      if (typeof raw !== 'string') throw invalid(definition, name, `a string${definition.type === 'string' ? '' : ` (${definition.type})`}`, raw);
      return raw;
  }
}

/**
 * One value of an attribute (an element, for a multi-valued one), converted to the attribute's
 * RFC 7643 §2.3 type: "True"/"False" strings to booleans, digit strings to numbers, a bare
 * string to `{ value }` for a complex attribute with a `value` sub-attribute. Complex values come
 * back with the schema's spelling of each sub-attribute; unknown and readOnly sub-attributes are
 * dropped; a `null` sub-attribute stays `null` (it unassigns in a merge, RFC 7643 §2.5).
 * @param name the attribute's SCIM path, for the detail.
 * @throws ScimError `invalidValue` naming the attribute and the expected type.
 */
export function coerceElement(definition: AttributeDefinition, name: string, raw: unknown): unknown {
  if (raw === null) throw invalid(definition, name, 'a value, not null, inside a list', raw);
  if (Array.isArray(raw)) throw invalid(definition, name, 'a single value, not a list', raw);
  return coerceSimple(definition, name, raw);
}

/**
 * A whole attribute value: for a multi-valued attribute a list (a single value is taken as a
 * list of one, as several clients send it), else one value. See {@link coerceElement}.
 * @throws ScimError `invalidValue` naming the attribute and the expected type.
 */
export function coerceAttribute(definition: AttributeDefinition, name: string, raw: unknown): unknown {
  if (!definition.multiValued) {
    if (Array.isArray(raw)) throw invalid(definition, name, `a single ${definition.type} value, not a list`, raw);
    return coerceSimple(definition, name, raw);
  }
  const items = Array.isArray(raw) ? raw : [raw];
  return items.map((item) => {
    const value = coerceElement(definition, name, item);
    return isPlainObject(value) ? withoutNulls(value) : value;
  });
}

/** A complex value without its `null` sub-attributes (unassigned, RFC 7643 §2.5). */
export function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, sub]) => sub !== null));
}
