import { attributeValue, isPlainObject, valueAt } from '../resource/resource-values';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { resolveAttribute, resolveRelativeAttribute, type ResolvedAttribute } from '../schema/resolve-attribute-path';
import { findByName } from '../schema/select-attributes';
import { ScimError } from '../scim-error';
import type { ScimResource } from '../scim-urns';
import type { AttributePath, CompareOperator, FilterNode, FilterValue } from './filter-ast';
import { isNonEmpty, parseDateTime, toBoolean, toNumber } from './filter-values';
import { formatPath } from './format-filter';

/** Tests one element (a resource, or one element of a multi-valued attribute in a value filter). */
type Matcher = (context: Record<string, unknown>) => boolean;
/** Reads the values a path designates in a context; always an array, possibly empty. */
type Reader = (context: Record<string, unknown>) => unknown[];

/** Where paths are resolved: the resource's schemas, or the sub-attributes of a filtered attribute. */
interface Scope {
  schemas: readonly SchemaDefinition[];
  /** Set inside `attr[...]`: paths there name sub-attributes of this attribute (RFC 7644 §3.4.2.2). */
  parent?: ResolvedAttribute;
}

/**
 * Compiles a filter against the schemas a resource type serves (`schemas[0]` the core schema) into
 * a matcher (RFC 7644 §3.4.2.2). The WHOLE tree is validated first, so a bad filter fails before any
 * resource is read, whatever the data:
 * - unknown attribute, schema or sub-attribute -> `invalidFilter`;
 * - an operator that does not apply to the attribute's type (`gt`/`ge`/`lt`/`le` on boolean or
 *   binary, as §3.4.2.2 requires; `co`/`sw`/`ew` on boolean or numbers; any comparison on a complex
 *   attribute without a `value` sub-attribute) -> `invalidFilter`;
 * - a value of the wrong type (`active eq "maybe"`, `meta.lastModified gt "yesterday"`) -> `invalidFilter`.
 *
 * Matching: strings honour each attribute's `caseExact`; dateTimes compare as instants; booleans
 * also accept `"True"`/`"False"` strings (Entra ID); a multi-valued attribute matches when ANY
 * value does, and a complex multi-valued one without sub-attribute compares each element's
 * `value`; `pr` means a non-empty value; `ne` is the negation of `eq` (so it holds for a missing
 * attribute); `eq null` means "not present" and `ne null` "present" (RFC 7643 §2.5 treats null
 * and unassigned alike). A value filter (`emails[type eq "work" and primary eq true]`) needs ONE
 * element matching all of it.
 * @throws ScimError `invalidFilter` with a detail naming the attribute.
 */
export function compileFilter(node: FilterNode, schemas: SchemaDefinition[]): (resource: ScimResource) => boolean {
  const matcher = compileNode(node, { schemas });
  return (resource) => matcher(resource);
}

/**
 * Compiles the value filter of a PATCH path (`members[value eq "2819c223"]`, RFC 7644 §3.5.2) into
 * a test of ONE element of the attribute `parent` resolves to, so that the PATCH engine can pick
 * the elements to replace or remove. Paths inside the filter name sub-attributes of `parent`.
 * @throws ScimError `invalidPath` (default) with the same details as {@link compileFilter}, since a
 *   bad value filter makes the PATCH path invalid.
 */
export function compileElementFilter(
  filter: FilterNode,
  parent: ResolvedAttribute,
  schemas: SchemaDefinition[],
  scimType: 'invalidPath' | 'invalidFilter' = 'invalidPath',
): (element: unknown) => boolean {
  if (parent.attribute.type !== 'complex') {
    throw ScimError.of(scimType, `${scimType === 'invalidPath' ? 'Path' : 'Filter'} error: a value filter "[...]" needs a complex attribute, and "${parent.attribute.name}" is ${parent.attribute.type}.`);
  }
  let matcher: Matcher;
  try {
    matcher = compileNode(filter, { schemas, parent: { ...parent, subAttribute: undefined } });
  } catch (error) {
    // Same detail as for a filter, re-labelled: the client sent it as part of a PATCH path.
    if (scimType === 'invalidPath' && error instanceof ScimError && error.scimType === 'invalidFilter') {
      throw ScimError.of('invalidPath', error.message.replace(/^Filter error/, 'Path error'));
    }
    throw error;
  }
  return (element) => isPlainObject(element) && matcher(element);
}

