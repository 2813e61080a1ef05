import { findKey, isPlainObject, isUnassigned, jsonEqual, valueAt, writeAttribute } from '../resource/resource-values';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { findByName } from '../schema/select-attributes';
import { ScimError } from '../scim-error';
import type { ScimResource } from '../scim-urns';
import { coerceAttribute, shownValue, withoutNulls } from './coerce-value';
import type { PatchTarget } from './patch-target';
import type { PatchOpName, PatchOptions } from './patch-types';
import { addValues, removeValues } from './multi-value-index';
import { checkValueCount, DEFAULT_MAX_VALUES_PER_ATTRIBUTE } from './value-count-limit';
import { valueFromFilter } from './value-from-filter';

/** What one write asks for, with how strictly to read it. */
export interface AttributeWrite {
  op: PatchOpName;
  /** The value as sent; `undefined` when the operation had none (a remove). */
  value: unknown;
  /**
   * True for a key of a path-less value (or of an extension object): RFC 7644 §3.5.2.1/§3.5.2.3
   * say little about such keys, and clients send junk there (Entra ID's `id`, `name`), so
   * readOnly attributes and scalar junk on a complex attribute are skipped and an unmatched
   * value filter adds a value instead of failing.
   */
  lenient: boolean;
  /** The path as the client wrote it (or the key), for details. */
  pathText: string;
}

/** State shared by the operations of one request. */
export interface PatchContext {
  schemas: SchemaDefinition[];
  options: PatchOptions;
  /** Extension URNs whose object some operation wrote, to keep `schemas` in step at the end. */
  touchedExtensions: Set<string>;
}

type AttributeTarget = Extract<PatchTarget, { kind: 'attribute' }>;
type Element = Record<string, unknown>;

function valueLimit(context: PatchContext, attributeName: string): number {
  const byName = context.options.maxValuesByAttribute;
  const named = byName && Object.entries(byName).find(([name]) => name.toLowerCase() === attributeName.toLowerCase());
  return named ? named[1] : (context.options.maxValuesPerAttribute ?? DEFAULT_MAX_VALUES_PER_ATTRIBUTE);
}

function mutability(detail: string): ScimError {
  return ScimError.of('mutability', detail);
}

/** The object holding the target's attribute: the resource, or its extension object. */
function holderOf(resource: ScimResource, extension: string | undefined, create: boolean, context: PatchContext): Record<string, unknown> | undefined {
  if (extension === undefined) return resource;
  const key = findKey(resource, extension);
  const existing = key === undefined ? undefined : resource[key];
  if (isPlainObject(existing)) return existing;
  if (!create) return undefined;
  if (key !== undefined) delete resource[key];
  const created: Record<string, unknown> = {};
  resource[extension] = created;
  context.touchedExtensions.add(extension);
  return created;
}

function asElements(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? [...value] : [value];
}

/**
 * A changed single-valued complex value loses its readOnly sub-attributes: the server derives
 * them (`manager.displayName` from `manager.value`) and the old ones would describe the old value.
 */
function dropStaleReadOnly(attribute: AttributeDefinition, before: unknown, after: Element): Element {
  if (jsonEqual(before, after)) return after;
  for (const sub of attribute.subAttributes ?? []) if (sub.mutability === 'readOnly') writeAttribute(after, sub.name, undefined);
  return after;
}

/** `base` with the sub-attributes of `patch` merged in; a `null` sub-attribute unassigns (RFC 7643 §2.5). */
function merge(base: unknown, patch: Record<string, unknown>): Element {
  const result: Element = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) writeAttribute(result, key, value);
  return result;
}

/**
 * RFC 7644 §3.5.2: setting a value's `primary` to true sets it to false on every other value;
 * RFC 7643 §2.4: at most one value may be primary.
 */
