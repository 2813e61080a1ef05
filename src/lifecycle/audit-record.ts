/**
 * The audit record and its vocabulary: the ONE place the event types and outcomes are defined.
 *
 * Event types (what happened to whom):
 * | type                 | resource | when                                                              |
 * | -------------------- | -------- | ----------------------------------------------------------------- |
 * | `joiner`             | User     | a user was created                                                |
 * | `rehire`             | User     | an existing user with `active: false` was made `active: true`     |
 * | `mover`              | User     | SCIM attributes of an existing user changed (before/after listed) |
 * | `entitlement_add`    | User     | the user became a direct member of a group (one record per group) |
 * | `entitlement_remove` | User     | the user stopped being a direct member of a group                 |
 * | `suspend`            | User     | leaver: `active` went from true to false                          |
 * | `delete`             | User     | leaver: the user was deleted                                      |
 * | `password_set`       | User     | a password was written (its value never appears anywhere)         |
 * | `group_create`       | Group    | a group was created                                               |
 * | `group_update`       | Group    | a group's attributes changed (displayName, externalId, ...)       |
 * | `group_delete`       | Group    | a group was deleted                                               |
 * | `drift`              | both     | someone else changed an attribute the bridge owns (change feed)   |
 * | `external_delete`    | both     | someone else deleted the resource in JumpCloud (change feed)      |
 * | `activated`          | User     | a password-pending user set a password: activation completed      |
 *
 * The last three are OBSERVED, not written by the bridge: the change feed (src/changefeed) finds
 * them in Directory Insights or by its reconciliation scan; they carry `observed` (who, how seen)
 * and no JumpCloud calls of the bridge.
 *
 * Membership changes made through /Groups (PATCH members) are journaled on the group as
 * `entitlement_add` / `entitlement_remove`, one record per user, so a user's history shows them.
 *
 * Outcomes (did it work):
 * - `pending`: the intent, written BEFORE the first JumpCloud write; replaced by the outcome;
 * - `succeeded`: JumpCloud accepted every write;
 * - `failed`: the request failed with the SCIM error in `error` (JumpCloud may have accepted
 *   some calls: `jumpcloudCalls` says which);
 * - `dry_run`: nothing was written; `jumpcloudCalls` are the calls the write would have made;
 * - `interrupted`: a `pending` intent found at start: the process died between the intent and
 *   its outcome, so JumpCloud may or may not hold the change. The next request that writes the
 *   same resource "flags" it: the interrupted record gets `flaggedBy` (that request's id), and
 *   the new record lists it in `interruptedBefore`.
 */

export const AUDIT_EVENT_TYPES = [
  'joiner',
  'rehire',
  'mover',
  'entitlement_add',
  'entitlement_remove',
  'suspend',
  'delete',
  'password_set',
  'group_create',
  'group_update',
  'group_delete',
  'drift',
  'external_delete',
  'activated',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** The types the change feed OBSERVES in JumpCloud (never produced by classifying a bridge write). */
export const OBSERVED_EVENT_TYPES: readonly AuditEventType[] = ['drift', 'external_delete', 'activated'];

export const AUDIT_OUTCOMES = ['pending', 'succeeded', 'failed', 'dry_run', 'interrupted'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export type AuditResourceType = 'User' | 'Group';

/** One changed SCIM attribute (path form, e.g. `name.givenName`); absent = unset. */
export interface AttributeChange {
  attribute: string;
  /** The JumpCloud field behind the attribute (drift records). */
  jumpcloudField?: string;
  before?: unknown;
  after?: unknown;
}

/** One JumpCloud call attempt made while serving the write (route template: no ids, no query). */
export interface JumpCloudCallRecord {
  method: string;
  /** e.g. `/api/systemusers/{id}`. */
  route: string;
  /** HTTP status; absent when no answer came (timeout, connection reset). */
  status?: number;
  /** 1 for the first attempt of a call, 2 for its first retry, ... */
  attempt: number;
  /** How many identical consecutive attempts this entry stands for (absent = 1). */
  count?: number;
  /** A write the dry run skipped: the call the bridge would have made (status is JumpCloud's likely answer). */
  dryRun?: true;
}

/** How the change feed saw a change made outside the bridge (drift, external_delete, activated). */
export interface ObservedOrigin {
  /** `directory_insights` (an event) or `reconciliation_scan` (a hash that changed between scans). */
  source: 'directory_insights' | 'reconciliation_scan';
  /** The Directory Insights event id and type, when seen there. */
  eventId?: string;
  eventType?: string;
  /** Who: DI `initiated_by` (type, id, email), absent when only a scan saw it. */
  initiatedBy?: { type?: string; id?: string; email?: string };
  /** DI `auth_method`: `session` = a person in the console (or the user), `api-key` = an integration. */
  authMethod?: string;
}

/** The SCIM error a failed write answered (RFC 7644 §3.12). */
export interface AuditError {
  status: number;
  scimType?: string;
  detail: string;
}

/** The group an entitlement record is about. */
export interface AuditGroupRef {
  id: string;
  name?: string;
}

export interface AuditRecord {
  /** Unique id (UUID). */
  id: string;
  /** ISO-8601 time the record was written. */
  time: string;
  type: AuditEventType;
  outcome: AuditOutcome;
  resourceType: AuditResourceType;
  /** The SCIM id (absent on a create that never got one). */
  scimId?: string;
  /** The JumpCloud object id (the bridge serves it as the SCIM id: equal when both known). */
  jumpcloudId?: string;
  /** The user's userName (User records and entitlement records). */
  userName?: string;
  /** The group's displayName (Group records). */
  displayName?: string;
  /** For entitlement records: the group. */
  group?: AuditGroupRef;
  /** For entitlement records made through /Groups: the user. */
  member?: { id: string; userName?: string };
  /** Changed attributes with before/after (mover, group_update); never a password. */
  changes?: AttributeChange[];
  requestId?: string;
  /** The caller's credential label (e.g. `bearer#1`), never the credential. */
  client?: string;
  /** The JumpCloud calls made for the write, in the order they completed. */
  jumpcloudCalls: JumpCloudCallRecord[];
  /** For `failed`: the SCIM error answered. */
  error?: AuditError;
  /** Ids of `interrupted` records of the same resource this request was the first to see. */
  interruptedBefore?: string[];
  /** For `interrupted` records: the request id that saw (flagged) it. */
  flaggedBy?: string;
  /** For records the change feed observed: who made the change and how it was seen. */
  observed?: ObservedOrigin;
  /**
   * On a `drift` record written by the operator's console: the id of the observed `drift` record
   * the operator acknowledged (the change outside the bridge was seen and accepted; `client` names the session).
   */
  acknowledges?: string;
  /**
   * On the `joiner` (or `rehire`) record of a user without a password: whether JumpCloud mailed the
   * activation link as this write's effect (created ACTIVATED, or activated with `email` not false),
   * or not (created or left STAGED, or activated with `email: false`: ACTIVATION_EMAIL=false).
   */
  activationEmailSent?: boolean;
}

/** What completing a record may set. */
export interface AuditCompletion {
  outcome: AuditOutcome;
  error?: AuditError;
  jumpcloudCalls?: JumpCloudCallRecord[];
  scimId?: string;
  jumpcloudId?: string;
}