function fail(detail: string): ScimError {
  return ScimError.of('invalidFilter', `Filter error: ${detail}`);
}

function compileNode(node: FilterNode, scope: Scope): Matcher {
  switch (node.kind) {
    case 'and': {
      const left = compileNode(node.left, scope);
      const right = compileNode(node.right, scope);
      return (context) => left(context) && right(context);
    }
    case 'or': {
      const left = compileNode(node.left, scope);
      const right = compileNode(node.right, scope);
      return (context) => left(context) || right(context);
    }
    case 'not': {
      const inner = compileNode(node.filter, scope);
      return (context) => !inner(context);
    }
    case 'valuePath': {
      const elements = compileElements({ ...node.path, valueFilter: node.filter, subAttribute: undefined }, scope).read;
      return (context) => elements(context).length > 0;
    }
    case 'present': {
      const { read } = compileValues(node.path, scope, 'nodes');
      return (context) => read(context).some(isNonEmpty);
    }
    case 'compare':
      return compileComparisonNode(node.path, node.operator, node.value, node.unquoted, scope);
  }
}

function resolve(path: AttributePath, scope: Scope): ResolvedAttribute {
  const result = scope.parent ? resolveRelativeAttribute(scope.parent, path) : resolveAttribute(path, scope.schemas);
  if (!result.ok) throw fail(result.detail);
  return result.resolved;
}

/** The elements of the path's attribute in a context, narrowed by its value filter if any. */
function compileElements(path: AttributePath, scope: Scope): { resolved: ResolvedAttribute; read: Reader } {
  const resolved = resolve(path, scope);
  const { attribute } = resolved;
  let keep: Matcher | undefined;
  if (path.valueFilter) {
    if (attribute.type !== 'complex') {
      throw fail(`"${formatPath(path)}": a value filter "[...]" needs a complex attribute, and "${attribute.name}" is ${attribute.type}.`);
    }
    keep = compileNode(path.valueFilter, { schemas: scope.schemas, parent: { ...resolved, subAttribute: undefined } });
  }
  // Inside a value filter the context is the element itself (a relative path has no container);
  // extension attributes sit under their URN.
  const read: Reader = (context) => {
    const list = asList(attributeValue(context, resolved));
    return keep ? list.filter((element) => isPlainObject(element) && keep(element)) : list;
  };
  return { resolved, read };
}

/**
 * The values a path designates: the sub-attribute of each element when named; for comparisons on
 * a complex attribute, each element's `value` (RFC 7644 §3.4.2.2); for `pr`, the elements.
 */
function compileValues(path: AttributePath, scope: Scope, want: 'nodes' | 'compared'): { resolved: ResolvedAttribute; target: AttributeDefinition; read: Reader } {
  const { resolved, read: elements } = compileElements(path, scope);
  const written = formatPath(path);
  let target = resolved.subAttribute ?? resolved.attribute;
  let key = resolved.subAttribute?.name;
  if (want === 'compared' && target.type === 'complex') {
    const value = findByName(target.subAttributes ?? [], 'value');
    if (!value) {
      const subs = (target.subAttributes ?? []).map((sub) => `${written}.${sub.name}`).slice(0, 3).join(', ');
      throw fail(`"${written}" is complex and has no "value" sub-attribute to compare; compare one of its sub-attributes instead (${subs}).`);
    }
    target = value;
    key = value.name;
  }
  if (target.returned === 'never') {
    // RFC 7643 §7: a never-returned attribute (password) must not be probed through filters either.
    throw fail(`"${written}" cannot be used in a filter: it is never returned.`);
  }
  const subKey = key;
  const read: Reader = subKey === undefined ? elements : (context) => elements(context).flatMap((element) => (isPlainObject(element) ? asList(valueAt(element, subKey)) : []));
  return { resolved, target, read };
}

function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function compileComparisonNode(path: AttributePath, operator: CompareOperator, value: FilterValue, unquoted: string | undefined, scope: Scope): Matcher {
  const { target, read } = compileValues(path, scope, 'compared');
  const written = formatPath(path);
  if (value === null) {
    if (operator === 'eq') return (context) => !read(context).some(isNonEmpty);
    if (operator === 'ne') return (context) => read(context).some(isNonEmpty);
    throw fail(`"${written} ${operator} null": null can only be compared with eq or ne.`);
  }
  if (operator === 'ne') {
    const equals = compileTest(target, 'eq', value, unquoted, written);
    return (context) => !read(context).some(equals);
  }
  const test = compileTest(target, operator, value, unquoted, written);
  return (context) => read(context).some(test);
}

