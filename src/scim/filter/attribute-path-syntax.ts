import type { AttributePath } from './filter-ast';

/** RFC 7644 ATTRNAME = ALPHA *(nameChar); a leading `$` admits RFC 7643 `$ref`. */
export const ATTRIBUTE_NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
/** A schema URN: `urn:` and colon-separated non-empty parts (`urn:ietf:params:...:2.0:User`). */
const SCHEMA_URN = /^urn:[^:\s]+(?::[^:\s]+)+$/i;

/**
 * Splits one attribute path as written (`[schemaURN:]attribute[.subAttribute]`, RFC 7644
 * §3.4.2.2 attrPath and §3.10) into its parts. The URN is everything before the LAST colon,
 * because URNs contain dots themselves (`...:enterprise:2.0:User:manager.value`).
 * @returns the path, or the detail of what is wrong with it.
 */
export function parseAttributePathWord(text: string): AttributePath | string {
  const colon = text.lastIndexOf(':');
  const schema = colon >= 0 ? text.slice(0, colon) : undefined;
  const rest = colon >= 0 ? text.slice(colon + 1) : text;
  const invalid = `"${text}" is not a valid attribute path (expected [schemaURN:]attribute[.subAttribute], e.g. "name.familyName" or "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")`;
  if (schema !== undefined && !SCHEMA_URN.test(schema)) return `${invalid}.`;
  const parts = rest.split('.');
  const [attribute, subAttribute, ...extra] = parts;
  if (attribute === undefined || !ATTRIBUTE_NAME.test(attribute)) return `${invalid}.`;
  if (extra.length > 0) return `"${text}" goes deeper than attribute.subAttribute; SCIM paths have at most one sub-attribute level.`;
  if (subAttribute !== undefined && !ATTRIBUTE_NAME.test(subAttribute)) return `${invalid}.`;
  const path: AttributePath = { attribute };
  if (schema !== undefined) path.schema = schema;
  if (subAttribute !== undefined) path.subAttribute = subAttribute;
  return path;
}
