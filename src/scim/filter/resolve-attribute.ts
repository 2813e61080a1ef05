import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { commonAttributes, schemasAttribute } from '../schema/common-attributes';
import { ScimError } from '../scim-error';
import type { AttributePath } from './filter-ast';
import { formatPath } from './format-filter';

/** An attribute path matched to the served definitions, with where its value lives in a resource. */
export interface ResolvedAttribute {
  /** The schema defining the attribute (the core schema for RFC 7643 §3.1 common attributes). */
  schema: SchemaDefinition;
  /**
   * The extension URN under which the attribute sits in a resource (RFC 7643 §3.3), spelled as
   * the schema definition spells it; undefined for core attributes, which sit at the top level.
   */
  container?: string;
  /** The top-level attribute (`emails` for `emails[type eq "work"].value`). */
  attribute: AttributeDefinition;
  /** The sub-attribute when the path names one (`value` above). */
  subAttribute?: AttributeDefinition;
  /**
   * JSON keys from the resource root, in the definitions' spelling: `['name', 'givenName']`,
   * `['urn:...:enterprise:2.0:User', 'manager', 'value']`. For a multi-valued attribute the
   * sub-attribute key applies to each element of the array.
   */
  location: string[];
}

/** Why a path did not resolve; `detail` names the offending part for the client. */
export type ResolveFailureReason = 'unknownSchema' | 'unknownAttribute' | 'unknownSubAttribute' | 'ambiguousAttribute' | 'notComplex' | 'schemaInValueFilter';

export type ResolveResult = { ok: true; resolved: ResolvedAttribute } | { ok: false; reason: ResolveFailureReason; detail: string };

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function findAttribute(definitions: readonly AttributeDefinition[] | undefined, name: string): AttributeDefinition | undefined {
  return definitions?.find((definition) => sameName(definition.name, name));
}

/** Every resource's attributes that no schema defines: RFC 7643 §3.1 `id`, `externalId`, `meta`, and §3 `schemas`. */
const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [...commonAttributes(), schemasAttribute()];

/** Core attributes, then the RFC 7643 §3.1 common ones the core schema does not define itself. */
function findCoreAttribute(core: SchemaDefinition, name: string): AttributeDefinition | undefined {
  return findAttribute(core.attributes, name) ?? findAttribute(COMMON_ATTRIBUTES, name);
}

/**
 * Resolves an attribute path against the schemas a resource type serves (RFC 7644 §3.10):
 * `schemas[0]` is the core schema, the rest are extensions. Names and URNs are matched
 * case-insensitively (§3.4.2.2). An unprefixed name is a core attribute first; failing that, an
 * extension attribute when exactly one extension defines it (clients send `employeeNumber` and
 * `manager.value` without the enterprise URN). A URN prefix equal to the core schema's id means a
 * core attribute.
 *
 * The value filter of a path is NOT checked here (its paths are relative to the attribute's
 * sub-attributes: see {@link resolveRelativeAttribute}).
 */
export function resolveAttribute(path: AttributePath, schemas: readonly SchemaDefinition[]): ResolveResult {
  const [core, ...extensions] = schemas;
  const written = formatPath({ ...path, valueFilter: undefined });
  let schema: SchemaDefinition | undefined;
  let attribute: AttributeDefinition | undefined;
  if (path.schema !== undefined) {
    const prefix = path.schema;
    schema = schemas.find((candidate) => sameName(candidate.id, prefix));
    if (!schema) {
      return { ok: false, reason: 'unknownSchema', detail: `"${written}" names the schema "${prefix}", which this resource type does not serve (served: ${schemas.map((s) => s.id).join(', ')}).` };
    }
    attribute = schema === core ? findCoreAttribute(schema, path.attribute) : findAttribute(schema.attributes, path.attribute);
  } else if (core) {
    attribute = findCoreAttribute(core, path.attribute);
    schema = core;
    if (!attribute) {
      const owners = extensions.filter((extension) => findAttribute(extension.attributes, path.attribute));
      if (owners.length > 1) {
        return {
          ok: false,
          reason: 'ambiguousAttribute',
          detail: `"${written}" is defined by several extensions (${owners.map((s) => s.id).join(', ')}); prefix it with the schema URN, e.g. "${owners[0]?.id}:${path.attribute}".`,
        };
      }
      schema = owners[0];
      attribute = schema ? findAttribute(schema.attributes, path.attribute) : undefined;
    }
  }
  if (!schema || !attribute) {
    return { ok: false, reason: 'unknownAttribute', detail: `"${written}" is not an attribute of this resource type (schemas: ${schemas.map((s) => s.id).join(', ')}).` };
  }
  const container = schema === core ? undefined : schema.id;
  const resolved: ResolvedAttribute = { schema, attribute, location: [...(container ? [container] : []), attribute.name] };
  if (container !== undefined) resolved.container = container;
  if (path.subAttribute === undefined) return { ok: true, resolved };
  const sub = resolveSub(attribute, path.subAttribute, written);
  if (!sub.ok) return sub;
  resolved.subAttribute = sub.definition;
  resolved.location.push(sub.definition.name);
  return { ok: true, resolved };
}

