/** A SCIM attribute as `/Schemas` describes it (RFC 7643 §7), enough to send it the wrong type. */
export interface SchemaAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  subAttributes?: SchemaAttribute[];
}

/** What the generators need to know about the target: where it is, who may call it, what exists. */
export interface FuzzContext {
  /** SCIM base path, e.g. `/scim/v2`. */
  base: string;
  bearerToken: string;
  basic: { username: string; password: string };
  adminToken: string;
  /** Ids of users and groups that exist in the emulator when the run starts. */
  userIds: string[];
  groupIds: string[];
  /** Attributes per resource type, from the bridge's own `/Schemas` (core and extensions). */
  attributes: { User: { schema: string; attribute: SchemaAttribute }[]; Group: { schema: string; attribute: SchemaAttribute }[] };
}

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
