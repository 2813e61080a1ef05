import { commonAttributes, coreGroupSchema, selectAttributes, type ResourceTypeDefinition, type SchemaDefinition } from '../scim/schema';

/** The served Group schema and resource type. */
export interface GroupSchemas {
  core: SchemaDefinition;
  resourceType: ResourceTypeDefinition;
}

/**
 * Builds the served Group schema by SELECTING from the RFC 7643 catalog (characteristics are never
 * re-typed): `displayName` and `members` (`value`, `$ref`, `display`, `type`). Two characteristics
 * follow JumpCloud: `displayName` is required (a v2 group cannot exist without a `name`), and the
 * common attributes `id`, `externalId`, `meta` are listed as RFC 7643 §3.1 allows, so SailPoint's
 * schema discovery can offer them.
 */
export function buildGroupSchemas(): GroupSchemas {
  const selected = selectAttributes(coreGroupSchema(), ['displayName', 'members.value', 'members.$ref', 'members.display', 'members.type']);
  const common = commonAttributes();
  const core: SchemaDefinition = {
    ...selected,
    attributes: [
      ...common.filter((a) => a.name !== 'meta'),
      ...selected.attributes.map((attribute) => (attribute.name === 'displayName' ? { ...attribute, required: true } : attribute)),
      ...common.filter((a) => a.name === 'meta'),
    ],
  };
  const resourceType: ResourceTypeDefinition = {
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'Group (a JumpCloud v2 user group; members are its direct user members)',
    schema: core,
    extensions: [],
  };
  return { core, resourceType };
}