/**
 * {@link resolveAttribute}, throwing on failure: `invalidFilter` for filters, `invalidPath` for
 * PATCH paths that name no served attribute, `noTarget` where the caller wants RFC 7644 §3.12's
 * "the specified path did not yield an attribute" instead.
 */
export function requireAttribute(path: AttributePath, schemas: readonly SchemaDefinition[], scimType: 'invalidFilter' | 'invalidPath' | 'noTarget'): ResolvedAttribute {
  const result = resolveAttribute(path, schemas);
  if (result.ok) return result.resolved;
  throw ScimError.of(scimType, `${scimType === 'invalidFilter' ? 'Filter' : 'Path'} error: ${result.detail}`);
}

/**
 * Resolves a path written INSIDE a value filter (`type` in `emails[type eq "work"]`) against the
 * sub-attributes of the filtered attribute (RFC 7644 §3.4.2.2 valFilter). `location` is relative
 * to one element: `['type']`. A URN prefix or a further sub-attribute cannot name anything there.
 */
export function resolveRelativeAttribute(parent: ResolvedAttribute, path: AttributePath): ResolveResult {
  const written = formatPath({ ...path, valueFilter: undefined });
  if (path.schema !== undefined || path.valueFilter !== undefined) {
    return { ok: false, reason: 'schemaInValueFilter', detail: `"${written}" inside "${parent.attribute.name}[...]" must be a plain sub-attribute name of "${parent.attribute.name}".` };
  }
  const sub = resolveSub(parent.attribute, path.attribute, `${parent.attribute.name}.${path.attribute}`);
  if (!sub.ok) return sub;
  if (path.subAttribute !== undefined) {
    return { ok: false, reason: 'notComplex', detail: `"${written}" inside "${parent.attribute.name}[...]" goes too deep: "${sub.definition.name}" has no sub-attributes.` };
  }
  return { ok: true, resolved: { schema: parent.schema, attribute: sub.definition, location: [sub.definition.name] } };
}

/**
 * True when a path names a whole extension schema rather than an attribute (a PATCH `path` of
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` parses as schema `...:2.0`,
 * attribute `User`). Returns that schema, for the PATCH engine to treat its value as the
 * extension object.
 */
export function schemaNamedByPath(path: AttributePath, schemas: readonly SchemaDefinition[]): SchemaDefinition | undefined {
  if (path.schema === undefined || path.subAttribute !== undefined || path.valueFilter !== undefined) return undefined;
  const urn = `${path.schema}:${path.attribute}`;
  return schemas.find((schema) => sameName(schema.id, urn));
}

function resolveSub(
  attribute: AttributeDefinition,
  name: string,
  written: string,
): { ok: true; definition: AttributeDefinition } | { ok: false; reason: ResolveFailureReason; detail: string } {
  if (attribute.type !== 'complex' || !attribute.subAttributes?.length) {
    return { ok: false, reason: 'notComplex', detail: `"${written}": "${attribute.name}" has no sub-attributes.` };
  }
  const definition = findAttribute(attribute.subAttributes, name);
  if (!definition) {
    const known = attribute.subAttributes.map((sub) => sub.name).join(', ');
    return { ok: false, reason: 'unknownSubAttribute', detail: `"${written}": "${name}" is not a sub-attribute of "${attribute.name}" (sub-attributes: ${known}).` };
  }
  return { ok: true, definition };
}
