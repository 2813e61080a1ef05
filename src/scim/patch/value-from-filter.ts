import type { FilterNode } from '../filter/filter-ast';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { findByName } from '../schema/select-attributes';
import { coerceAttribute } from './coerce-value';

/**
 * The value a filter describes, when it can describe one: `eq` comparisons of sub-attributes
 * joined by `and` (`type eq "work"`, `type eq "work" and primary eq true`). Used to ADD a value
 * when an add (or a tolerated replace) through `emails[type eq "work"].value` finds none, which
 * is how Entra ID sets a user's first work e-mail or address. Anything else (`or`, `not`, `co`,
 * `pr` ...) describes no single value: undefined.
 */
export function valueFromFilter(attribute: AttributeDefinition, filter: FilterNode, name: string): Record<string, unknown> | undefined {
  if (filter.kind === 'and') {
    const left = valueFromFilter(attribute, filter.left, name);
    const right = valueFromFilter(attribute, filter.right, name);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind !== 'compare' || filter.operator !== 'eq' || filter.value === null) return undefined;
  const sub = findByName(attribute.subAttributes ?? [], filter.path.attribute);
  if (!sub || filter.path.subAttribute !== undefined || sub.mutability === 'readOnly') return undefined;
  // An unquoted Entra value (`value eq 2819c223`) is text for a string sub-attribute.
  const raw = sub.type === 'boolean' || sub.type === 'integer' || sub.type === 'decimal' ? filter.value : (filter.unquoted ?? filter.value);
  return { [sub.name]: coerceAttribute(sub, `${name}.${sub.name}`, raw) };
}
