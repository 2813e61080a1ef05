import { attributeValue, isPlainObject, valueAt } from '../resource/resource-values';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { resolveAttributePath, type SchemaSource } from '../schema/resolve-attribute-path';
import { ScimError } from '../scim-error';
import type { ScimResource } from '../scim-urns';
import { compareCodePoints } from './compare-values';
import type { SortOrder } from './list-params';

/** Orders resources; a total order, so that pages never overlap or skip. */
export type ResourceComparator = (a: ScimResource, b: ScimResource) => number;

type SortKey = string | number | undefined;

/**
 * Compiles `sortBy`/`sortOrder` (RFC 7644 §3.4.2.3) into a comparator.
 *
 * - Strings compare by Unicode code point, case-insensitively unless the attribute is
 *   `caseExact`; `dateTime` as instants; `integer`/`decimal` as numbers; `boolean` false < true.
 * - A multi-valued attribute sorts by its `primary` value, else its first value; a multi-valued
 *   complex attribute named without a sub-attribute sorts by its `value` sub-attribute.
 * - Resources without a value sort last when ascending; descending is the exact reverse.
 * - Ties (and every comparison when `sortBy` is absent) are broken by `id`, in code-point order,
 *   so that the same request always yields the same order across pages.
 *
 * @throws ScimError 400 `invalidValue` when `sortBy` names no sortable attribute of the resource
 *   (unknown, complex without a `value`, or `returned: never`).
 */
export function compileSort(sortBy: string | undefined, sortOrder: SortOrder, schemas: SchemaSource): ResourceComparator {
  if (sortBy === undefined) return byId;
  const resolved = resolveAttributePath(sortBy, schemas);
  if (!resolved || resolved.kind !== 'attribute') {
    throw ScimError.of('invalidValue', `sortBy '${sortBy}' is not an attribute of this resource type.`);
  }
  const { attribute } = resolved;
  if (attribute.returned === 'never' || resolved.subAttribute?.returned === 'never') {
    // Ordering by a value the client may never read (a password) would leak it bit by bit.
    throw ScimError.of('invalidValue', `sortBy '${sortBy}' cannot be used: that attribute is never returned.`);
  }
  let leaf: AttributeDefinition | undefined = resolved.subAttribute ?? attribute;
  let subName = resolved.subAttribute?.name;
  if (leaf.type === 'complex') {
    // §3.4.2.3 sorts a multi-valued attribute by its (primary) value: only `value` qualifies.
    leaf = attribute.multiValued ? attribute.subAttributes?.find((sub) => sub.name === 'value') : undefined;
    subName = 'value';
    if (!leaf || leaf.type === 'complex') {
      throw ScimError.of('invalidValue', `sortBy '${sortBy}' is a complex attribute; name one of its sub-attributes, e.g. '${sortBy}.${attribute.subAttributes?.[0]?.name ?? 'value'}'.`);
    }
  }
  const definition = leaf;
  const direction = sortOrder === 'descending' ? -1 : 1;
  const keyOf = (resource: ScimResource): SortKey =>
    toSortKey(pickSortValue(attributeValue(resource, resolved), attribute.multiValued, subName), definition);
  return (a, b) => {
    const primary = compareKeys(keyOf(a), keyOf(b)) * direction;
    return primary !== 0 ? primary : byId(a, b);
  };
}

function byId(a: ScimResource, b: ScimResource): number {
  return compareCodePoints(String(a.id ?? ''), String(b.id ?? ''));
}

function pickSortValue(value: unknown, multiValued: boolean, subName: string | undefined): unknown {
  let chosen = value;
  if (multiValued) {
    if (!Array.isArray(value) || value.length === 0) return undefined;
    chosen = value.find((item) => isPlainObject(item) && item.primary === true) ?? value[0];
  }
  if (subName === undefined) return chosen;
  return isPlainObject(chosen) ? valueAt(chosen, subName) : undefined;
}

function toSortKey(value: unknown, definition: AttributeDefinition): SortKey {
  if (value === undefined || value === null) return undefined;
  switch (definition.type) {
    case 'integer':
    case 'decimal': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) ? number : undefined;
    }
    case 'dateTime': {
      const instant = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(instant) ? undefined : instant;
    }
    case 'boolean':
      if (value === true || value === false) return value ? 1 : 0;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true' ? 1 : 0;
      return undefined;
    default: {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
      const text = String(value);
      return definition.caseExact ? text : text.toLowerCase();
    }
  }
}

function compareKeys(a: SortKey, b: SortKey): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  return compareCodePoints(String(a), String(b));
}
