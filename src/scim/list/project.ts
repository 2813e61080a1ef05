import { isPlainObject } from '../resource/resource-values';
import type { AttributeDefinition } from '../schema/attribute-definition';
import { commonAttributes } from '../schema/common-attributes';
import { resolveAttributePath, schemaParts, type SchemaSource } from '../schema/resolve-attribute-path';
import { findByName } from '../schema/select-attributes';
import type { ScimResource } from '../scim-urns';

/** The §3.4.2.5 parameters, as `parseListParams` returns them. */
export interface ProjectionRequest {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** Per attribute: the whole attribute, or only some of its sub-attributes (lower-cased names). */
type AttributeSelection = 'all' | Set<string>;

/** What a list of names selects inside one namespace (the core object or one extension object). */
interface NamespaceSelection {
  whole: boolean;
  attributes: Map<string, AttributeSelection>;
}

const CORE = '';
const COMMON = commonAttributes();

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) and the `returned`
 * characteristic (RFC 7643 §7) to one resource, without mutating it.
 *
 * - `returned: never` (e.g. `password`) is never in the output; `always` (e.g. `id`) always is,
 *   and `excludedAttributes` has no effect on it; `request` appears only when named in
 *   `attributes`; `default` appears unless `attributes` is given without it, or it is excluded.
 * - Names are standard attribute notation (RFC 7644 §3.10) in any letter case: `userName`,
 *   `name.givenName`, `emails.value`, `urn:...:enterprise:2.0:User:department`, or a bare
 *   extension URN for the whole extension. Names the resource type does not define are ignored,
 *   as RFC 7644 §3.4.2.5 lets a service provider do.
 * - `schemas` is always returned (RFC 7643 §3); an extension URN leaves `schemas` when the
 *   projection removed that extension's whole object.
 * - When both parameters are given, `attributes` selects and `excludedAttributes` then removes.
 */
export function project(resource: ScimResource, request: ProjectionRequest, schemas: SchemaSource): ScimResource {
  const attributes = request.attributes ?? [];
  const excluded = request.excludedAttributes ?? [];
  if (attributes.length === 0 && excluded.length === 0) return defaultProjection(resource, schemas);
  const include = attributes.length > 0 ? selectionOf(attributes, schemas) : undefined;
  const exclude = selectionOf(excluded, schemas);
  return build(resource, schemas, include, exclude);
}

/** The default projection: everything except `returned: never` and `returned: request`. */
function defaultProjection(resource: ScimResource, schemas: SchemaSource): ScimResource {
  return build(resource, schemas, undefined, new Map());
}

function build(
  resource: ScimResource,
  schemas: SchemaSource,
  include: Map<string, NamespaceSelection> | undefined,
  exclude: Map<string, NamespaceSelection>,
): ScimResource {
  const { core, extensions } = schemaParts(schemas);
  const extensionIds = new Map(extensions.map((schema) => [schema.id.toLowerCase(), schema]));
  // A schema that lists the common attributes itself (RFC 7643 §3.1 allows it) is found first.
  const coreDefinitions = [...core.attributes, ...COMMON];
  const output: Record<string, unknown> = {};
  const droppedExtensions = new Set<string>();
  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      output[key] = value;
      continue;
    }
    const extension = extensionIds.get(key.toLowerCase());
    if (extension) {
      const projected = isPlainObject(value)
        ? projectNamespace(value, extension.attributes, include?.get(extension.id) ?? (include ? emptySelection() : undefined), exclude.get(extension.id))
        : undefined;
      if (projected && Object.keys(projected).length > 0) output[key] = projected;
      else droppedExtensions.add(extension.id.toLowerCase());
      continue;
    }
    const kept = projectAttribute(key, value, findByName(coreDefinitions, key), include?.get(CORE) ?? (include ? emptySelection() : undefined), exclude.get(CORE));
    if (kept !== undefined) output[key] = kept;
  }
  if (Array.isArray(output.schemas) && droppedExtensions.size > 0) {
    output.schemas = output.schemas.filter((urn) => typeof urn !== 'string' || !droppedExtensions.has(urn.toLowerCase()));
  }
  return output as ScimResource;
}

