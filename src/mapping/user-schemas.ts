import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from '../scim/schema/attribute-definition';
import { commonAttributes } from '../scim/schema/common-attributes';
import { defineAttribute } from '../scim/schema/define-attribute';
import { coreUserSchema, enterpriseUserSchema } from '../scim/schema/rfc7643-catalog';
import { selectAttributes } from '../scim/schema/select-attributes';
import { URN } from '../scim/scim-urns';
import type { ResolvedMapping } from './mapping-document';
import { JUMPCLOUD_USER_EXTENSION_URN } from './mapping-urns';
import { assertNoPasswordPendingClash, passwordPendingAttribute } from './password-pending';
import { writableGroupsAttribute } from './user-groups';

/** The schemas the bridge serves for Users, in `/Schemas` order. */
export interface UserSchemas {
  core: SchemaDefinition;
  enterprise: SchemaDefinition;
  custom: SchemaDefinition;
  resourceType: ResourceTypeDefinition;
}

/**
 * Builds the served User schemas by SELECTING from the RFC 7643 catalog what the mapping maps
 * (so characteristics are never re-typed), then adjusting the few characteristics JumpCloud
 * imposes: `emails` is required (JumpCloud requires an e-mail on every user), and only the
 * sub-attributes the bridge stores are kept. `id`, `externalId` (when mapped) and `meta` are
 * listed in the core schema as RFC 7643 §3.1 allows ("some existing schema definitions MAY list
 * common attributes"), because SailPoint's schema discovery only offers what `/Schemas` lists.
 */
export function buildUserSchemas(mapping: ResolvedMapping): UserSchemas {
  const coreNames: string[] = [];
  const enterpriseNames: string[] = [];
  const has = (kind: Parameters<typeof mapping.special.has>[0]) => mapping.special.has(kind);
  if (has('userName')) coreNames.push('userName');
  if (has('active')) coreNames.push('active');
  if (has('password')) coreNames.push('password');
  coreNames.push('emails.value', 'emails.type', 'emails.primary');
  if (has('phoneNumbers')) coreNames.push('phoneNumbers.value', 'phoneNumbers.type');
  if (has('addresses')) coreNames.push(...['streetAddress', 'locality', 'region', 'postalCode', 'country', 'type'].map((sub) => `addresses.${sub}`));
  // Group memberships (JumpCloud v2 user groups), writable as a documented extension: user-groups.ts.
  coreNames.push('groups');
  // No `$ref`: the mapping layer does not know the bridge's base URL, and it is never rendered.
  if (has('manager')) enterpriseNames.push('manager.value', 'manager.displayName');
  let externalId = false;
  for (const scalar of mapping.scalars) {
    if (scalar.attribute === 'externalId') {
      externalId = true;
      continue;
    }
    const name = scalar.subAttribute ? `${scalar.attribute}.${scalar.subAttribute}` : scalar.attribute;
    (scalar.schema === URN.enterpriseUser ? enterpriseNames : coreNames).push(name);
  }
  const selected = selectAttributes(coreUserSchema(), coreNames);
  const common = commonAttributes().filter((attribute) => attribute.name !== 'externalId' || externalId);
  const core: SchemaDefinition = {
    ...selected,
    attributes: [...common.filter((a) => a.name !== 'meta'), ...selected.attributes.map(requireEmails).map(servedGroups), ...common.filter((a) => a.name === 'meta')],
  };
  const enterprise = selectAttributes(enterpriseUserSchema(), enterpriseNames);
  assertNoPasswordPendingClash(mapping.custom);
  const custom: SchemaDefinition = {
    id: JUMPCLOUD_USER_EXTENSION_URN,
    name: 'JumpCloudUser',
    description: 'JumpCloud custom attributes of the user (attributes[]), as declared in the bridge mapping, and the read-only passwordPending state.',
    attributes: [
      ...mapping.custom.map((entry) => defineAttribute(entry.name, entry.type, entry.description, { caseExact: entry.caseExact, required: entry.required })),
      // Read-only state of the JumpCloud account, served beside the custom attributes (password-pending.ts).
      passwordPendingAttribute(),
    ],
  };
  const resourceType: ResourceTypeDefinition = {
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'User Account (a JumpCloud system user)',
    schema: core,
    extensions: [
      { schema: enterprise, required: false },
      { schema: custom, required: mapping.custom.some((entry) => entry.required) },
    ],
  };
  return { core, enterprise, custom, resourceType };
}

function servedGroups(attribute: AttributeDefinition): AttributeDefinition {
  return attribute.name === 'groups' ? writableGroupsAttribute(attribute) : attribute;
}

function requireEmails(attribute: AttributeDefinition): AttributeDefinition {
  return attribute.name === 'emails' ? { ...attribute, required: true } : attribute;
}