type Test = (stored: unknown) => boolean;

const ORDERING = new Set<CompareOperator>(['gt', 'ge', 'lt', 'le']);
const SUBSTRING = new Set<CompareOperator>(['co', 'sw', 'ew']);

/** A test of ONE stored value against the filter's value, per the target's RFC 7643 §2.3 type. */
function compileTest(target: AttributeDefinition, operator: CompareOperator, value: Exclude<FilterValue, null>, unquoted: string | undefined, written: string): Test {
  const shown = unquoted ?? JSON.stringify(value);
  switch (target.type) {
    case 'boolean': {
      if (operator !== 'eq') throw fail(`"${operator}" does not apply to the boolean attribute "${written}"; use eq or ne.`);
      const operand = toBoolean(value);
      if (operand === undefined) throw fail(`"${written}" is a boolean; compare it with true or false, not ${shown}.`);
      return (stored) => toBoolean(stored) === operand;
    }
    case 'integer':
    case 'decimal': {
      if (SUBSTRING.has(operator)) throw fail(`"${operator}" does not apply to the ${target.type} attribute "${written}"; use eq, ne, gt, ge, lt or le.`);
      const operand = typeof value === 'boolean' ? undefined : toNumber(value);
      if (operand === undefined) throw fail(`"${written}" is a number (${target.type}); compare it with a number, not ${shown}.`);
      return (stored) => {
        const number = toNumber(stored);
        return number !== undefined && order(number, operand, operator);
      };
    }
    case 'dateTime': {
      if (SUBSTRING.has(operator)) return compileStringTest(true, operator, stringOperand(value, unquoted));
      const operand = typeof value === 'string' ? parseDateTime(value) : undefined;
      if (operand === undefined) throw fail(`"${written}" is a dateTime; compare it with a date and time such as "2026-01-01T00:00:00Z", not ${shown}.`);
      return (stored) => {
        const instant = typeof stored === 'string' ? parseDateTime(stored) : undefined;
        return instant !== undefined && order(instant, operand, operator);
      };
    }
    case 'binary':
      if (ORDERING.has(operator)) throw fail(`"${operator}" does not apply to the binary attribute "${written}" (RFC 7644 §3.4.2.2).`);
      return compileStringTest(true, operator, stringOperand(value, unquoted));
    case 'string':
    case 'reference':
      return compileStringTest(target.caseExact, operator, stringOperand(value, unquoted));
    case 'complex':
      // compileValues replaced a complex target by its `value` sub-attribute or failed.
      throw fail(`"${written}" is complex; compare one of its sub-attributes.`);
  }
}

/** Unquoted numbers and booleans against a string attribute mean the client's own text. */
function stringOperand(value: Exclude<FilterValue, null>, unquoted: string | undefined): string {
  return typeof value === 'string' ? value : (unquoted ?? String(value));
}

function compileStringTest(caseExact: boolean, operator: CompareOperator, operand: string): Test {
  // RFC 7643 §2.2 caseExact false: compare case-insensitively (lower-casing both sides).
  const fold = caseExact ? (text: string) => text : (text: string) => text.toLowerCase();
  const wanted = fold(operand);
  return (stored) => {
    const text = typeof stored === 'string' ? stored : typeof stored === 'number' || typeof stored === 'boolean' ? String(stored) : undefined;
    if (text === undefined) return false;
    const have = fold(text);
    switch (operator) {
      case 'co':
        return have.includes(wanted);
      case 'sw':
        return have.startsWith(wanted);
      case 'ew':
        return have.endsWith(wanted);
      default:
        return order(have, wanted, operator);
    }
  };
}

/** eq and the RFC 7644 §3.4.2.2 orderings (strings lexicographically, numbers and instants numerically). */
function order<T extends string | number>(have: T, wanted: T, operator: CompareOperator): boolean {
  switch (operator) {
    case 'gt':
      return have > wanted;
    case 'ge':
      return have >= wanted;
    case 'lt':
      return have < wanted;
    case 'le':
      return have <= wanted;
    default:
      return have === wanted;
  }
}