function settlePrimary(attribute: AttributeDefinition, name: string, elements: unknown[], touched: Set<unknown>): void {
  const primary = findByName(attribute.subAttributes ?? [], 'primary');
  if (!primary) return;
  const isPrimary = (element: unknown): boolean => isPlainObject(element) && valueAt(element, primary.name) === true;
  const chosen = elements.filter((element) => touched.has(element) && isPrimary(element));
  if (chosen.length > 1) throw ScimError.of('invalidValue', `at most one value of "${name}" may have "primary": true (RFC 7643 §2.4).`);
  if (chosen.length === 1) {
    for (const element of elements) if (element !== chosen[0] && isPrimary(element)) writeAttribute(element as Element, primary.name, false);
  }
}

/** Every element carries the sub-attributes the schema marks required (members need a `value`). */
function checkRequiredSubs(attribute: AttributeDefinition, name: string, elements: unknown[], op: PatchOpName): void {
  const required = (attribute.subAttributes ?? []).filter((sub) => sub.required);
  for (const element of elements) {
    const missing = required.find((sub) => !isPlainObject(element) || isUnassigned(valueAt(element, sub.name)));
    if (!missing) continue;
    // RFC 7644 §3.5.2.2: unassigning a required attribute is `mutability`; a new value lacking it is invalid.
    if (op === 'remove') throw mutability(`"${name}.${missing.name}" is required and cannot be removed (RFC 7644 §3.5.2.2).`);
    throw ScimError.of('invalidValue', `each value of "${name}" must have "${missing.name}"; got ${shownValue(attribute, element)}.`);
  }
}

function setSub(element: Element, sub: AttributeDefinition, value: unknown, name: string): void {
  const current = valueAt(element, sub.name);
  if (sub.mutability === 'immutable' && !isUnassigned(current) && !jsonEqual(current, value)) {
    throw mutability(`"${name}.${sub.name}" is immutable and already has a value (RFC 7643 §7).`);
  }
  writeAttribute(element, sub.name, value);
}

/** An immutable sub-attribute that has a value keeps it (RFC 7643 §7), e.g. a member's `value`. */
function checkImmutableSubs(attribute: AttributeDefinition, name: string, before: Element, after: Element): void {
  for (const sub of attribute.subAttributes ?? []) {
    const current = valueAt(before, sub.name);
    if (sub.mutability === 'immutable' && !isUnassigned(current) && !jsonEqual(current, valueAt(after, sub.name))) {
      throw mutability(`"${name}.${sub.name}" is immutable and already has a value (RFC 7643 §7).`);
    }
  }
}

function removeSub(element: Element, sub: AttributeDefinition, name: string): void {
  if (sub.required && !isUnassigned(valueAt(element, sub.name))) throw mutability(`"${name}.${sub.name}" is required and cannot be removed (RFC 7644 §3.5.2.2).`);
  writeAttribute(element, sub.name, undefined);
}

