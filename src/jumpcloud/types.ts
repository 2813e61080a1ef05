// JumpCloud wire shapes the bridge relies on, with JumpCloud's own names verbatim. Each type has a
// JSON Schema twin in schemas/jumpcloud/ (the schema is the source of truth for request bodies).

/** A 24-hex MongoDB ObjectId, as JumpCloud uses for every id. */
export type ObjectId = string;

/** User state. PUT may set only ACTIVATED or SUSPENDED; STAGED comes from the org default or a create. */
export type UserState = 'STAGED' | 'ACTIVATED' | 'SUSPENDED';

/** A postal address on a user (`addresses[]`). Replaced whole on PUT. */
export interface UserAddress {
  id?: string;
  type?: string;
  poBox?: string;
  extendedAddress?: string;
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

/** A phone number on a user (`phoneNumbers[]`). Replaced whole on PUT. */
export interface UserPhoneNumber {
  id?: string;
  type?: string;
  number?: string;
}

/** A custom attribute (`attributes[]`): names are letters and digits, fewer than 32 characters. */
export interface UserAttribute {
  name: string;
  value: string;
}

/** A field owned by an external source (`restrictedFields[]`). */
export interface RestrictedField {
  id?: string;
  field: string;
  type: 'active_directory' | 'federated_identity_provider' | 'scim' | string;
}

/** The fields the bridge reads and writes on a v1 system user. */
interface SystemUserFields {
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string;
  displayname: string;
  alternateEmail: string;
  jobTitle: string;
  department: string;
  costCenter: string;
  company: string;
  employeeType: string;
  location: string;
  description: string;
  /** Another user's id, or "" when unset. */
  manager: string;
  addresses: UserAddress[];
  phoneNumbers: UserPhoneNumber[];
  attributes: UserAttribute[];
  suspended: boolean;
  account_locked: boolean;
  password_never_expires: boolean;
  external_dn: string;
  external_source_type: string;
  restrictedFields: RestrictedField[];
}

/**
 * A v1 system user as JumpCloud returns it. Every field but `_id` may be missing when the call used
 * a `fields` projection; unset strings come back as "" and arrays as [].
 */
export interface SystemUser extends Partial<SystemUserFields> {
  _id: ObjectId;
  id?: ObjectId;
  /** Real-world null when unset, though the spec says string. */
  employeeIdentifier?: string | null;
  state?: UserState;
  /** false = password pending (created without a password, activation mail sent). */
  activated?: boolean;
  /** ISO-8601 with milliseconds. */
  created?: string;
  /** JumpCloud returns many more fields; they are kept but not typed. */
  [extra: string]: unknown;
}

/** Body of `POST /systemusers`: `username` and `email` required. */
export interface SystemUserCreate extends Partial<SystemUserFields> {
  username: string;
  email: string;
  employeeIdentifier?: string;
  state?: UserState;
  /** Write only: JumpCloud never returns it. Without it the user is "password pending". */
  password?: string;
}

/** Body of `PUT /systemusers/{id}`: partial for scalars, arrays replaced whole. */
export interface SystemUserPut extends Partial<SystemUserFields> {
  employeeIdentifier?: string;
  state?: 'ACTIVATED' | 'SUSPENDED';
  password?: string;
}

/** The v1 list envelope (`GET /systemusers`, `POST /search/systemusers`). */
export interface V1List<T> {
  /** All matches, not just this page. */
  totalCount: number;
  results: T[];
}

/** One exact-match term of a search filter: `{field: value}`. */
export type SearchTerm = Record<string, string | number | boolean | null>;

/** Body of `POST /search/systemusers`. Values travel as JSON: nothing to escape. */
export interface SystemUserSearch {
  filter?: { and: SearchTerm[] } | { or: SearchTerm[] };
  searchFilter?: { searchTerm: string | string[]; fields?: string[] };
  /** Space separated field names. */
  fields?: string;
}

/** Body of `POST /systemusers/{id}/state/activate`: send the activation mail (true), not (false), or to an address. */
export interface SystemUserActivate {
  email: boolean | string;
}

/** Group membership method; DYNAMIC_* groups recompute their members. */
export type MembershipMethod = 'NOTSET' | 'STATIC' | 'DYNAMIC_REVIEW_REQUIRED' | 'DYNAMIC_AUTOMATED';

/** A v2 user group as returned. */
export interface UserGroup {
  id: ObjectId;
  name?: string;
  type?: 'user_group';
  description?: string;
  email?: string;
  /** Real-world null on groups without attributes. */
  attributes?: Record<string, unknown> | null;
  membershipMethod?: MembershipMethod;
  [extra: string]: unknown;
}

/** Body of `POST /v2/usergroups` and `PUT /v2/usergroups/{id}` (PUT replaces the whole group). */
export interface UserGroupBody {
  name: string;
  description?: string;
  email?: string;
  attributes?: Record<string, unknown>;
  membershipMethod?: MembershipMethod;
}

/** Body of `POST /v2/usergroups/{id}/members`. */
export interface MemberOperation {
  op: 'add' | 'remove';
  type: 'user';
  id: ObjectId;
}

/** One end of a graph edge. */
export interface GraphObject {
  id: string;
  type: string;
  attributes?: Record<string, unknown> | null;
  [extra: string]: unknown;
}

/** A graph edge, e.g. one item of `GET /v2/usergroups/{id}/members`. */
export interface GraphConnection {
  /** Real-world null on member lists. */
  attributes?: Record<string, unknown> | null;
  from?: GraphObject;
  to: GraphObject;
  [extra: string]: unknown;
}

/** An item of `/membership` (effective members) and `/memberof` (a user's groups). */
export interface GraphObjectWithPaths {
  id: string;
  type: string;
  compiledAttributes?: Record<string, unknown> | null;
  paths: GraphConnection[][];
  [extra: string]: unknown;
}

/** Body of Directory Insights `POST /events`. */
export interface EventQuery {
  service: ('directory' | 'all')[];
  /** RFC 3339. */
  start_time: string;
  end_time?: string;
  /** Default 1000, max 10000. */
  limit?: number;
  sort?: 'ASC' | 'DESC';
  search_term?: { and: Record<string, unknown> } | { or: Record<string, unknown> } | { not: Record<string, unknown> };
  /** Copied verbatim from the previous answer's X-Search_after header. */
  search_after?: (string | number)[];
}

/**
 * One end of an `association_change` connection. Real events name the object `object_id` and
 * carry its `name`; JumpCloud's documentation writes `id` (NOTES.md "Observed in real events").
 */
export interface DirectoryEventAssociationEnd {
  /** `user`, `user_group`, `system`, ... */
  type?: string;
  object_id?: string;
  id?: string;
  name?: string;
  [extra: string]: unknown;
}

/** A Directory Insights event (the fields the change feed reads). */
export interface DirectoryEvent {
  id?: string;
  event_type: string;
  service?: string;
  timestamp: string;
  /** `session` = a person in the console; an API key shows as `api key` (real events) or `api-key` (docs). */
  auth_method?: string;
  /** Who made the change; for an API-key write, the admin who owns the key (`source` `scim` on some). */
  initiated_by?: { type?: string; id?: string; email?: string; source?: string; [extra: string]: unknown };
  /** Absent on real `association_change` events: their objects are the connection's ends. */
  resource?: { type?: string; id?: string; username?: string; name?: string; [extra: string]: unknown };
  changes?: { field: string; from?: unknown; to?: unknown }[];
  /** On `association_change`: the edge added or removed, either end of any type. */
  association?: {
    op?: string;
    action_source?: string;
    connection?: { from?: DirectoryEventAssociationEnd; to?: DirectoryEventAssociationEnd };
    attributes?: unknown;
    [extra: string]: unknown;
  };
  [extra: string]: unknown;
}

/** A page of a v2 list: the bare array plus the `x-total-count` header. */
export interface V2Page<T> {
  items: T[];
  /** From `x-total-count`; undefined if JumpCloud did not send it. */
  totalCount: number | undefined;
}

/** A page of Directory Insights events with its paging headers. */
export interface EventPage {
  events: DirectoryEvent[];
  /** X-Result-Count. */
  resultCount: number | undefined;
  /** X-Limit. */
  limit: number | undefined;
  /** X-Search_after, parsed; pass it back as `search_after` for the next page. */
  searchAfter: (string | number)[] | undefined;
}
