import { isPlainObject } from '../resource/resource-values';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { commonAttributes } from '../schema/common-attributes';
import { findExtension, findSchema, schemaPrefixOf, type ResourceSchemas } from '../schema/resolve-attribute-path';
import { findByName } from '../schema/select-attributes';

const COMMON = commonAttributes();

/**
 * Brings a client's resource body to canonical form before schema validation, applying the
 * leniencies RFC 7643/7644 allow and real clients need (CLIENTS.md):
 * - attribute names and schema URNs matched case-insensitively (RFC 7643 §2.1) and rewritten
 *   with the schema's spelling;
 * - attributes and schema URIs the resource type does not serve are dropped (RFC 7644 §3.3 lets
 *   a server ignore them; Entra sends `roles: []` and extra URNs);
 * - readOnly attributes (`id`, `meta`, `groups`, `manager.displayName`) are dropped, as RFC 7644
 *   §3.5.1 says a server SHALL ignore them in a PUT (and §3.3 in a POST);
 * - `null` is an unassigned value (RFC 7643 §2.5): dropped;
 * - `"True"`/`"False"` in any letter case become booleans (Entra without aadOptscim062020);
 * - a plain string where a complex attribute with a `value` sub-attribute is expected becomes
 *   `{value}` (Entra's `manager: "<id>"`);
 * - URN-prefixed attribute names at the top level (`urn:...:enterprise:2.0:User:employeeNumber`)
 *   move under their extension.
 * Values of the wrong type are LEFT as they are, so that validation reports them.
 */
export function normalizeResource(body: Record<string, unknown>, resource: ResourceSchemas): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const core = resource.schema;
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') {
      out.schemas = normalizeSchemas(value, resource);
      continue;
    }
    const extension = findExtension(resource, key);
    if (extension) {
      if (value === null) continue;
      if (!isPlainObject(value)) {
        out[extension.id] = value;
        continue;
      }
      mergeInto(out, extension.id, normalizeAttributes(value, extension.attributes, []));
      continue;
    }
    const prefixed = schemaPrefixOf(key, resource);
    if (prefixed) {
      const attributes = normalizeAttributes({ [key.slice(prefixed.id.length + 1)]: value }, prefixed.attributes, prefixed === core ? COMMON : []);
      if (prefixed === core) Object.assign(out, attributes);
      else mergeInto(out, prefixed.id, attributes);
      continue;
    }
    Object.assign(out, normalizeAttributes({ [key]: value }, core.attributes, COMMON));
  }
  return out;
}

function mergeInto(out: Record<string, unknown>, key: string, attributes: Record<string, unknown>): void {
  const current = out[key];
  out[key] = isPlainObject(current) ? { ...current, ...attributes } : attributes;
}

function normalizeSchemas(value: unknown, served: ResourceSchemas): unknown {
  if (!Array.isArray(value)) return value;
  const kept: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') continue;
    const schema = findSchema(served, item);
    if (schema && !kept.includes(schema.id)) kept.push(schema.id);
  }
  return kept;
}

function normalizeAttributes(source: Record<string, unknown>, definitions: readonly AttributeDefinition[], common: readonly AttributeDefinition[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    const definition = findByName(definitions, key) ?? findByName(common, key);
    if (!definition || definition.mutability === 'readOnly' || value === null) continue;
    const normalized = definition.multiValued ? normalizeMulti(value, definition) : normalizeSingle(value, definition);
    // A complex value left empty (only unknown or readOnly parts) is as good as unassigned.
    if (isPlainObject(normalized) && Object.keys(normalized).length === 0) continue;
    out[definition.name] = normalized;
  }
  return out;
}

function normalizeMulti(value: unknown, definition: AttributeDefinition): unknown {
  if (!Array.isArray(value)) return value;
  return value.filter((item) => item !== null).map((item) => normalizeSingle(item, definition));
}

function normalizeSingle(value: unknown, definition: AttributeDefinition): unknown {
  if (definition.type === 'boolean' && typeof value === 'string') {
    const lower = value.toLowerCase();
    return lower === 'true' ? true : lower === 'false' ? false : value;
  }
  if (definition.type !== 'complex') return value;
  const subAttributes = definition.subAttributes ?? [];
  if (typeof value === 'string' && findByName(subAttributes, 'value')) return { value };
  if (!isPlainObject(value)) return value;
  return normalizeAttributes(value, subAttributes, []);
}