/** The new value of a multi-valued attribute after a path with a value filter (RFC 7644 §3.5.2). */
function applyFiltered(target: AttributeTarget, write: AttributeWrite, before: unknown, context: PatchContext): { after: unknown[]; touched: Set<unknown> } {
  const { attribute, subAttribute: sub, name } = target;
  const { valueFilter: filter, matches } = target;
  if (!filter || !matches) throw new Error('applyFiltered needs a value filter');
  const elements = asElements(before).map((element) => (isPlainObject(element) ? { ...element } : element));
  const matched = elements.filter((element) => matches(element)) as Element[];
  const touched = new Set<unknown>(matched);
  if (write.op === 'remove') {
    // RFC 7644 §3.5.2.2 lists no failure for a remove that selects nothing: the values are gone already.
    if (!sub) return { after: elements.filter((element) => !touched.has(element)), touched: new Set() };
    for (const element of matched) removeSub(element, sub, name);
    return { after: elements.filter((element) => !isUnassigned(element)), touched: new Set() };
  }
  const subValue = sub && write.value !== null ? coerceAttribute(sub, `${name}.${sub.name}`, write.value) : undefined;
  const wholeValue = sub ? undefined : (coerceAttribute({ ...attribute, multiValued: false }, name, write.value) as Element);
  if (matched.length > 0) {
    for (const element of matched) {
      if (sub) {
        setSub(element, sub, subValue, name);
        continue;
      }
      // add merges into the selected values; replace swaps them whole ("all matching record values SHALL be replaced").
      const next = write.op === 'add' ? merge(element, wholeValue ?? {}) : withoutNulls(wholeValue ?? {});
      checkImmutableSubs(attribute, name, element, next);
      for (const key of Object.keys(element)) delete element[key];
      Object.assign(element, next);
    }
    return { after: elements.filter((element) => !isUnassigned(element)), touched };
  }
  if (write.op === 'replace' && !write.lenient && !context.options.replaceUnmatchedFilterAdds) {
    throw ScimError.of('noTarget', `the filter of "${write.pathText}" matches no value of "${name}"; replace needs an existing value (RFC 7644 §3.5.2.3), use add to create one.`);
  }
  if (sub && subValue === undefined) return { after: elements, touched: new Set() };
  const seed = valueFromFilter(attribute, filter, name);
  if (!seed) {
    throw ScimError.of('noTarget', `the filter of "${write.pathText}" matches no value of "${name}", and no new value can be built from it (only "eq" comparisons joined by "and" describe one).`);
  }
  const created = withoutNulls(sub ? { ...seed, [sub.name]: subValue } : { ...seed, ...wholeValue });
  return { after: [...elements, created], touched: new Set([created]) };
}

/** The new value after a path naming a sub-attribute without a filter (`name.givenName`, `manager.value`). */
function applySub(target: AttributeTarget, write: AttributeWrite, before: unknown): { after: unknown; touched: Set<unknown> } {
  const { attribute, name } = target;
  const sub = target.subAttribute as AttributeDefinition;
  const value = write.op === 'remove' || write.value === null ? undefined : coerceAttribute(sub, `${name}.${sub.name}`, write.value);
  const update = (element: Element): void => (value === undefined ? removeSub(element, sub, name) : setSub(element, sub, value, name));
  if (!attribute.multiValued) {
    const element: Element = isPlainObject(before) ? { ...before } : {};
    update(element);
    return { after: dropStaleReadOnly(attribute, before, element), touched: new Set() };
  }
  // No filter on a multi-valued attribute: every value (RFC 7644 §3.5.2.3 "all matching records").
  const elements = asElements(before).map((element) => (isPlainObject(element) ? { ...element } : element)) as Element[];
  if (elements.length === 0 && value !== undefined) elements.push({});
  elements.forEach(update);
  return { after: elements.filter((element) => !isUnassigned(element)), touched: new Set(elements) };
}

/** Values listed in a remove's `value` leave a multi-valued attribute (Entra ID: remove THOSE members). */
function removeListed(target: AttributeTarget, write: AttributeWrite, before: unknown): unknown[] {
  const { attribute, name } = target;
  const listed = coerceAttribute(attribute, name, write.value) as unknown[];
  if (listed.some((item) => isUnassigned(item))) {
    throw ScimError.of('invalidValue', `each value to remove from "${name}" must identify a value (e.g. {"value": "<id>"}); got ${shownValue(attribute, write.value)}.`);
  }
  return removeValues(attribute, asElements(before), listed);
}

