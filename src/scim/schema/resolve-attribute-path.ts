import { ScimError } from '../scim-error';
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './attribute-definition';
import { commonAttributes, schemasAttribute } from './common-attributes';
import { findByName } from './select-attributes';

/** The schemas a resource is made of: its core schema and its extensions. */
export type ResourceSchemas = Pick<ResourceTypeDefinition, 'schema' | 'extensions'>;

/**
 * Either form in which the protocol code is handed a resource's schemas: `ResourceSchemas`, or
 * a list with the core schema first (the form the filter and PATCH code take).
 */
export type SchemaSource = readonly SchemaDefinition[] | ResourceSchemas;

/** The core schema and the extension schemas of either form of `SchemaSource`. */
export function schemaParts(schemas: SchemaSource): { core: SchemaDefinition; extensions: SchemaDefinition[] } {
  const { core, extensions } = partsOf(schemas);
  if (!core) throw new Error('A resource needs at least its core schema.');
  return { core, extensions };
}

function partsOf(schemas: SchemaSource): { core: SchemaDefinition | undefined; extensions: SchemaDefinition[] } {
  if (isSchemaList(schemas)) {
    const [core, ...extensions] = schemas;
    return { core, extensions };
  }
  return { core: schemas.schema, extensions: schemas.extensions.map((extension) => extension.schema) };
}

function isSchemaList(schemas: SchemaSource): schemas is readonly SchemaDefinition[] {
  return Array.isArray(schemas);
}

function allSchemas(schemas: SchemaSource): SchemaDefinition[] {
  const { core, extensions } = partsOf(schemas);
  return core ? [core, ...extensions] : extensions;
}

/** The served schema (core or extension) whose URN is `urn`, in any letter case (RFC 7644 §3.10). */
export function findSchema(schemas: SchemaSource, urn: string): SchemaDefinition | undefined {
  return allSchemas(schemas).find((schema) => sameName(schema.id, urn));
}

/** The extension schema whose URN is `urn`, in any letter case; the core schema is not one. */
export function findExtension(schemas: SchemaSource, urn: string): SchemaDefinition | undefined {
  return partsOf(schemas).extensions.find((schema) => sameName(schema.id, urn));
}

/**
 * The served schema whose URN prefixes `name` as `urn:...:attribute` (RFC 7644 §3.10), any
 * letter case; the longest URN first, so that a URN that prefixes another cannot capture its
 * attributes.
 */
export function schemaPrefixOf(name: string, schemas: SchemaSource): SchemaDefinition | undefined {
  const lower = name.toLowerCase();
  return allSchemas(schemas)
    .sort((a, b) => b.id.length - a.id.length)
    .find((schema) => lower.startsWith(`${schema.id.toLowerCase()}:`));
}

/**
 * An attribute path split into its parts (RFC 7644 §3.10 `[schemaURN:]attribute[.subAttribute]`);
 * the filter module's parsed `AttributePath` is one. Only its presence matters for `valueFilter`.
 */
export interface AttributeName {
  schema?: string;
  attribute: string;
  subAttribute?: string;
  valueFilter?: unknown;
}

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

type Failure = Extract<ResolveResult, { ok: false }>;

/** What an attribute name in standard attribute notation (RFC 7644 §3.10) designates. */
export type ResolvedPath =
  /** A bare schema URN: every attribute of that schema (for an extension, its whole object). */
  | { kind: 'schema'; schema: SchemaDefinition; extension: boolean }
  /** An attribute; `extension` is true when it lives under its extension's URN key in the resource. */
  | ({ kind: 'attribute'; extension: boolean } & ResolvedAttribute);

/** How the two entry points differ: which attributes no schema defines, and what an ambiguous name means. */
interface Policy {
  common: readonly AttributeDefinition[];
  ambiguous: 'refuse' | 'firstExtension';
}

/** Filters and PATCH paths may also name RFC 7643 §3 `schemas`; an ambiguous name is the client's to fix. */
const STRICT: Policy = { common: [...commonAttributes(), schemasAttribute()], ambiguous: 'refuse' };
/**
 * `attributes`, `excludedAttributes` and `sortBy` know the §3.1 common attributes only (projection
 * always returns `schemas`, RFC 7643 §3), and take an ambiguous unprefixed name leniently.
 */