function projectNamespace(
  object: Record<string, unknown>,
  definitions: AttributeDefinition[],
  include: NamespaceSelection | undefined,
  exclude: NamespaceSelection | undefined,
): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    const kept = projectAttribute(key, value, findByName(definitions, key), include, exclude);
    if (kept !== undefined) output[key] = kept;
  }
  return output;
}

/** One top-level attribute's value after projection, or undefined when it is left out. */
function projectAttribute(
  key: string,
  value: unknown,
  definition: AttributeDefinition | undefined,
  include: NamespaceSelection | undefined,
  exclude: NamespaceSelection | undefined,
): unknown {
  const returned = definition?.returned ?? 'default';
  if (returned === 'never') return undefined;
  const lower = key.toLowerCase();
  const excluded = exclude?.whole ? 'all' : exclude?.attributes.get(lower);
  if (returned === 'always') {
    return filterSubAttributes(value, definition, undefined, excluded instanceof Set ? excluded : undefined);
  }
  let only: Set<string> | undefined;
  if (include) {
    // A bare schema URN selects what that schema returns by default: a `request` attribute
    // must still be named itself (RFC 7643 §7: "returned ... only if specified").
    const selected = include.attributes.get(lower) ?? (include.whole && returned !== 'request' ? 'all' : undefined);
    if (selected === undefined) return undefined;
    if (selected instanceof Set) only = selected;
  } else if (returned === 'request') {
    return undefined;
  }
  if (excluded === 'all') return undefined;
  return filterSubAttributes(value, definition, only, excluded);
}

/**
 * Keeps the sub-attributes of a complex value (or of each element of a multi-valued one):
 * `only` when given (plus `returned: always` ones), minus `without`, never `returned: never`.
 * Elements left empty are dropped; an attribute left with nothing is left out.
 */
function filterSubAttributes(
  value: unknown,
  definition: AttributeDefinition | undefined,
  only: Set<string> | undefined,
  without: Set<string> | undefined,
): unknown {
  const subDefinitions = definition?.subAttributes;
  if (!subDefinitions) return value;
  const filterOne = (item: unknown): unknown => {
    if (!isPlainObject(item)) return only ? undefined : item;
    const kept: Record<string, unknown> = {};
    for (const [subKey, subValue] of Object.entries(item)) {
      const lower = subKey.toLowerCase();
      const returned = findByName(subDefinitions, subKey)?.returned ?? 'default';
      const keep =
        returned === 'always' ||
        (returned === 'request' && only?.has(lower) === true) ||
        (returned === 'default' && (only ? only.has(lower) : true) && !without?.has(lower));
      if (keep) kept[subKey] = subValue;
    }
    return Object.keys(kept).length > 0 ? kept : undefined;
  };
  if (Array.isArray(value)) {
    if (value.length === 0) return only ? undefined : value;
    const items = value.map(filterOne).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return filterOne(value);
}

/** Groups names by namespace (core or extension URN); unknown names are dropped (§3.4.2.5). */
function selectionOf(names: readonly string[], schemas: SchemaSource): Map<string, NamespaceSelection> {
  const byNamespace = new Map<string, NamespaceSelection>();
  const namespace = (id: string): NamespaceSelection => {
    let selection = byNamespace.get(id);
    if (!selection) {
      selection = emptySelection();
      byNamespace.set(id, selection);
    }
    return selection;
  };
  for (const name of names) {
    const resolved = resolveAttributePath(name, schemas);
    if (!resolved) continue;
    const target = namespace(resolved.extension ? resolved.schema.id : CORE);
    if (resolved.kind === 'schema') {
      target.whole = true;
      continue;
    }
    const attributeKey = resolved.attribute.name.toLowerCase();
    const current = target.attributes.get(attributeKey);
    if (!resolved.subAttribute || current === 'all') {
      target.attributes.set(attributeKey, 'all');
    } else {
      target.attributes.set(attributeKey, (current ?? new Set<string>()).add(resolved.subAttribute.name.toLowerCase()));
    }
  }
  return byNamespace;
}

function emptySelection(): NamespaceSelection {
  return { whole: false, attributes: new Map() };
}