/** The new value after a path naming the attribute itself. */
function applyWhole(target: AttributeTarget, write: AttributeWrite, before: unknown, limit: number): { after: unknown; touched: Set<unknown> } {
  const { attribute, name } = target;
  if (write.op === 'remove') {
    if (attribute.multiValued && write.value !== undefined && write.value !== null) return { after: removeListed(target, write, before), touched: new Set() };
    return { after: undefined, touched: new Set() };
  }
  if (write.value === null) {
    // null is unassigned (RFC 7643 §2.5): replacing with it clears; adding it to a list adds nothing.
    return { after: write.op === 'add' && attribute.multiValued ? before : undefined, touched: new Set() };
  }
  const value = coerceAttribute(attribute, name, write.value);
  if (attribute.multiValued) {
    const items = value as unknown[];
    // Checked before de-duplication, which would otherwise take `{type: "User"}` for an existing member.
    if (attribute.type === 'complex') checkRequiredSubs(attribute, name, items, write.op);
    if (write.op === 'replace') return { after: items, touched: new Set(items) };
    const elements = asElements(before).map((element) => (isPlainObject(element) ? { ...element } : element));
    // RFC 7644 §3.5.2.1: a value already there is not added again; one that extends an existing
    // value is merged into it. Stops at the first value past the cap, before any more work.
    const countBefore = elements.length;
    return addValues(attribute, elements, items, (length) => checkValueCount(name, length, countBefore, limit));
  }
  // A complex attribute takes the given sub-attributes and keeps the others (RFC 7644 §3.5.2.1, §3.5.2.3).
  if (attribute.type === 'complex') return { after: dropStaleReadOnly(attribute, before, merge(before, value as Element)), touched: new Set() };
  return { after: value, touched: new Set() };
}

/**
 * Applies one add/replace/remove to one attribute of the working copy (RFC 7644 §3.5.2.1-3),
 * enforcing the attribute's mutability (RFC 7643 §7; readOnly: refused, or skipped when
 * lenient; immutable: may only be set while unassigned), `required` (unassigning one is
 * `mutability`, RFC 7644 §3.5.2.2) and the single `primary` value (RFC 7643 §2.4).
 * @throws ScimError for the first rule the write breaks.
 */
export function applyToAttribute(resource: ScimResource, target: AttributeTarget, write: AttributeWrite, context: PatchContext): void {
  const { attribute, subAttribute, name } = target;
  const readOnly = attribute.mutability === 'readOnly' ? name : subAttribute?.mutability === 'readOnly' ? `${name}.${subAttribute.name}` : undefined;
  if (readOnly !== undefined) {
    if (write.lenient) return;
    throw mutability(`"${readOnly}" is readOnly and cannot be modified (RFC 7643 §7).`);
  }
  if (write.lenient && write.op !== 'remove' && attribute.type === 'complex' && !subAttribute && !target.valueFilter) {
    const bare = write.value !== null && typeof write.value !== 'object';
    // Entra ID's junk `"name": "<display name>"` in a path-less value: a scalar where a complex
    // value without a `value` sub-attribute belongs says nothing about the attribute; skip it.
    if (bare && !findByName(attribute.subAttributes ?? [], 'value')) return;
  }
  const holder = holderOf(resource, target.extension, write.op !== 'remove', context);
  if (!holder) return;
  const before = valueAt(holder, attribute.name);
  const { after, touched } = target.valueFilter
    ? applyFiltered(target, write, before, context)
    : subAttribute
      ? applySub(target, write, before)
      : applyWhole(target, write, before, valueLimit(context, attribute.name));
  if (attribute.mutability === 'immutable' && !isUnassigned(before) && !jsonEqual(before, isUnassigned(after) ? undefined : after)) {
    throw mutability(`"${name}" is immutable and already has a value; it cannot be changed (RFC 7643 §7).`);
  }
  if (attribute.required && !isUnassigned(before) && isUnassigned(after)) {
    throw mutability(`"${name}" is required and cannot be removed (RFC 7644 §3.5.2.2).`);
  }
  // Every path (a replace, a filtered add) meets the same cap as a plain add.
  if (attribute.multiValued && Array.isArray(after)) checkValueCount(name, after.length, asElements(before).length, valueLimit(context, attribute.name));
  if (attribute.multiValued && attribute.type === 'complex' && Array.isArray(after)) {
    settlePrimary(attribute, name, after, touched);
    checkRequiredSubs(attribute, name, after, write.op);
  } else if (attribute.type === 'complex' && isPlainObject(after) && !isUnassigned(after)) {
    checkRequiredSubs(attribute, name, [after], write.op);
  }
  writeAttribute(holder, attribute.name, after);
  if (target.extension !== undefined) context.touchedExtensions.add(target.extension);
}
