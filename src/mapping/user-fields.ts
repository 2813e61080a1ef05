import type { SchemaDefinition } from '../scim/schema/attribute-definition';
import { resolveAttributePath, type ResourceSchemas } from '../scim/schema/resolve-attribute-path';
import { URN } from '../scim/scim-urns';
import type { ResolvedMapping } from './mapping-document';
import { JUMPCLOUD_USER_EXTENSION_URN } from './mapping-urns';
import { PASSWORD_PENDING_ATTRIBUTE, PASSWORD_PENDING_FIELD } from './password-pending';

/** What a SCIM projection asks for (RFC 7644 §3.4.2.5). */
export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/**
 * The JumpCloud `fields` needed to render a projection (RFC 7644 §3.4.2.5), so a page of users
 * costs no more than it shows; undefined when the projection asks for everything. Always kept:
 * `_id` (id), `username` and `attributes` (userName, `returned: always`; the exact userName is
 * kept in a custom attribute) and `created` (meta). Unknown names add nothing: RFC 7644 lets a
 * server ignore them, and the provider decides whether a name is an error.
 */
export function fieldsForProjection(projection: Projection, resource: ResourceSchemas, mapping: ResolvedMapping): string[] | undefined {
  const table = fieldTable(mapping);
  const always = ['_id', 'username', 'attributes', 'created'];
  const asked = projection.attributes?.filter((name) => name.trim() !== '') ?? [];
  if (asked.length > 0) {
    const fields = new Set(always);
    for (const name of asked) for (const field of fieldsOf(name, resource, table)) fields.add(field);
    return [...fields];
  }
  const excluded = projection.excludedAttributes?.filter((name) => name.trim() !== '') ?? [];
  if (excluded.length === 0) return undefined;
  const drop = new Set<string>();
  for (const name of excluded) for (const field of fieldsOf(name, resource, table)) drop.add(field);
  // A field shared with another attribute is kept; only whole attributes are excluded here.
  const keep = new Set(always);
  for (const fields of table.values()) for (const field of fields) if (!drop.has(field)) keep.add(field);
  return [...keep];
}

/** `attribute[.sub]` keys (extension attributes prefixed by their URN) -> JumpCloud fields. */
function fieldTable(mapping: ResolvedMapping): Map<string, string[]> {
  const table = new Map<string, string[]>();
  const add = (key: string, ...fields: string[]) => table.set(key.toLowerCase(), [...(table.get(key.toLowerCase()) ?? []), ...fields]);
  add('id', '_id');
  add('meta', 'created');
  add('userName', 'username', 'attributes');
  add('emails', 'email', ...(mapping.otherEmail ? [mapping.otherEmail] : []));
  if (mapping.special.has('active')) add('active', 'state');
  if (mapping.special.has('phoneNumbers')) add('phoneNumbers', 'phoneNumbers');
  if (mapping.special.has('addresses')) add('addresses', 'addresses');
  if (mapping.special.has('manager')) add(`${URN.enterpriseUser}:manager`, 'manager');
  for (const scalar of mapping.scalars) {
    const prefix = scalar.schema === URN.enterpriseUser ? `${URN.enterpriseUser}:` : '';
    add(`${prefix}${scalar.attribute}`, scalar.field);
  }
  for (const entry of mapping.custom) add(`${JUMPCLOUD_USER_EXTENSION_URN}:${entry.name}`, 'attributes');
  add(`${JUMPCLOUD_USER_EXTENSION_URN}:${PASSWORD_PENDING_ATTRIBUTE}`, PASSWORD_PENDING_FIELD);
  return table;
}

function fieldsOf(name: string, resource: ResourceSchemas, table: Map<string, string[]>): string[] {
  const resolved = resolveAttributePath(name.trim(), resource);
  if (!resolved) return [];
  if (resolved.kind !== 'attribute') return schemaFields(resolved.schema, resource, table);
  const prefix = resolved.extension ? `${resolved.schema.id}:` : '';
  // A sub-attribute needs its whole attribute's fields (e.g. name.givenName -> firstname only
  // would be exact, but the table is per attribute; narrowing further saves little).
  return table.get(`${prefix}${resolved.attribute.name}`.toLowerCase()) ?? [];
}

/** Every field of a whole schema named by its URN (an extension object, or the core schema). */
function schemaFields(schema: SchemaDefinition, resource: ResourceSchemas, table: Map<string, string[]>): string[] {
  const extensions = resource.extensions.map((extension) => `${extension.schema.id}:`.toLowerCase());
  if (schema.id === resource.schema.id) {
    return [...table.entries()].filter(([key]) => !extensions.some((prefix) => key.startsWith(prefix))).flatMap(([, fields]) => fields);
  }
  const prefix = `${schema.id}:`.toLowerCase();
  return [...table.entries()].filter(([key]) => key.startsWith(prefix)).flatMap(([, fields]) => fields);
}
