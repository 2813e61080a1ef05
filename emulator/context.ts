/**
 * The seams between the emulator's parts. Every part gets one `EmulatorContext`; the app wires
 * them (emulator/app.ts). Users (v1) and groups/insights/control (v2, DI, /__emulator) are built
 * against these interfaces so each can change without touching the other.
 */

/** Who made a change, as Directory Insights reports it. */
export interface Actor {
  /**
   * DI `auth_method`: `api key` (observed in real events) or `api-key` (JumpCloud's docs) for
   * calls with an API key (see `EmulatorOptions.apiKeyAuthMethod`), `session` for a person.
   */
  authMethod: 'api key' | 'api-key' | 'session';
  /** DI `initiated_by`; `source` (e.g. `scim`) appears on some real API-key events. */
  initiatedBy: { type: 'api' | 'admin' | 'user'; id: string; email: string; source?: string };
  /** DI `client_ip`: the caller's address, when the change came over HTTP. */
  clientIp?: string;
  /** DI `useragent` (parsed from this raw `User-Agent`), when the change came over HTTP. */
  userAgent?: string;
}

/** One change to a field, as DI `changes[]` reports it. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** The event types of a change to one object (a user or a group). */
export type ObjectEventType =
  | 'user_create'
  | 'user_update'
  | 'user_delete'
  | 'user_suspended'
  | 'user_unsuspended'
  | 'user_activated'
  | 'user_password_set'
  | 'group_create'
  | 'group_update'
  | 'group_delete';

/** A change to one user or group: DI reports it with `resource` and, for writes, `changes[]`. */
export interface ObjectMutation {
  eventType: ObjectEventType;
  resource: { type: 'user' | 'user_group'; id: string; username?: string; name?: string };
  changes?: FieldChange[];
  actor: Actor;
}

/** One end of an association (graph edge), with what a reader needs to name it without a lookup. */
export interface AssociationEnd {
  type: 'user' | 'user_group';
  id: string;
  /** The group's name, or the user's username, when the edge changed. */
  name: string;
}

/**
 * A membership (graph edge) added or removed. It has no resource of its own: the insights log
 * renders it per `EmulatorOptions.associationEvent` (real events: no `resource`, the ends in
 * `association.connection`; NOTES.md "Observed in real events").
 */
export interface AssociationMutation {
  eventType: 'association_change';
  association: { op: 'add' | 'remove'; from: AssociationEnd; to: AssociationEnd };
  actor: Actor;
}

/** A state change inside the emulator; the insights log turns each into a DI event. */
export type Mutation = ObjectMutation | AssociationMutation;

/** Synchronous publish/subscribe of mutations (the users store publishes, groups and insights listen). */
export interface MutationBus {
  publish(mutation: Mutation): void;
  subscribe(listener: (mutation: Mutation) => void): () => void;
}

