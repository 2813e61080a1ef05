import { createDiscovery, type DiscoveryInput } from '../../../src/scim/discovery/discovery-documents';
import type { ServiceProviderOptions } from '../../../src/scim/discovery/service-provider-config';
import type { ResourceTypeDefinition } from '../../../src/scim/schema/attribute-definition';
import { defineAttribute, defineComplex } from '../../../src/scim/schema/define-attribute';
import { coreGroupSchema } from '../../../src/scim/schema/rfc7643-catalog';
import { CUSTOM_URN, ENTERPRISE_URN, userResourceType } from '../support/user-resource-type';
import { thrownScimError } from '../../support/thrown-scim-error';

const BASE = 'https://bridge.example.com/scim/v2';

const SERVICE_PROVIDER: ServiceProviderOptions = {
  documentationUri: 'https://bridge.example.com/docs',
  patch: true,
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 1048576 },
  filter: { supported: true, maxResults: 200 },
  changePassword: true,
  sort: true,
  etag: true,
  authenticationSchemes: ['oauthbearertoken', 'httpbasic'],
};

const groupResourceType: ResourceTypeDefinition = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: coreGroupSchema(),
  extensions: [],
};

function input(): DiscoveryInput {
  return { resourceTypes: [userResourceType(), groupResourceType], serviceProvider: SERVICE_PROVIDER };
}


describe('/ServiceProviderConfig (RFC 7643 §5)', () => {
  it('renders every capability with its required sub-attributes and meta', () => {
    expect(createDiscovery(input()).serviceProviderConfig(`${BASE}/`)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://bridge.example.com/docs',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 1048576 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: true },
      sort: { supported: true },
      etag: { supported: true },
      authenticationSchemes: [
        { type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'Authentication with a bearer token in the Authorization header (RFC 6750).', specUri: 'https://www.rfc-editor.org/info/rfc6750', primary: true },
        { type: 'httpbasic', name: 'HTTP Basic', description: 'Authentication with a user name and password in the Authorization header (RFC 7617).', specUri: 'https://www.rfc-editor.org/info/rfc7617' },
      ],
      meta: { resourceType: 'ServiceProviderConfig', location: `${BASE}/ServiceProviderConfig` },
    });
  });

  it('lists only the configured schemes and leaves documentationUri out when none is set', () => {
    const { documentationUri: _unused, ...rest } = SERVICE_PROVIDER;
    const document = createDiscovery({ ...input(), serviceProvider: { ...rest, authenticationSchemes: ['httpbasic'] } }).serviceProviderConfig(BASE);
    expect(document).not.toHaveProperty('documentationUri');
    expect(document).not.toHaveProperty('id');
    expect(document.authenticationSchemes).toEqual([expect.objectContaining({ type: 'httpbasic', primary: true })]);
  });

  it('adds RFC 9865 §4 pagination only when given (strict pre-RFC 9865 clients refuse it)', () => {
    const pagination = { cursor: true, index: true, defaultPaginationMethod: 'index' as const, defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 3600 };
    expect(createDiscovery({ ...input(), serviceProvider: { ...SERVICE_PROVIDER, pagination } }).serviceProviderConfig(BASE).pagination).toEqual(pagination);
    expect(createDiscovery(input()).serviceProviderConfig(BASE)).not.toHaveProperty('pagination');
    expect(() => createDiscovery({ ...input(), serviceProvider: { ...SERVICE_PROVIDER, pagination: { ...pagination, cursorTimeout: -1 } } })).toThrow(/pagination.cursorTimeout/);
  });

  it('refuses capability numbers that are not integers at build time', () => {
    expect(() => createDiscovery({ ...input(), serviceProvider: { ...SERVICE_PROVIDER, filter: { supported: true, maxResults: -1 } } })).toThrow(/filter.maxResults/);
  });
});

