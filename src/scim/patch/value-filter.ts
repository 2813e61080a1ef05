import { compileFilter } from '../filter/evaluate-filter';
import type { FilterNode } from '../filter/filter-ast';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { ScimError } from '../scim-error';
import { coerceAttribute } from './coerce-value';
import { findDefinition } from './resource-access';

/**
 * A predicate telling which elements of a multi-valued complex attribute a PATCH path's value
 * filter selects (`emails[type eq "work"]`, RFC 7644 §3.5.2). Matching is the filter module's
 * (caseExact, Entra's "True", dates as dates): each element is tested as the only value of its
 * attribute in a resource of its own.
 * @param extension the extension URN holding the attribute, if it is not a core attribute.
 * @throws ScimError `invalidPath` when the filter does not fit the attribute's sub-attributes.
 */
export function compileValueFilter(
  schemas: SchemaDefinition[],
  extension: string | undefined,
  attribute: AttributeDefinition,
  filter: FilterNode,
  pathText: string,
): (element: unknown) => boolean {
  const path = extension === undefined ? { attribute: attribute.name } : { schema: extension, attribute: attribute.name };
  let matcher: ReturnType<typeof compileFilter>;
  try {
    matcher = compileFilter({ kind: 'valuePath', path, filter }, schemas);
  } catch (error) {
    // The filter module reports `invalidFilter`; inside a PATCH path RFC 7644 §3.12 says `invalidPath`.
    if (error instanceof ScimError) throw ScimError.of('invalidPath', `the value filter of the path "${pathText}" is invalid: ${error.message}`);
    throw error;
  }
  return (element) => {
    const holder = { [attribute.name]: [element] };
    return matcher(extension === undefined ? { schemas: [], ...holder } : { schemas: [], [extension]: holder });
  };
}

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
  const sub = findDefinition(attribute.subAttributes ?? [], filter.path.attribute);
  if (!sub || filter.path.subAttribute !== undefined || sub.mutability === 'readOnly') return undefined;
  // An unquoted Entra value (`value eq 2819c223`) is text for a string sub-attribute.
  const raw = sub.type === 'boolean' || sub.type === 'integer' || sub.type === 'decimal' ? filter.value : (filter.unquoted ?? filter.value);
  return { [sub.name]: coerceAttribute(sub, `${name}.${sub.name}`, raw) };
}