/** Switches for behaviour NOTES.md marks "unconfirmed", plus the emulator's identity. */
export interface EmulatorOptions {
  /** The only API key accepted (header `x-api-key`). */
  apiKey: string;
  /** When non-empty, multi-tenant mode: `x-org-id` required (missing 401, malformed 400, unknown 404). */
  orgIds: string[];
  /** The org default state a new user takes when the create body names none. */
  defaultUserState: 'ACTIVATED' | 'STAGED';
  /** A missing API key answers 401 (default) or 302 to a login page (seen, unconfirmed). */
  missingKeyAnswer: 'unauthorized' | 'redirect';
  /** Adding a member already present: 409 `Already Exists` (default) or 204 (both unconfirmed). */
  duplicateMemberAdd: 'conflict' | 'no-content';
  /** Creating a group whose name exists: 409 `Already Exists` (default) or allowed. */
  duplicateGroupName: 'conflict' | 'allow';
  /** Removing a user that is not a direct member: 404 `Not Found` (default) or 204 (unconfirmed either way). */
  nonMemberRemove: 'not-found' | 'no-content';
  /** When false, Directory Insights answers 403 as for a key without DI access. */
  directoryInsightsEnabled: boolean;
  /** Longest username accepted (JumpCloud: 30 for Mac/Linux accounts). */
  usernameMaxLength: number;
  /** The admin an API key belongs to: DI `initiated_by.id` of API-key calls. */
  adminId: string;
  /** The admin's e-mail: DI `initiated_by.email` of API-key calls. */
  adminEmail: string;
  /**
   * DI `auth_method` of API-key writes: `api key` (default: every real sample, NOTES.md "Observed
   * in real events") or `api-key` (JumpCloud's documentation table).
   */
  apiKeyAuthMethod: 'api key' | 'api-key';
  /** DI `initiated_by.source` of API-key writes: `scim` (two of three real samples) or absent (`none`). */
  apiKeyEventSource: 'scim' | 'none';
  /**
   * Shape of `association_change` events: `observed` (default, real events: no `resource`; ends
   * `association.connection.{from,to}` with `object_id`, `type`, `name`; `op`, `action_source`) or
   * `documented` (the group as `resource {type:"user_group", id, name}`, ends with `id` and `type`).
   */
  associationEvent: 'observed' | 'documented';
  /**
   * Items of `attributes[]`, `addresses[]` and `phoneNumbers[]`: `id-and-_id` (default, real
   * events: both keys with one new ObjectId per item on every write that replaces the array) or
   * `none` (items stored exactly as sent).
   */
  arrayItemIds: 'id-and-_id' | 'none';
  /**
   * `restrictedFields[]` on POST/PUT systemusers: `spec-enum` (default: `field` must be in the V1
   * spec's enum and `type` in its enum, else 400) or `any` (accepted as sent).
   */
  restrictedFieldsCheck: 'spec-enum' | 'any';
  /**
   * `POST /search/systemusers` with `_id` in `filter`: `matches` (default: the 24-hex string
   * matches the ObjectId) or `matches-nothing` (a string never equals an ObjectId; unconfirmed).
   */
  searchByObjectId: 'matches' | 'matches-nothing';
  /**
   * Sort keys no spec names: `sort` on every v2 list, and on v1 `GET /systemusers` every key but
   * `_id`/`-_id`. `honour` (default), `ignore` (default order: ascending `_id`), or `refuse` (400).
   */
  unconfirmedSort: 'honour' | 'ignore' | 'refuse';
  /**
   * Several v2 filters: `any` (default: repeated `filter=` and indexed `filter[0]=` both AND) or
   * `repeated-only` (the indexed v1 form on a v2 route answers 400).
   */
  v2FilterForm: 'any' | 'repeated-only';
  /**
   * The v2 `search` operator: `wildcard` (default: JumpCloud.SDK.V2.json says filter values
   * "support wild cards"; a substring where `*` matches any run and `?` one character),
   * `substring` (a literal substring) or `regex` (the value is a regular expression; an invalid
   * one answers 400). Case is `v2SearchCase`'s.
   */
  v2SearchOperator: 'substring' | 'regex' | 'wildcard';
  /**
   * Case of the v2 `search` operator under every `v2SearchOperator` semantics: `insensitive`
   * (default: today's behaviour, unconfirmed) or `sensitive` (JumpCloud.SDK.V2.json,
   * `trait:filter:filter`, says of filter values: "Is case sensitive.").
   */
  v2SearchCase: 'insensitive' | 'sensitive';
  /** The person who acts "in the console" through the /__emulator/users/console routes (DI auth_method session). */
  consoleAdminId: string;
  consoleAdminEmail: string;
}

/** The v1 user directory, as the rest of the emulator may see it. */
/**
 * A mail JumpCloud sends a user, as the v1 spec documents for `POST /systemusers/{id}/state/activate`
 * and NOTES.md for creates: `activation` (no password yet: a link to set one) or `welcome`.
 */
