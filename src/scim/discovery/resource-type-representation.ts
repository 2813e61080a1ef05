import type { ResourceTypeDefinition } from '../schema/attribute-definition';
import { URN } from '../scim-urns';
import { discoveryMeta, type DiscoveryMeta } from './discovery-meta';

/** RFC 7643 §6 ResourceType resource. */
export interface ResourceTypeRepresentation {
  schemas: [typeof URN.resourceType];
  id: string;
  name: string;
  description: string;
  endpoint: string;
  schema: string;
  schemaExtensions?: { schema: string; required: boolean }[];
  meta: DiscoveryMeta;
}

/**
 * Renders `/ResourceTypes/{id}` (RFC 7643 §6). `schemaExtensions` is OPTIONAL in §6 and left out
 * when the resource type has none; `meta.location` is `<base>/ResourceTypes/<id>`.
 */
export function renderResourceType(resourceType: ResourceTypeDefinition, baseUrl: string): ResourceTypeRepresentation {
  return {
    schemas: [URN.resourceType],
    id: resourceType.id,
    name: resourceType.name,
    description: resourceType.description,
    endpoint: resourceType.endpoint,
    schema: resourceType.schema.id,
    ...(resourceType.extensions.length > 0
      ? { schemaExtensions: resourceType.extensions.map((extension) => ({ schema: extension.schema.id, required: extension.required })) }
      : {}),
    meta: discoveryMeta('ResourceType', baseUrl, `/ResourceTypes/${resourceType.id}`),
  };
}
