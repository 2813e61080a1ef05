/**
 * Attribute-path resolution lives in scim/schema (it is schema knowledge, shared with list,
 * validation and mapping); this module keeps the filter's historical import path working.
 */
export {
  resolveAttribute,
  requireAttribute,
  resolveRelativeAttribute,
  schemaNamedByPath,
  type ResolvedAttribute,
  type ResolveFailureReason,
  type ResolveResult,
} from '../schema/resolve-attribute-path';
