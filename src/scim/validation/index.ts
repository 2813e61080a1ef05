/** Validation of inbound SCIM resource bodies against schema definitions (RFC 7643 §2, §7). */
export { createResourceValidator, type ResourceValidator } from './resource-validator';
export { normalizeResource } from './normalize-resource';
export { resourceJsonSchema, schemaDefinitionJsonSchema, type JsonSchema } from './resource-json-schema';