describe('/ResourceTypes (RFC 7643 §6)', () => {
  it('renders one resource type with its extensions and meta', () => {
    expect(createDiscovery(input()).resourceType('User', BASE)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      description: 'User Account',
      endpoint: '/Users',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
      schemaExtensions: [
        { schema: ENTERPRISE_URN, required: false },
        { schema: CUSTOM_URN, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/User` },
    });
  });

  it('leaves schemaExtensions out for a resource type without extensions', () => {
    expect(createDiscovery(input()).resourceType('Group', BASE)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'Group',
      name: 'Group',
      description: 'Group',
      endpoint: '/Groups',
      schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      meta: { resourceType: 'ResourceType', location: `${BASE}/ResourceTypes/Group` },
    });
  });

  it('lists every resource type in a ListResponse', () => {
    const list = createDiscovery(input()).resourceTypes(BASE);
    expect(list).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, itemsPerPage: 2, startIndex: 1 });
    expect(list.Resources.map((resourceType) => resourceType.id)).toEqual(['User', 'Group']);
  });

  it('finds an id in any letter case', () => {
    expect(createDiscovery(input()).resourceType('user', BASE).id).toBe('User');
  });

  it('answers 404 with a detail for an unknown id', () => {
    const error = thrownScimError(() => createDiscovery(input()).resourceType('Device', BASE));
    expect(error.toJSON()).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '404',
      detail: "Resource type 'Device' is not served here; GET /ResourceTypes lists the ones that are.",
    });
  });
});

describe('/Schemas (RFC 7643 §7)', () => {
  const small: ResourceTypeDefinition = {
    id: 'Thing',
    name: 'Thing',
    endpoint: '/Things',
    description: 'A thing',
    schema: {
      id: 'urn:example:params:scim:schemas:core:2.0:Thing',
      name: 'Thing',
      description: 'A thing',
      attributes: [
        defineAttribute('label', 'string', 'The label.', { required: true, caseExact: true, uniqueness: 'server' }),
        defineComplex('links', 'Links.', [
          defineAttribute('value', 'reference', 'The URI.', { referenceTypes: ['external'] }),
          defineAttribute('kind', 'string', 'The kind.', { canonicalValues: ['a', 'b'], returned: 'request' }),
        ], { multiValued: true }),
      ],
    },
    extensions: [],
  };

  it('renders a schema with every characteristic of every attribute and sub-attribute', () => {
    const discovery = createDiscovery({ resourceTypes: [small], serviceProvider: SERVICE_PROVIDER });
    expect(discovery.schema('urn:example:params:scim:schemas:core:2.0:Thing', BASE)).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
      id: 'urn:example:params:scim:schemas:core:2.0:Thing',
      name: 'Thing',
      description: 'A thing',
      attributes: [
        { name: 'label', type: 'string', multiValued: false, description: 'The label.', required: true, caseExact: true, mutability: 'readWrite', returned: 'default', uniqueness: 'server' },
        {
          name: 'links',
          type: 'complex',
          multiValued: true,
          description: 'Links.',
          required: false,
          caseExact: false,
          mutability: 'readWrite',
          returned: 'default',
          uniqueness: 'none',
          subAttributes: [
            { name: 'value', type: 'reference', multiValued: false, description: 'The URI.', required: false, caseExact: false, referenceTypes: ['external'], mutability: 'readWrite', returned: 'default', uniqueness: 'none' },
            { name: 'kind', type: 'string', multiValued: false, description: 'The kind.', required: false, caseExact: false, canonicalValues: ['a', 'b'], mutability: 'readWrite', returned: 'request', uniqueness: 'none' },
          ],
        },
      ],
      meta: { resourceType: 'Schema', location: `${BASE}/Schemas/urn:example:params:scim:schemas:core:2.0:Thing` },
    });
  });

  it('lists every schema once, core schemas first, in a ListResponse', () => {
    const withSharedExtension: ResourceTypeDefinition = { ...groupResourceType, extensions: [userResourceType().extensions[0]!] };
    const list = createDiscovery({ resourceTypes: [userResourceType(), withSharedExtension], serviceProvider: SERVICE_PROVIDER }).schemas(BASE);
    expect(list.Resources.map((schema) => schema.id)).toEqual([
      'urn:ietf:params:scim:schemas:core:2.0:User',
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      ENTERPRISE_URN,
      CUSTOM_URN,
    ]);
    expect(list).toMatchObject({ totalResults: 4, itemsPerPage: 4, startIndex: 1 });
    for (const schema of list.Resources) expect(schema.meta).toEqual({ resourceType: 'Schema', location: `${BASE}/Schemas/${schema.id}` });
  });

  it('finds a URN in any letter case', () => {
    expect(createDiscovery(input()).schema(ENTERPRISE_URN.toUpperCase(), BASE).id).toBe(ENTERPRISE_URN);
  });

  it('answers 404 with a detail for an unknown URN', () => {
    const error = thrownScimError(() => createDiscovery(input()).schema('urn:example:nothing', BASE));
    expect(error.status).toBe(404);
    expect(error.message).toBe("Schema 'urn:example:nothing' is not served here; GET /Schemas lists the ones that are.");
  });

  it('refuses at build time a definition it could not serve validly', () => {
    const broken: ResourceTypeDefinition = { ...small, schema: { ...small.schema, attributes: [defineAttribute('r', 'reference', 'no types')] } };
    expect(() => createDiscovery({ resourceTypes: [broken], serviceProvider: SERVICE_PROVIDER })).toThrow(/a reference needs referenceTypes/);
  });

  it('serves copies: altering a document does not alter the next one', () => {
    const discovery = createDiscovery(input());
    const first = discovery.schema(ENTERPRISE_URN, BASE);
    first.attributes[5]!.subAttributes![1]!.referenceTypes!.push('Group');
    first.attributes.pop();
    expect(discovery.schema(ENTERPRISE_URN, BASE).attributes).toHaveLength(6);
    expect(discovery.schema(ENTERPRISE_URN, BASE).attributes[5]!.subAttributes![1]!.referenceTypes).toEqual(['User']);
  });
});
