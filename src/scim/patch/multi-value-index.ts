import { isPlainObject, valueAt } from '../resource/resource-values';
import type { AttributeDefinition } from '../schema/attribute-definition';

type Element = Record<string, unknown>;

/**
 * The comparable parts of one value, as `sameValue` compares them: each non-readOnly
 * sub-attribute present, with its value in a canonical form (lower-cased unless `caseExact`,
 * RFC 7643 §2.2). `exact` is false when the value also carries something no other value can
 * equal (an unknown or null sub-attribute): such a value is never "covered" by another.
 */
interface Parts {
  entries: [string, string][];
  exact: boolean;
}

/** JSON with object keys sorted, so equal values (in `jsonEqual`'s sense) give equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(value[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** Equal canonical texts exactly when `sameValue` says the two simple values are the same. */
function canonical(definition: AttributeDefinition, value: unknown): string {
  if (typeof value === 'string' && !definition.caseExact) return `i${JSON.stringify(value.toLowerCase())}`;
  return `x${stableJson(value)}`;
}

function partsOf(attribute: AttributeDefinition, value: unknown): Parts | undefined {
  if (attribute.type !== 'complex') return { entries: [['', canonical(attribute, value)]], exact: true };
  // A non-object value of a complex attribute equals no object value (sameValue falls back to jsonEqual).
  if (!isPlainObject(value)) return undefined;
  const subs = subLookup(attribute);
  const entries: [string, string][] = [];
  let exact = true;
  for (const key of Object.keys(value)) {
    const sub = subs.get(key.toLowerCase());
    if (sub?.mutability === 'readOnly') continue;
    const item = valueAt(value, key);
    if (!sub || item === null || item === undefined) {
      exact = false;
      continue;
    }
    entries.push([sub.name, canonical(sub, item)]);
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { entries, exact };
}

// Canonical texts are JSON (control characters escaped), so the two separators never occur in them.
function keyOf(entries: readonly [string, string][]): string {
  return entries.map(([name, text]) => `${name}\u0001${text}`).join('\u0000');
}

function shapeOf(entries: readonly [string, string][]): string {
  return entries.map(([name]) => name).join('\u0000');
}

const subsByName = new WeakMap<AttributeDefinition, Map<string, AttributeDefinition>>();

/** The sub-attributes of `attribute` by lower-cased name (RFC 7643 §2.1: names are case-insensitive). */
function subLookup(attribute: AttributeDefinition): Map<string, AttributeDefinition> {
  let lookup = subsByName.get(attribute);
  if (!lookup) {
    lookup = new Map((attribute.subAttributes ?? []).map((sub) => [sub.name.toLowerCase(), sub]));
    subsByName.set(attribute, lookup);
  }
  return lookup;
}

/**
 * Every sub-list of `entries` (order kept): at most 2^k for the k sub-attributes a schema
 * defines, a constant per attribute (RFC 7643 §4.1.2 plural attributes have four or five).
 */
function subsets(entries: readonly [string, string][]): [string, string][][] {
  let result: [string, string][][] = [[]];
  for (const entry of entries) result = result.concat(result.map((subset) => [...subset, entry]));
  return result;
}

/**
 * The values of one multi-valued attribute, indexed so that "is some value covering this one?"
 * and "which first value does this one cover?" take constant time per value instead of a scan
 * of the list (issue 12, finding 1: the scan made one PATCH quadratic). "A covers B" means every
 * sub-attribute given in B equals A's (readOnly ones aside), as RFC 7644 §3.5.2.1 de-duplication
 * needs it.
 */
class CoverIndex {
  /** How many values have each sub-list of parts: a value covers an item whose parts are one of them. */
  private readonly covering = new Map<string, number>();
  /** Exact values by their set of sub-attribute names, then by their parts: an item covers those whose parts it contains. */
  private readonly byShape = new Map<string, { names: string[]; values: Map<string, Element[]> }>();
  private readonly position = new Map<unknown, number>();

  constructor(private readonly attribute: AttributeDefinition) {}

  add(value: unknown, position: number): void {
    this.position.set(value, position);
    this.update(value, 1);
  }

  /** Re-indexes `value` (kept at its position) around `change`, which alters its content. */
  change(value: Element, change: () => void): void {
    this.update(value, -1);
    change();
    this.update(value, 1);
  }

  /** Whether some indexed value covers `item`. */
  covers(item: unknown): boolean {
    const parts = partsOf(this.attribute, item);
    return parts !== undefined && parts.exact && (this.covering.get(keyOf(parts.entries)) ?? 0) > 0;
  }

  /** The indexed value, first in list order, that `item` covers (complex attributes only). */
  firstCoveredBy(item: unknown): Element | undefined {
    const parts = partsOf(this.attribute, item);
    if (!parts || this.attribute.type !== 'complex') return undefined;
    const names = new Map(parts.entries);
    let best: Element | undefined;
    for (const shape of this.byShape.values()) {
      if (!shape.names.every((name) => names.has(name))) continue;
      const bucket = shape.values.get(keyOf(shape.names.map((name) => [name, names.get(name) as string])));
      for (const candidate of bucket ?? []) {
        if (best === undefined || (this.position.get(candidate) ?? 0) < (this.position.get(best) ?? 0)) best = candidate;
      }
    }
    return best;
  }

  private update(value: unknown, delta: 1 | -1): void {
    const parts = partsOf(this.attribute, value);
    if (!parts) return;
    for (const subset of subsets(parts.entries)) {
      const key = keyOf(subset);
      const count = (this.covering.get(key) ?? 0) + delta;
      if (count > 0) this.covering.set(key, count);
      else this.covering.delete(key);
    }
    if (!parts.exact || this.attribute.type !== 'complex') return;
    const shapeKey = shapeOf(parts.entries);
    let shape = this.byShape.get(shapeKey);
    if (!shape) {
      shape = { names: parts.entries.map(([name]) => name), values: new Map() };
      this.byShape.set(shapeKey, shape);
    }
    const key = keyOf(parts.entries);
    const bucket = shape.values.get(key) ?? [];
    if (delta > 0) bucket.push(value as Element);
    else bucket.splice(bucket.indexOf(value as Element), 1);
    if (bucket.length > 0) shape.values.set(key, bucket);
    else shape.values.delete(key);
  }
}

/**
 * RFC 7644 §3.5.2.1 add of `items` to the values `elements` of a multi-valued attribute: a value
 * already there (covered by an existing one) is not added again; one that extends an existing
 * value (same sub-attributes plus more, e.g. "primary") is merged into the first such value; any
 * other is appended. Linear in the number of values (see {@link CoverIndex}).
 * @param elements the current values, copied by the caller: merged values are changed in place.
 * @param onGrow called after each append with the new length, so a caller can stop early (a cap).
 * @returns the new list and the values added or changed.
 */
export function addValues(attribute: AttributeDefinition, elements: unknown[], items: readonly unknown[], onGrow: (length: number) => void = () => undefined): { after: unknown[]; touched: Set<unknown> } {
  const index = new CoverIndex(attribute);
  elements.forEach((element, position) => index.add(element, position));
  const touched = new Set<unknown>();
  for (const item of items) {
    if (index.covers(item)) continue;
    const extended = isPlainObject(item) ? index.firstCoveredBy(item) : undefined;
    if (extended) {
      index.change(extended, () => Object.assign(extended, item));
      touched.add(extended);
    } else {
      elements.push(item);
      index.add(item, elements.length - 1);
      touched.add(item);
      onGrow(elements.length);
    }
  }
  return { after: elements, touched };
}

/**
 * The values of `elements` that cover none of `listed` (Entra ID's `remove members` with a
 * `value` list: remove THOSE values). Linear in the number of values.
 */
export function removeValues(attribute: AttributeDefinition, elements: readonly unknown[], listed: readonly unknown[]): unknown[] {
  const wanted = new Set<string>();
  for (const item of listed) {
    const parts = partsOf(attribute, item);
    if (parts?.exact) wanted.add(keyOf(parts.entries));
  }
  return elements.filter((element) => {
    const parts = partsOf(attribute, element);
    return !parts || !subsets(parts.entries).some((subset) => wanted.has(keyOf(subset)));
  });
}
