import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './attribute-definition';

const TYPES = new Set(['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex']);
const MUTABILITY = new Set(['readOnly', 'readWrite', 'immutable', 'writeOnly']);
const RETURNED = new Set(['always', 'never', 'default', 'request']);
const UNIQUENESS = new Set(['none', 'server', 'global']);
/** RFC 7643 §2.1 ATTRNAME (`$ref` being the one name RFC 7643 itself spells with a `$`). */
const ATTRNAME = /^(\$ref|[A-Za-z][A-Za-z0-9_-]*)$/;

/**
 * The problems that would make a schema's `/Schemas` representation invalid per RFC 7643 §2 and
 * §7: a bad name, an unknown characteristic value, a complex attribute without sub-attributes or
 * with complex ones (§2.3.8), `referenceTypes` on anything but a reference (and missing on one),
 * duplicate names in any letter case (§2.1). Empty when the schema is sound.
 */
export function schemaProblems(schema: SchemaDefinition): string[] {
  const problems: string[] = [];
  if (!/^urn:/i.test(schema.id)) problems.push(`schema id '${schema.id}' is not a URN`);
  checkAttributes(schema.attributes, schema.id, false, problems);
  return problems;
}

/**
 * Checks resource types before discovery serves them: sound schemas, unique resource type ids,
 * endpoints that start with `/`, and one definition per schema URN.
 *
 * @throws Error listing every problem (a mapping or wiring mistake, reported at boot).
 */
export function assertValidResourceTypes(resourceTypes: readonly ResourceTypeDefinition[]): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const schemas = new Map<string, SchemaDefinition>();
  for (const resourceType of resourceTypes) {
    if (ids.has(resourceType.id.toLowerCase())) problems.push(`resource type '${resourceType.id}' is defined twice`);
    ids.add(resourceType.id.toLowerCase());
    if (!resourceType.endpoint.startsWith('/')) problems.push(`resource type '${resourceType.id}' endpoint '${resourceType.endpoint}' must start with '/'`);
    for (const schema of [resourceType.schema, ...resourceType.extensions.map((e) => e.schema)]) {
      const seen = schemas.get(schema.id.toLowerCase());
      if (seen && JSON.stringify(seen) !== JSON.stringify(schema)) problems.push(`schema '${schema.id}' is defined twice, differently`);
      if (!seen) problems.push(...schemaProblems(schema));
      schemas.set(schema.id.toLowerCase(), schema);
    }
  }
  if (problems.length > 0) throw new Error(`Invalid SCIM resource types: ${problems.join('; ')}.`);
}

function checkAttributes(attributes: readonly AttributeDefinition[], where: string, nested: boolean, problems: string[]): void {
  const names = new Set<string>();
  for (const attribute of attributes) {
    const at = `${where}:${attribute.name}`;
    if (!ATTRNAME.test(attribute.name)) problems.push(`${at}: '${attribute.name}' is not a valid attribute name`);
    if (names.has(attribute.name.toLowerCase())) problems.push(`${at}: the name is used twice`);
    names.add(attribute.name.toLowerCase());
    if (!TYPES.has(attribute.type)) problems.push(`${at}: unknown type '${attribute.type}'`);
    if (!MUTABILITY.has(attribute.mutability)) problems.push(`${at}: unknown mutability '${attribute.mutability}'`);
    if (!RETURNED.has(attribute.returned)) problems.push(`${at}: unknown returned '${attribute.returned}'`);
    if (!UNIQUENESS.has(attribute.uniqueness)) problems.push(`${at}: unknown uniqueness '${attribute.uniqueness}'`);
    for (const flag of ['multiValued', 'required', 'caseExact'] as const) {
      if (typeof attribute[flag] !== 'boolean') problems.push(`${at}: ${flag} must be a boolean`);
    }
    if (typeof attribute.description !== 'string') problems.push(`${at}: description must be a string`);
    if (attribute.canonicalValues !== undefined && !attribute.canonicalValues.every((v) => typeof v === 'string')) {
      problems.push(`${at}: canonicalValues must be strings`);
    }
    const isReference = attribute.type === 'reference';
    if (isReference && !(attribute.referenceTypes && attribute.referenceTypes.length > 0)) problems.push(`${at}: a reference needs referenceTypes`);
    if (!isReference && attribute.referenceTypes !== undefined) problems.push(`${at}: referenceTypes applies to references only`);
    if (attribute.type === 'complex') {
      if (nested) problems.push(`${at}: a sub-attribute cannot be complex (RFC 7643 §2.3.8)`);
      if (!attribute.subAttributes || attribute.subAttributes.length === 0) problems.push(`${at}: a complex attribute needs subAttributes`);
      else checkAttributes(attribute.subAttributes, at, true, problems);
    } else if (attribute.subAttributes !== undefined) {
      problems.push(`${at}: subAttributes applies to complex attributes only`);
    }
  }
}
