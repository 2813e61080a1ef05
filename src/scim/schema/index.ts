export type { AttributeDefinition, AttributeType, Mutability, Returned, Uniqueness, SchemaDefinition, ResourceTypeDefinition } from './attribute-definition';
export { defineAttribute, defineComplex, type AttributeOverrides } from './define-attribute';
export { coreUserSchema, coreGroupSchema, enterpriseUserSchema } from './rfc7643-catalog';
export { commonAttributes, isCommonAttribute, schemasAttribute } from './common-attributes';
export { selectAttributes, findByName } from './select-attributes';
export {
  findExtension,
  findSchema,
  resolveAttributePath,
  schemaParts,
  schemaPrefixOf,
  type ResolvedPath,
  type ResourceSchemas,
  type SchemaSource,
} from './resolve-attribute-path';
export { schemaProblems, assertValidResourceTypes } from './validate-schema-definition';
