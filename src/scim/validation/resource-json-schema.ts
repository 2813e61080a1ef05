import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import type { ResourceSchemas } from '../schema/resolve-attribute-path';

/** A JSON Schema (draft-07) object, as ajv takes it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The JSON Schema (for ajv) of a resource body as a client writes it (RFC 7644 §3.3 POST,
 * §3.5.1 PUT): core attributes at the top, each extension under its URN (RFC 7643 §3.3).
 * Types follow RFC 7643 §2.3; `required` holds for required attributes a client can write
 * (readOnly ones are the server's to fill, RFC 7643 §7), and a required string must be non-empty
 * (§4.1.1: "Each User MUST include a non-empty userName value"). Unknown properties are allowed
 * here: the normaliser has already dropped them, as RFC 7644 §3.3 lets a server ignore them.
 */
export function resourceJsonSchema(resource: ResourceSchemas): JsonSchema {
  const schema = objectSchema(resource.schema.attributes);
  const properties = schema.properties as Record<string, JsonSchema>;
  const required = [...((schema.required as string[] | undefined) ?? [])];
  properties.schemas = { type: 'array', items: { type: 'string' } };
  for (const extension of resource.extensions) {
    properties[extension.schema.id] = objectSchema(extension.schema.attributes);
    if (extension.required) required.push(extension.schema.id);
  }
  if (required.length > 0) schema.required = required;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...schema };
}

/** The JSON Schema of one schema's attributes (used for extension objects and complex values). */
export function schemaDefinitionJsonSchema(definition: SchemaDefinition): JsonSchema {
  return objectSchema(definition.attributes);
}

function objectSchema(attributes: readonly AttributeDefinition[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const attribute of attributes) {
    properties[attribute.name] = attribute.multiValued ? { type: 'array', items: valueSchema(attribute) } : valueSchema(attribute);
    if (attribute.required && attribute.mutability !== 'readOnly') required.push(attribute.name);
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
}

function valueSchema(attribute: AttributeDefinition): JsonSchema {
  switch (attribute.type) {
    case 'string':
      return attribute.required ? { type: 'string', minLength: 1 } : { type: 'string' };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'integer' };
    case 'decimal':
      return { type: 'number' };
    case 'dateTime':
      return { type: 'string', format: 'date-time' };
    case 'binary':
      return { type: 'string', contentEncoding: 'base64' };
    case 'reference':
      return { type: 'string' };
    case 'complex':
      return objectSchema(attribute.subAttributes ?? []);
  }
}
