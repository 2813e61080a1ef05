import { isPlainObject, jsonEqual, valueAt } from '../resource/resource-values';
import type { SchemaDefinition } from '../schema/attribute-definition';
import { findExtension } from '../schema/resolve-attribute-path';
import { findByName } from '../schema/select-attributes';
import type { ScimResource } from '../scim-urns';

/** Keys that are the envelope of a resource rather than attributes a client changes. */
const ENVELOPE = new Set(['schemas', 'meta']);

function diffObject(before: Record<string, unknown>, after: Record<string, unknown>, prefix: string, schema: SchemaDefinition | undefined, out: string[]): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys) {
    const left = before[key];
    const right = after[key];
    if (jsonEqual(left, right)) continue;
    const definition = schema ? findByName(schema.attributes, key) : undefined;
    const name = `${prefix}${definition?.name ?? key}`;
    // Single-valued complex attributes report by sub-attribute (`name.givenName`): that is
    // what the journal needs to say and what clients target; lists are reported whole.
    if (definition?.type === 'complex' && !definition.multiValued && (isPlainObject(left) || isPlainObject(right))) {
      const l = isPlainObject(left) ? left : {};
      const r = isPlainObject(right) ? right : {};
      for (const sub of [...new Set([...Object.keys(l), ...Object.keys(r)])]) {
        if (!jsonEqual(l[sub], r[sub])) out.push(`${name}.${findByName(definition.subAttributes ?? [], sub)?.name ?? sub}`);
      }
    } else {
      out.push(name);
    }
  }
}

/**
 * The attributes whose values differ between two versions of a resource, in SCIM path form:
 * core attributes by name, single-valued complex ones by sub-attribute (`name.givenName`),
 * extension attributes URN-prefixed (`urn:...:enterprise:2.0:User:department`). `schemas` and
 * `meta` are not attributes a client changes and are left out.
 * @param schemas the resource type's core schema first, then its extensions.
 */
export function changedAttributes(before: ScimResource, after: ScimResource, schemas: readonly SchemaDefinition[]): string[] {
  const [core, ...extensions] = schemas;
  const isExtensionKey = (key: string): boolean => findExtension(schemas, key) !== undefined;
  const coreOnly = (resource: ScimResource): Record<string, unknown> =>
    Object.fromEntries(Object.entries(resource).filter(([key]) => !ENVELOPE.has(key) && !isExtensionKey(key)));
  const out: string[] = [];
  diffObject(coreOnly(before), coreOnly(after), '', core, out);
  for (const extension of extensions) {
    const find = (resource: ScimResource): Record<string, unknown> => {
      const value = valueAt(resource, extension.id);
      return isPlainObject(value) ? value : {};
    };
    diffObject(find(before), find(after), `${extension.id}:`, extension, out);
  }
  return out;
}