const LENIENT: Policy = { common: commonAttributes(), ambiguous: 'firstExtension' };

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The path as written, without its value filter, for details. */
function written(path: AttributeName): string {
  const schema = path.schema !== undefined ? `${path.schema}:` : '';
  const sub = path.subAttribute !== undefined ? `.${path.subAttribute}` : '';
  return `${schema}${path.attribute}${sub}`;
}

/**
 * Resolves an attribute path against the schemas a resource type serves (RFC 7644 §3.10): the
 * core schema and its extensions. Names and URNs are matched case-insensitively (§3.4.2.2). An
 * unprefixed name is a core attribute (or an RFC 7643 §3.1 common attribute, or §3 `schemas`)
 * first; failing that, an extension attribute when exactly one extension defines it (clients send
 * `employeeNumber` and `manager.value` without the enterprise URN). A URN prefix equal to the core
 * schema's id means a core attribute. A definition in the core schema wins over the common one.
 *
 * The value filter of a path is NOT checked here (its paths are relative to the attribute's
 * sub-attributes: see {@link resolveRelativeAttribute}).
 */
export function resolveAttribute(path: AttributeName, schemas: SchemaSource): ResolveResult {
  return resolveWith(path, schemas, STRICT);
}

function resolveWith(path: AttributeName, schemas: SchemaSource, policy: Policy): ResolveResult {
  const { core, extensions } = partsOf(schemas);
  const all = allSchemas(schemas);
  const text = written(path);
  const inCore = (name: string): AttributeDefinition | undefined => (core ? findByName(core.attributes, name) ?? findByName(policy.common, name) : undefined);
  let schema: SchemaDefinition | undefined;
  let attribute: AttributeDefinition | undefined;
  if (path.schema !== undefined) {
    const prefix = path.schema;
    schema = findSchema(schemas, prefix);
    if (!schema) {
      return { ok: false, reason: 'unknownSchema', detail: `"${text}" names the schema "${prefix}", which this resource type does not serve (served: ${all.map((s) => s.id).join(', ')}).` };
    }
    attribute = schema === core ? inCore(path.attribute) : findByName(schema.attributes, path.attribute);
  } else if (core) {
    attribute = inCore(path.attribute);
    schema = core;
    if (!attribute) {
      const owners = extensions.filter((extension) => findByName(extension.attributes, path.attribute));
      if (owners.length > 1 && policy.ambiguous === 'refuse') {
        return {
          ok: false,
          reason: 'ambiguousAttribute',
          detail: `"${text}" is defined by several extensions (${owners.map((s) => s.id).join(', ')}); prefix it with the schema URN, e.g. "${owners[0]?.id}:${path.attribute}".`,
        };
      }
      schema = owners[0];
      attribute = schema ? findByName(schema.attributes, path.attribute) : undefined;
    }
  }
  if (!schema || !attribute) {
    return { ok: false, reason: 'unknownAttribute', detail: `"${text}" is not an attribute of this resource type (schemas: ${all.map((s) => s.id).join(', ')}).` };
  }
  const container = schema === core ? undefined : schema.id;
  const resolved: ResolvedAttribute = { schema, attribute, location: [...(container ? [container] : []), attribute.name] };
  if (container !== undefined) resolved.container = container;
  if (path.subAttribute === undefined) return { ok: true, resolved };
  const sub = resolveSub(attribute, path.subAttribute, text);
  if ('ok' in sub) return sub;
  resolved.subAttribute = sub;
  resolved.location.push(sub.name);
  return { ok: true, resolved };
}

/**
 * {@link resolveAttribute}, throwing on failure: `invalidFilter` for filters, `invalidPath` for
 * PATCH paths that name no served attribute, `noTarget` where the caller wants RFC 7644 §3.12's
 * "the specified path did not yield an attribute" instead.
 */
