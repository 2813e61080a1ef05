/**
 * Attribute characteristics of RFC 7643 §2.2 and §7, as `/Schemas` publishes them. The protocol
 * code (filter, PATCH, projection, validation) is driven by these definitions; it never hard-codes
 * an attribute. The mapping layer decides WHICH attributes the bridge serves and hands the
 * resulting definitions to scim/ (scim/ never imports mapping/).
 */

/** RFC 7643 §2.3 data types. */
export type AttributeType = 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'binary' | 'reference' | 'complex';

/** RFC 7643 §7 `mutability`. */
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

/** RFC 7643 §7 `returned`. */
export type Returned = 'always' | 'never' | 'default' | 'request';

/** RFC 7643 §7 `uniqueness`. */
export type Uniqueness = 'none' | 'server' | 'global';

/** One attribute (or sub-attribute) definition, with every characteristic of RFC 7643 §7. */
export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  /** Strings only: whether comparisons (filter, uniqueness) are case-sensitive. */
  caseExact: boolean;
  mutability: Mutability;
  returned: Returned;
  uniqueness: Uniqueness;
  canonicalValues?: string[];
  /** `reference` type only, e.g. ['User', 'Group'] or ['external']. */
  referenceTypes?: string[];
  /** `complex` type only. */
  subAttributes?: AttributeDefinition[];
}

/** A schema as `/Schemas/{id}` serves it (RFC 7643 §7), minus `meta` which discovery adds. */
export interface SchemaDefinition {
  /** The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`. */
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

/** A resource type (RFC 7643 §6) with the schema definitions it is made of. */
export interface ResourceTypeDefinition {
  /** `User` or `Group`. */
  id: string;
  name: string;
  /** Endpoint relative to the SCIM base, e.g. `/Users`. */
  endpoint: string;
  description: string;
  /** The core schema. */
  schema: SchemaDefinition;
  /** Extensions with whether each is required on the resource. */
  extensions: { schema: SchemaDefinition; required: boolean }[];
}
