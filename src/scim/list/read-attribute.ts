import type { ResolvedPath } from '../schema/resolve-attribute-path';
import type { ScimResource } from '../scim-urns';

/**
 * The value of a resolved top-level attribute in a resource (not descending into
 * sub-attributes), found by name in any letter case (RFC 7643 §2.1), under its extension's URN
 * key when it lives in an extension.
 */
export function readAttribute(resource: ScimResource, path: Extract<ResolvedPath, { kind: 'attribute' }>): unknown {
  const container = path.extension ? valueAt(resource, path.schema.id) : resource;
  if (typeof container !== 'object' || container === null || Array.isArray(container)) return undefined;
  return valueAt(container as Record<string, unknown>, path.attribute.name);
}

/** `object[name]` with `name` matched in any letter case. */
export function valueAt(object: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(object, name)) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