export interface SentMail {
  userId: string;
  kind: 'activation' | 'welcome';
  to: string;
  at: string;
}

export interface UserDirectory {
  /** The user record as JumpCloud returns it, or undefined. */
  get(id: string): Record<string, unknown> | undefined;
  has(id: string): boolean;
  /** Whether a user has this e-mail (case-insensitive, as uniqueness is). */
  hasEmail(email: string): boolean;
  /** The user's username (cheap: no copy of the record), or undefined. */
  usernameOf(id: string): string | undefined;
  /** Number of users. */
  count(): number;
  /** User ids in ascending `_id` order, a window of them (for "All Users" membership). */
  idsInOrder(skip: number, limit: number): string[];
  /**
   * Creates a user exactly as `POST /api/systemusers` would (same rules, same defaults),
   * publishing the mutation. Throws `EmulatorHttpError` on a rule violation.
   */
  create(body: Record<string, unknown>, actor: Actor): Record<string, unknown>;
  /** The activation and welcome mails sent, oldest first (optionally one user's). */
  mails(userId?: string): SentMail[];
  /** Removes every user (reset). */
  clear(): void;
}

/** The v2 group directory, as the rest of the emulator may see it. */
export interface GroupDirectory {
  get(id: string): Record<string, unknown> | undefined;
  has(id: string): boolean;
  /** Number of groups, "All Users" included. */
  count(): number;
  /** Ids of the groups the user is a direct member of (including "All Users"). */
  groupsOfUser(userId: string): string[];
  /** Creates a group exactly as `POST /api/v2/usergroups` would. Throws `EmulatorHttpError`. */
  create(body: Record<string, unknown>, actor: Actor): Record<string, unknown>;
  /** Adds a direct member exactly as `POST /api/v2/usergroups/{id}/members` op add would. */
  addMember(groupId: string, userId: string, actor: Actor): void;
  /** Removes every group but "All Users" (reset). */
  clear(): void;
}

/**
 * A seed file (`--seed FILE`, `POST /__emulator/seed`): users as `POST /systemusers` bodies,
 * then groups as `POST /v2/usergroups` bodies whose `members` name users by `username` or `_id`.
 */
export interface SeedDocument {
  users?: Record<string, unknown>[];
  groups?: (Record<string, unknown> & { members?: string[] })[];
  /** Synthesises `users` valid users (`<usernamePrefix><n>`, default prefix `user`) after `users`. */
  generate?: { users: number; usernamePrefix?: string };
}

/** An error the emulator answers with a JumpCloud-shaped body; thrown by stores and routes. */
export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/** A received request, kept for test assertions. */
export interface RecordedRequest {
  seq: number;
  time: string;
  method: string;
  /** Path without the query string. */
  path: string;
  /** Parsed query (repeated keys become arrays). */
  query: Record<string, unknown>;
  /** Request headers with `x-api-key` replaced by `[REDACTED]`. */
  headers: Record<string, string>;
  body: unknown;
  /** The status answered (filled when the response finishes). */
  status?: number;
}

export interface RequestLog {
  record(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest;
  list(): RecordedRequest[];
  /** Number of requests kept (without copying them as `list` does). */
  count(): number;
  clear(): void;
}

/** Everything a route handler of the emulator may use. */
export interface EmulatorContext {
  options: EmulatorOptions;
  bus: MutationBus;
  users: UserDirectory;
  groups: GroupDirectory;
  requests: RequestLog;
  /** Current time; tests may replace it. */
  now(): Date;
  /** A new 24-hex ObjectId, increasing with time like MongoDB's. */
  newObjectId(): string;
  /** Empties users, groups (but "All Users"), events and the request log; clears faults. */
  reset(): void;
  /** Loads a seed document; answers how many users and groups it created. */
  seed(doc: SeedDocument): { users: number; groups: number };
}
