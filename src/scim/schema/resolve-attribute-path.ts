import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './attribute-definition';
import { commonAttributes } from './common-attributes';
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
  if (isSchemaList(schemas)) {
    const [core, ...extensions] = schemas;
    if (!core) throw new Error('A resource needs at least its core schema.');
    return { core, extensions };
  }
  return { core: schemas.schema, extensions: schemas.extensions.map((extension) => extension.schema) };
}

function isSchemaList(schemas: SchemaSource): schemas is readonly SchemaDefinition[] {
  return Array.isArray(schemas);
}

/** What an attribute name in standard attribute notation (RFC 7644 §3.10) designates. */
export type ResolvedPath =
  /** A bare schema URN: every attribute of that schema (for an extension, its whole object). */
  | { kind: 'schema'; schema: SchemaDefinition; extension: boolean }
  | {
      kind: 'attribute';
      /** The schema the attribute lives in (the core schema for the §3.1 common attributes). */
      schema: SchemaDefinition;
      /** True when the attribute lives under its extension's URN key in the resource. */
      extension: boolean;
      attribute: AttributeDefinition;
      subAttribute?: AttributeDefinition;
    };

const COMMON = commonAttributes();

/**
 * Resolves `[schemaURN:]attribute[.subAttribute]` (RFC 7644 §3.10) against a resource type,
 * case-insensitively (RFC 7643 §2.1). Without a URN the core schema and the common attributes of
 * RFC 7643 §3.1 are searched first, then the extensions: clients such as SailPoint name extension
 * attributes without their URN, and accepting that costs nothing when names do not collide.
 *
 * @returns undefined for a name the resource type does not define (callers decide whether that
 *   is ignored, as for `attributes`, or an error, as for `sortBy`).
 */
export function resolveAttributePath(path: string, schemas: SchemaSource): ResolvedPath | undefined {
  const lower = path.toLowerCase();
  const { core, extensions } = schemaParts(schemas);
  const all = [core, ...extensions];
  // Longest URN first, so that a URN that prefixes another cannot capture its attributes.
  const byLength = [...all].sort((a, b) => b.id.length - a.id.length);
  for (const schema of byLength) {
    const id = schema.id.toLowerCase();
    const isExtension = schema !== core;
    if (lower === id) return { kind: 'schema', schema, extension: isExtension };
    if (lower.startsWith(`${id}:`)) {
      return resolveWithin(path.slice(id.length + 1), schema, isExtension, !isExtension);
    }
  }
  if (lower.startsWith('urn:')) return undefined;
  const inCore = resolveWithin(path, core, false, true);
  if (inCore) return inCore;
  for (const extension of extensions) {
    const found = resolveWithin(path, extension, true, false);
    if (found) return found;
  }
  return undefined;
}

function resolveWithin(
  rest: string,
  schema: SchemaDefinition,
  extension: boolean,
  withCommon: boolean,
): ResolvedPath | undefined {
  const parts = rest.split('.');
  if (parts.length > 2) return undefined;
  const [attributeName = '', subName] = parts;
  const attribute =
    findByName(schema.attributes, attributeName) ?? (withCommon ? findByName(COMMON, attributeName) : undefined);
  if (!attribute) return undefined;
  if (subName === undefined) return { kind: 'attribute', schema, extension, attribute };
  const subAttribute = findByName(attribute.subAttributes ?? [], subName);
  return subAttribute ? { kind: 'attribute', schema, extension, attribute, subAttribute } : undefined;
}
