import { createHash } from 'node:crypto';

/**
 * The attributes the bridge owns, as the change feed needs them: which JumpCloud field carries
 * each SCIM attribute. Built by the composition root from the mapping (the change feed never
 * reads SCIM or mapping code itself), so a custom mapping tracks exactly what it maps.
 */
export interface TrackedAttribute {
  /** Stable key within the resource: the JumpCloud field, or `attributes.<name>` for a custom attribute. */
  key: string;
  /** The SCIM attribute (path form: `name.givenName`, `emails[type eq "work"].value`, or the extension URN path). */
  attribute: string;
  /** The JumpCloud field as Directory Insights names it in `changes[].field`. */
  field: string;
  /** For a JumpCloud custom attribute: its `attributes[].name` (then `field` is `attributes`). */
  customName?: string;
}

/** What the feed tracks of users and groups. */
export interface TrackedResources {
  user: readonly TrackedAttribute[];
  group: readonly TrackedAttribute[];
  /** Groups whose membership is implicit ("All Users"): never compared or reported as drift. */
  implicitMembership?: (group: { name?: string }) => boolean;
}

/** One owned attribute that changed, in both vocabularies. */
export interface OwnedChange {
  key: string;
  attribute: string;
  jumpcloudField: string;
  /** Absent = unset. */
  before?: unknown;
  after?: unknown;
}

/**
 * JumpCloud gives every item of an array field (`attributes[]`, `addresses[]`, `phoneNumbers[]`)
 * an `id` and an `_id`, and NEW ones on every PUT that replaces the array, equal content or not
 * (NOTES.md "Observed in real events"): they are no part of the value the bridge owns.
 */
const ARRAY_ITEM_ID_KEYS = new Set(['id', '_id']);

function withoutItemIds(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  return Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([key]) => !ARRAY_ITEM_ID_KEYS.has(key)));
}

/**
 * A value as the feed compares, stores and hashes it: JumpCloud answers `""` for an unset string
 * and `[]` for an empty list (all the same as unset), and array items lose their `id`/`_id`.
 */
export function normalizeValue(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map(withoutItemIds);
  return value;
}

/** JSON with object keys sorted, so equal values always serialize (and hash) the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
  });
}

/** Whether two attribute values are the same (unset forms equal, key order and array item ids ignored). */
export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(normalizeValue(a)) === canonicalJson(normalizeValue(b));
}

function customValue(list: unknown, name: string): unknown {
  if (!Array.isArray(list)) return undefined;
  const found = list.find((item): item is { name: string; value?: unknown } => typeof item === 'object' && item !== null && (item as { name?: unknown }).name === name);
  return found?.value;
}

function change(attribute: TrackedAttribute, before: unknown, after: unknown): OwnedChange {
  const owned: OwnedChange = { key: attribute.key, attribute: attribute.attribute, jumpcloudField: attribute.customName ? `attributes.${attribute.customName}` : attribute.field };
  const from = normalizeValue(before);
  const to = normalizeValue(after);
  if (from !== undefined) owned.before = from;
  if (to !== undefined) owned.after = to;
  return owned;
}

/**
 * The owned attributes a Directory Insights `changes[]` list touched (a custom attribute changes
 * inside the one `attributes` array, so it is compared by name). Unowned fields are ignored.
 */
export function ownedChanges(tracked: readonly TrackedAttribute[], changes: readonly { field: string; from?: unknown; to?: unknown }[] | undefined): OwnedChange[] {
  const out: OwnedChange[] = [];
  for (const attribute of tracked) {
    const entry = changes?.find((item) => item.field === attribute.field);
    if (!entry) continue;
    const before = attribute.customName ? customValue(entry.from, attribute.customName) : entry.from;
    const after = attribute.customName ? customValue(entry.to, attribute.customName) : entry.to;
    if (!sameValue(before, after)) out.push(change(attribute, before, after));
  }
  return out;
}

/** The owned attributes' values of a JumpCloud object, keyed by attribute key (unset ones left out). */
export function trackedValues(tracked: readonly TrackedAttribute[], object: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const attribute of tracked) {
    const value = normalizeValue(attribute.customName ? customValue(object[attribute.field], attribute.customName) : object[attribute.field]);
    if (value !== undefined) values[attribute.key] = value;
  }
  return values;
}

/** The owned attributes whose values differ between two `trackedValues` results. */
export function diffTracked(tracked: readonly TrackedAttribute[], before: Record<string, unknown>, after: Record<string, unknown>): OwnedChange[] {
  return tracked.filter((attribute) => !sameValue(before[attribute.key], after[attribute.key])).map((attribute) => change(attribute, before[attribute.key], after[attribute.key]));
}

/** The JumpCloud fields to ask for when reading the tracked attributes. */
export function trackedFields(tracked: readonly TrackedAttribute[]): string[] {
  return [...new Set(tracked.map((attribute) => attribute.field))];
}

/** SHA-256 of the canonical JSON of `values`: what the reconciliation scan compares. */
export function hashValues(values: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(values)).digest('hex');
}
