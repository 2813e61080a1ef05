import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { URN } from '../scim-urns';
import { discoveryMeta, type DiscoveryMeta } from './discovery-meta';

/** One attribute as RFC 7643 §7 represents it in `/Schemas`: every characteristic of its definition. */
export type AttributeRepresentation = Omit<AttributeDefinition, 'subAttributes'> & { subAttributes?: AttributeRepresentation[] };

/** A schema resource as RFC 7643 §7 represents it. */
export interface SchemaRepresentation {
  schemas: [typeof URN.schema];
  id: string;
  name: string;
  description: string;
  attributes: AttributeRepresentation[];
  meta: DiscoveryMeta;
}

/**
 * Renders one attribute with every characteristic of RFC 7643 §7, always (clients such as
 * SailPoint's Discover Schema do not apply the §2.2 defaults themselves). `canonicalValues` and
 * `referenceTypes` appear when defined, `subAttributes` for complex attributes only. Copies the
 * arrays, so no caller can alter a definition through a served document.
 */
export function renderAttribute(definition: AttributeDefinition): AttributeRepresentation {
  return {
    name: definition.name,
    type: definition.type,
    multiValued: definition.multiValued,
    description: definition.description,
    required: definition.required,
    caseExact: definition.caseExact,
    ...(definition.canonicalValues ? { canonicalValues: [...definition.canonicalValues] } : {}),
    ...(definition.referenceTypes ? { referenceTypes: [...definition.referenceTypes] } : {}),
    mutability: definition.mutability,
    returned: definition.returned,
    uniqueness: definition.uniqueness,
    ...(definition.type === 'complex' && definition.subAttributes ? { subAttributes: definition.subAttributes.map(renderAttribute) } : {}),
  };
}

/** RFC 7643 §7: the `/Schemas/{id}` resource, `meta.location` being `<base>/Schemas/<urn>`. */
export function renderSchema(schema: SchemaDefinition, baseUrl: string): SchemaRepresentation {
  return {
    schemas: [URN.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(renderAttribute),
    meta: discoveryMeta('Schema', baseUrl, `/Schemas/${schema.id}`),
  };
}
