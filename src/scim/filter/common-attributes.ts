import type { AttributeDefinition } from '../schema/attribute-definition';

/** Defaults shared by the common attributes below; each entry overrides what differs. */
const base = { multiValued: false, required: false, caseExact: true, mutability: 'readOnly', returned: 'default', uniqueness: 'none' } as const;

/**
 * The attributes every resource carries (RFC 7643 §3.1: `id`, `externalId`, `meta`) and the
 * `schemas` attribute (§3). `/Schemas` usually omits them, yet clients filter on `id`,
 * `externalId` and `meta.lastModified`, so resolution falls back to these definitions when the
 * core schema does not define the attribute itself (a definition in the schema wins).
 */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = [
  { ...base, name: 'id', type: 'string', description: 'Unique identifier assigned by the service provider (RFC 7643 §3.1).', returned: 'always', uniqueness: 'server' },
  { ...base, name: 'externalId', type: 'string', description: 'Identifier assigned by the provisioning client (RFC 7643 §3.1).', mutability: 'readWrite' },
  {
    ...base,
    name: 'schemas',
    type: 'reference',
    multiValued: true,
    // Schema URNs are matched case-insensitively elsewhere (RFC 7644 §3.10), so filters do too.
    caseExact: false,
    description: 'The schema URNs the resource is made of (RFC 7643 §3).',
    returned: 'always',
    referenceTypes: ['uri'],
  },
  {
    ...base,
    name: 'meta',
    type: 'complex',
    description: 'Resource metadata (RFC 7643 §3.1).',
    subAttributes: [
      { ...base, name: 'resourceType', type: 'string', description: 'The resource type name.' },
      { ...base, name: 'created', type: 'dateTime', description: 'When the resource was added to the service provider.' },
      { ...base, name: 'lastModified', type: 'dateTime', description: 'When the resource was last updated.' },
      { ...base, name: 'location', type: 'reference', description: 'The URI of the resource.', referenceTypes: ['uri'] },
      { ...base, name: 'version', type: 'string', description: 'The version (ETag) of the resource.' },
    ],
  },
];