export function requireAttribute(path: AttributeName, schemas: SchemaSource, scimType: 'invalidFilter' | 'invalidPath' | 'noTarget'): ResolvedAttribute {
  const result = resolveAttribute(path, schemas);
  if (result.ok) return result.resolved;
  throw ScimError.of(scimType, `${scimType === 'invalidFilter' ? 'Filter' : 'Path'} error: ${result.detail}`);
}

/**
 * Resolves a path written INSIDE a value filter (`type` in `emails[type eq "work"]`) against the
 * sub-attributes of the filtered attribute (RFC 7644 §3.4.2.2 valFilter). `location` is relative
 * to one element: `['type']`. A URN prefix or a further sub-attribute cannot name anything there.
 */
export function resolveRelativeAttribute(parent: ResolvedAttribute, path: AttributeName): ResolveResult {
  const text = written(path);
  if (path.schema !== undefined || path.valueFilter !== undefined) {
    return { ok: false, reason: 'schemaInValueFilter', detail: `"${text}" inside "${parent.attribute.name}[...]" must be a plain sub-attribute name of "${parent.attribute.name}".` };
  }
  const sub = resolveSub(parent.attribute, path.attribute, `${parent.attribute.name}.${path.attribute}`);
  if ('ok' in sub) return sub;
  if (path.subAttribute !== undefined) {
    return { ok: false, reason: 'notComplex', detail: `"${text}" inside "${parent.attribute.name}[...]" goes too deep: "${sub.name}" has no sub-attributes.` };
  }
  return { ok: true, resolved: { schema: parent.schema, attribute: sub, location: [sub.name] } };
}

/**
 * True when a parsed path names a whole extension schema rather than an attribute (a PATCH `path`
 * of `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` parses as schema `...:2.0`,
 * attribute `User`). Returns that schema, for the PATCH engine to treat its value as the
 * extension object.
 */
export function schemaNamedByPath(path: AttributeName, schemas: SchemaSource): SchemaDefinition | undefined {
  if (path.schema === undefined || path.subAttribute !== undefined || path.valueFilter !== undefined) return undefined;
  return findSchema(schemas, `${path.schema}:${path.attribute}`);
}

/**
 * Resolves `[schemaURN:]attribute[.subAttribute]` (RFC 7644 §3.10) as written in `attributes`,
 * `excludedAttributes` or `sortBy`, with the rules of {@link resolveAttribute}, except that an
 * unprefixed name several extensions define means the first of them (SailPoint names extension
 * attributes without their URN, and these parameters have no error to report), and that `schemas`
 * is not an attribute here.
 *
 * @returns undefined for a name the resource type does not define (callers decide whether that
 *   is ignored, as for `attributes`, or an error, as for `sortBy`).
 */
export function resolveAttributePath(path: string, schemas: SchemaSource): ResolvedPath | undefined {
  const { core } = schemaParts(schemas);
  const whole = findSchema(schemas, path);
  if (whole) return { kind: 'schema', schema: whole, extension: whole !== core };
  const prefix = schemaPrefixOf(path, schemas);
  if (!prefix && path.toLowerCase().startsWith('urn:')) return undefined;
  const [attribute = '', subAttribute, ...deeper] = (prefix ? path.slice(prefix.id.length + 1) : path).split('.');
  if (deeper.length > 0) return undefined;
  const name: AttributeName = { attribute };
  if (prefix) name.schema = prefix.id;
  if (subAttribute !== undefined) name.subAttribute = subAttribute;
  const result = resolveWith(name, schemas, LENIENT);
  return result.ok ? { kind: 'attribute', extension: result.resolved.container !== undefined, ...result.resolved } : undefined;
}

function resolveSub(attribute: AttributeDefinition, name: string, text: string): AttributeDefinition | Failure {
  if (attribute.type !== 'complex' || !attribute.subAttributes?.length) {
    return { ok: false, reason: 'notComplex', detail: `"${text}": "${attribute.name}" has no sub-attributes.` };
  }
  const definition = findByName(attribute.subAttributes, name);
  if (!definition) {
    const known = attribute.subAttributes.map((sub) => sub.name).join(', ');
    return { ok: false, reason: 'unknownSubAttribute', detail: `"${text}": "${name}" is not a sub-attribute of "${attribute.name}" (sub-attributes: ${known}).` };
  }
  return definition;
}
