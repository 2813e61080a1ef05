/**
 * The common attributes of RFC 7643 §3.1 (`id`, `externalId`, `meta`). They belong to every
 * resource but to no schema: §3.1 says they "are not defined in any particular schema", so
 * `/Schemas` does not list them, yet projection, sorting and filtering must know their
 * characteristics. §3.1's characteristics take precedence over any schema that lists them.
 */
import type { AttributeDefinition } from './attribute-definition';
import { defineAttribute, defineComplex } from './define-attribute';

/** RFC 7643 §3.1 `id`, `externalId`, `meta` with the characteristics §3.1 gives them. */
export function commonAttributes(): AttributeDefinition[] {
  const readOnlyExact = { mutability: 'readOnly', caseExact: true } as const;
  return [
    defineAttribute('id', 'string', 'A unique identifier for a SCIM resource as defined by the service provider.', {
      ...readOnlyExact,
      returned: 'always',
      uniqueness: 'server',
    }),
    defineAttribute('externalId', 'string', 'A String that is an identifier for the resource as defined by the provisioning client.', { caseExact: true }),
    defineComplex('meta', 'A complex attribute containing resource metadata.', [
      defineAttribute('resourceType', 'string', 'The name of the resource type of the resource.', readOnlyExact),
      defineAttribute('created', 'dateTime', 'The "DateTime" that the resource was added to the service provider.', { mutability: 'readOnly' }),
      defineAttribute('lastModified', 'dateTime', 'The most recent DateTime that the details of this resource were updated at the service provider.', { mutability: 'readOnly' }),
      defineAttribute('location', 'reference', 'The URI of the resource being returned.', { mutability: 'readOnly', referenceTypes: ['uri'] }),
      defineAttribute('version', 'string', 'The version of the resource being returned (its weak entity-tag).', readOnlyExact),
    ], { mutability: 'readOnly' }),
  ];
}

/**
 * RFC 7643 §3 `schemas`: every resource carries it, yet no schema defines it. Filters and PATCH
 * paths may name it (`schemas eq "urn:...:enterprise:2.0:User"`), so path resolution knows it;
 * it is not one of the §3.1 common attributes, so `/Schemas` and mappings never list it. Schema
 * URNs match case-insensitively (RFC 7644 §3.10), hence caseExact false.
 */
export function schemasAttribute(): AttributeDefinition {
  return defineAttribute('schemas', 'reference', 'The schema URNs the resource is made of (RFC 7643 §3).', {
    multiValued: true,
    mutability: 'readOnly',
    returned: 'always',
    referenceTypes: ['uri'],
  });
}

const COMMON_NAMES = new Set(['id', 'externalid', 'meta']);

/** Whether `name` (any letter case, RFC 7644 §3.10) is one of the §3.1 common attributes. */
export function isCommonAttribute(name: string): boolean {
  return COMMON_NAMES.has(name.toLowerCase());
}
