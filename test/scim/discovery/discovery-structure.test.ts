import { createDiscovery } from '../../../src/scim/discovery/discovery-documents';
import type { ResourceTypeDefinition } from '../../../src/scim/schema/attribute-definition';
import { coreGroupSchema } from '../../../src/scim/schema/rfc7643-catalog';
import { userResourceType } from '../support/user-resource-type';

/**
 * Structural check of everything discovery serves: each attribute carries every RFC 7643 §7
 * characteristic, and no document carries an attribute its RFC 7643 section does not define.
 */
const CHARACTERISTICS = ['name', 'type', 'multiValued', 'description', 'required', 'caseExact', 'mutability', 'returned', 'uniqueness'];
const OPTIONAL = ['canonicalValues', 'referenceTypes', 'subAttributes'];

const resourceTypes: ResourceTypeDefinition[] = [
  userResourceType(),
  { id: 'Group', name: 'Group', endpoint: '/Groups', description: 'Group', schema: coreGroupSchema(), extensions: [] },
];

const discovery = createDiscovery({
  resourceTypes,
  serviceProvider: {
    patch: true,
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 100 },
    changePassword: false,
    sort: true,
    etag: true,
    authenticationSchemes: ['oauthbearertoken'],
  },
});
const BASE = 'https://b.example/scim/v2';

function checkAttribute(attribute: Record<string, unknown>, where: string, nested: boolean): string[] {
  const problems: string[] = [];
  const at = `${where}.${String(attribute.name)}`;
  for (const key of CHARACTERISTICS) if (!(key in attribute)) problems.push(`${at} lacks ${key}`);
  for (const key of Object.keys(attribute)) if (!CHARACTERISTICS.includes(key) && !OPTIONAL.includes(key)) problems.push(`${at} has stray ${key}`);
  for (const key of ['multiValued', 'required', 'caseExact']) if (typeof attribute[key] !== 'boolean') problems.push(`${at}.${key} is not boolean`);
  if (!['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex'].includes(String(attribute.type))) problems.push(`${at} type`);
  if (!['readOnly', 'readWrite', 'immutable', 'writeOnly'].includes(String(attribute.mutability))) problems.push(`${at} mutability`);
  if (!['always', 'never', 'default', 'request'].includes(String(attribute.returned))) problems.push(`${at} returned`);
  if (!['none', 'server', 'global'].includes(String(attribute.uniqueness))) problems.push(`${at} uniqueness`);
  if ((attribute.type === 'reference') !== Array.isArray(attribute.referenceTypes)) problems.push(`${at} referenceTypes iff reference`);
  if ((attribute.type === 'complex') !== Array.isArray(attribute.subAttributes)) problems.push(`${at} subAttributes iff complex`);
  if (nested && attribute.type === 'complex') problems.push(`${at} nested complex`);
  if ('canonicalValues' in attribute && !Array.isArray(attribute.canonicalValues)) problems.push(`${at} canonicalValues`);
  for (const sub of (attribute.subAttributes as Record<string, unknown>[] | undefined) ?? []) problems.push(...checkAttribute(sub, at, true));
  return problems;
}

const keysOf = (value: object) => Object.keys(value).sort();

describe('discovery documents are strictly valid (RFC 7643 §5-7)', () => {
  const schemas = discovery.schemas(BASE).Resources;

  it('serves every schema of every resource type', () => {
    expect(schemas.map((schema) => schema.id).sort()).toEqual(
      [...new Set(resourceTypes.flatMap((rt) => [rt.schema.id, ...rt.extensions.map((e) => e.schema.id)]))].sort(),
    );
  });

  it.each(schemas.map((schema) => [schema.id, schema] as const))('%s: every attribute carries every §7 characteristic, nothing else', (_id, schema) => {
    expect(keysOf(schema)).toEqual(['attributes', 'description', 'id', 'meta', 'name', 'schemas']);
    expect(keysOf(schema.meta)).toEqual(['location', 'resourceType']);
    expect(schema.attributes.length).toBeGreaterThan(0);
    const problems = schema.attributes.flatMap((attribute) => checkAttribute(attribute as unknown as Record<string, unknown>, schema.id, false));
    expect(problems).toEqual([]);
  });

  it('the check itself catches a missing characteristic and a stray key', () => {
    expect(checkAttribute({ name: 'x', type: 'string', multiValued: false, description: '', required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', extra: 1 }, 's', false)).toEqual([
      's.x lacks caseExact',
      's.x has stray extra',
      's.x.caseExact is not boolean',
    ]);
  });

  it('resource types and the service provider config carry only RFC attributes', () => {
    for (const resourceType of discovery.resourceTypes(BASE).Resources) {
      for (const key of Object.keys(resourceType)) expect(['schemas', 'id', 'name', 'description', 'endpoint', 'schema', 'schemaExtensions', 'meta']).toContain(key);
      for (const extension of resourceType.schemaExtensions ?? []) expect(keysOf(extension)).toEqual(['required', 'schema']);
    }
    const config = discovery.serviceProviderConfig(BASE);
    for (const key of Object.keys(config)) {
      expect(['schemas', 'documentationUri', 'patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag', 'authenticationSchemes', 'meta']).toContain(key);
    }
    for (const scheme of config.authenticationSchemes) {
      for (const key of Object.keys(scheme)) expect(['type', 'name', 'description', 'specUri', 'documentationUri', 'primary']).toContain(key);
    }
  });

  it('every document is plain JSON', () => {
    for (const document of [discovery.serviceProviderConfig(BASE), discovery.resourceTypes(BASE), discovery.schemas(BASE)]) {
      expect(JSON.parse(JSON.stringify(document))).toEqual(document);
    }
  });
});
