import type { AttributePath, FilterNode } from '../filter/filter-ast';
import { parsePath } from '../filter/parse-path';
import { compileElementFilter } from '../filter/evaluate-filter';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { resolveAttribute, schemaNamedByPath } from '../schema/resolve-attribute-path';
import { ScimError } from '../scim-error';

/** What a PATCH path points at, resolved against the resource type's schemas. */
export type PatchTarget =
  | {
      kind: 'attribute';
      /** The extension schema URN holding the attribute; absent for the core schema. */
      extension?: string;
      attribute: AttributeDefinition;
      valueFilter?: FilterNode;
      /** Which elements the value filter selects (the filter module's matching: caseExact, dates, Entra booleans). */
      matches?: (element: unknown) => boolean;
      subAttribute?: AttributeDefinition;
      /** The parsed path (for matching values against the filter). */
      path: AttributePath;
      /** The attribute's SCIM path in the schema's spelling, for details: `urn:...:User:manager`. */
      name: string;
    }
  /** The path is an extension schema URN itself: the whole extension object. */
  | { kind: 'extension'; schema: SchemaDefinition }
  /** An attribute, sub-attribute or schema the resource type does not define. */
  | { kind: 'unknown'; detail: string };

/** Reasons a path is about something this resource type does not serve (ignorable), not malformed. */
const UNSERVED = new Set(['unknownSchema', 'unknownAttribute', 'unknownSubAttribute']);

/**
 * Resolves a PATCH `path` (RFC 7644 §3.5.2, §3.10) against the resource type's schemas: the
 * core schema FIRST, then its extensions (the one attribute resolver of scim/schema: names match
 * case-insensitively, a URN prefix selects the schema, an unprefixed name found in exactly one
 * extension means that extension's attribute). A path that is an extension URN alone targets the
 * whole extension. Attributes, sub-attributes and schemas the resource type does not serve come
 * back as `unknown`, for the caller to ignore or refuse.
 * @throws ScimError `invalidPath` for a malformed path, an ambiguous name, a value filter on
 *   anything but a multi-valued complex attribute or naming an unknown sub-attribute, or a
 *   sub-attribute of a simple attribute.
 */
export function resolvePatchTarget(text: string, schemas: SchemaDefinition[]): PatchTarget {
  const path = parsePath(text);
  const named = schemaNamedByPath(path, schemas);
  if (named === schemas[0]) throw ScimError.of('invalidPath', `the path "${text}" names the core schema itself; name one of its attributes instead.`);
  if (named) return { kind: 'extension', schema: named };
  const result = resolveAttribute(path, schemas);
  if (!result.ok) {
    if (UNSERVED.has(result.reason)) return { kind: 'unknown', detail: result.detail };
    throw ScimError.of('invalidPath', result.detail);
  }
  const { attribute, container, subAttribute } = result.resolved;
  const name = container ? `${container}:${attribute.name}` : attribute.name;
  const target: PatchTarget = { kind: 'attribute', attribute, path, name };
  if (container !== undefined) target.extension = container;
  if (subAttribute) target.subAttribute = subAttribute;
  if (path.valueFilter) {
    if (!attribute.multiValued || attribute.type !== 'complex') {
      throw ScimError.of('invalidPath', `the path "${text}" puts a value filter "[...]" on "${name}", which is not a multi-valued complex attribute; filters select values of those only (RFC 7644 §3.5.2).`);
    }
    target.valueFilter = path.valueFilter;
    target.matches = compileElementFilter(path.valueFilter, result.resolved, schemas);
  }
  return target;
}
