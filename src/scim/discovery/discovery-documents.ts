import type { ResourceTypeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { assertValidResourceTypes } from '../schema/validate-schema-definition';
import { listResponse, type ListResponse } from '../list/list-response';
import { ScimError } from '../scim-error';
import { renderResourceType, type ResourceTypeRepresentation } from './resource-type-representation';
import { renderSchema, type SchemaRepresentation } from './schema-representation';
import { renderServiceProviderConfig, type ServiceProviderConfigRepresentation, type ServiceProviderOptions } from './service-provider-config';

/** What discovery is built from: the served resource types (from the mapping) and capabilities. */
export interface DiscoveryInput {
  resourceTypes: readonly ResourceTypeDefinition[];
  serviceProvider: ServiceProviderOptions;
}

/**
 * The discovery endpoints of RFC 7644 §4, each rendered for the SCIM base URL the request came
 * in on (`meta.location` is absolute). The list forms are ListResponses holding every document:
 * discovery ignores paging, sorting and filter parameters (RFC 7644 §4), which is why none of
 * these functions takes them.
 */
export interface DiscoveryDocuments {
  serviceProviderConfig(baseUrl: string): ServiceProviderConfigRepresentation;
  resourceTypes(baseUrl: string): ListResponse<ResourceTypeRepresentation>;
  /** @throws ScimError 404 for an id no served resource type has. */
  resourceType(id: string, baseUrl: string): ResourceTypeRepresentation;
  schemas(baseUrl: string): ListResponse<SchemaRepresentation>;
  /** @throws ScimError 404 for a URN no served schema has. */
  schema(urn: string, baseUrl: string): SchemaRepresentation;
}

/**
 * Builds the discovery documents from definitions GIVEN by the composition root (scim/ never
 * reads the mapping). Ids and URNs are looked up exactly first, then in any letter case (URNs
 * are case-insensitive in their `urn:` and namespace parts, RFC 8141).
 *
 * @throws Error at build time when a definition could not be served validly (see
 *   `assertValidResourceTypes`).
 */
export function createDiscovery(input: DiscoveryInput): DiscoveryDocuments {
  assertValidResourceTypes(input.resourceTypes);
  // Render once to fail fast on bad capability numbers rather than on the first request.
  renderServiceProviderConfig(input.serviceProvider, '');
  const resourceTypes = [...input.resourceTypes];
  const schemas = uniqueSchemas(resourceTypes);
  const everything = <T>(items: T[]) => listResponse(items, { totalResults: items.length, startIndex: 1 });
  return {
    serviceProviderConfig: (baseUrl) => renderServiceProviderConfig(input.serviceProvider, baseUrl),
    resourceTypes: (baseUrl) => everything(resourceTypes.map((resourceType) => renderResourceType(resourceType, baseUrl))),
    resourceType: (id, baseUrl) => {
      const found = lookup(resourceTypes, id, (resourceType) => resourceType.id);
      if (!found) throw ScimError.status(404, `Resource type '${id}' is not served here; GET /ResourceTypes lists the ones that are.`);
      return renderResourceType(found, baseUrl);
    },
    schemas: (baseUrl) => everything(schemas.map((schema) => renderSchema(schema, baseUrl))),
    schema: (urn, baseUrl) => {
      const found = lookup(schemas, urn, (schema) => schema.id);
      if (!found) throw ScimError.status(404, `Schema '${urn}' is not served here; GET /Schemas lists the ones that are.`);
      return renderSchema(found, baseUrl);
    },
  };
}

/** Every schema of every resource type, once each, core schemas first, in definition order. */
function uniqueSchemas(resourceTypes: readonly ResourceTypeDefinition[]): SchemaDefinition[] {
  const byId = new Map<string, SchemaDefinition>();
  for (const schema of resourceTypes.map((resourceType) => resourceType.schema)) byId.set(schema.id.toLowerCase(), byId.get(schema.id.toLowerCase()) ?? schema);
  for (const resourceType of resourceTypes) {
    for (const { schema } of resourceType.extensions) byId.set(schema.id.toLowerCase(), byId.get(schema.id.toLowerCase()) ?? schema);
  }
  return [...byId.values()];
}

function lookup<T>(items: readonly T[], key: string, keyOf: (item: T) => string): T | undefined {
  return items.find((item) => keyOf(item) === key) ?? items.find((item) => keyOf(item).toLowerCase() === key.toLowerCase());
}
