import type { AttributeDefinition, AttributeType } from './attribute-definition';

/** The characteristics a definition may override; everything else takes the RFC 7643 §2.2 default. */
export type AttributeOverrides = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

/**
 * Builds an attribute definition with the defaults of RFC 7643 §2.2 ("If not otherwise stated in
 * Section 7, SCIM attributes have the following default characteristics": required false,
 * canonicalValues none, caseExact false, mutability readWrite, returned default, uniqueness none,
 * type string). Writing only what differs keeps the catalog readable and checkable against
 * RFC 7643 §8.7.1, and gives the mapping layer the same defaults for custom attributes.
 */
export function defineAttribute(
  name: string,
  type: AttributeType,
  description: string,
  overrides: AttributeOverrides = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  };
}

/** A complex attribute (RFC 7643 §2.3.8) with its sub-attributes. */
export function defineComplex(
  name: string,
  description: string,
  subAttributes: AttributeDefinition[],
  overrides: AttributeOverrides = {},
): AttributeDefinition {
  return defineAttribute(name, 'complex', description, { ...overrides, subAttributes });
}
