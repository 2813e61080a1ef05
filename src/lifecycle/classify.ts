import type { AttributeChange, AuditEventType, AuditGroupRef } from './audit-record';

/** A SCIM resource as JSON (the lifecycle layer needs no more than that). */
export type ScimJson = Record<string, unknown>;

/** One classified event, before the journal adds who/when/outcome. */
export interface ClassifiedEvent {
  type: AuditEventType;
  /** Changed attributes with before/after (mover, rehire, suspend, group_update; creates list what was set). */
  changes?: AttributeChange[];
  /** The group of an entitlement event. */
  group?: AuditGroupRef;
  /** The user of an entitlement event journaled on a group. */
  member?: { id: string };
  /** Whether this write made JumpCloud mail an activation link (AuditRecord.activationEmailSent). */
  activationEmailSent?: boolean;
}

/** A write of a user: the SCIM resource before (absent on create) and after (absent on delete). */
export interface UserWrite {
  before?: ScimJson;
  after?: ScimJson;
  /** Whether the write set a password (its value is never looked at). */
  passwordSet?: boolean;
  groupsAdded?: readonly AuditGroupRef[];
  groupsRemoved?: readonly AuditGroupRef[];
  /** Whether the write made JumpCloud mail an activation link; undefined when it says nothing of one. */
  activationEmailSent?: boolean;
}

/** A write of a group: before/after as for users, and the members it added or removed. */
export interface GroupWrite {
  before?: ScimJson;
  after?: ScimJson;
  membersAdded?: readonly string[];
  membersRemoved?: readonly string[];
}

/**
 * Attributes never compared: server bookkeeping (RFC 7643 §3.1 `id`, `meta`, `schemas`),
 * `groups`/`members` (journaled as entitlement events instead) and `password`, whose value must
 * never reach the journal: a password write is the `password_set` event, valueless.
 */
const NOT_COMPARED = new Set(['id', 'meta', 'schemas', 'groups', 'members', 'password']);

/**
 * Classifies a user write into lifecycle events (the vocabulary is in audit-record.ts):
 * - no `before`: `joiner` (with the attributes set);
 * - no `after`: `delete`;
 * - otherwise `rehire` when `active` went false -> true, `suspend` when true -> false (an absent
 *   `active` is true, RFC 7643 §4.1.1's default), `mover` for every other changed attribute;
 * - `password_set` when a password was written, one `entitlement_add`/`entitlement_remove` per group.
 */
export function classifyUserWrite(write: UserWrite): ClassifiedEvent[] {
  const events: ClassifiedEvent[] = [];
  if (!write.before) {
    events.push({ type: 'joiner', changes: diffAttributes({}, write.after ?? {}) });
  } else if (!write.after) {
    events.push({ type: 'delete' });
  } else {
    const changes = diffAttributes(write.before, write.after);
    const activeChange = changes.find((change) => change.attribute === 'active');
    const others = changes.filter((change) => change !== activeChange);
    const wasActive = isActive(write.before);
    const nowActive = isActive(write.after);
    if (!wasActive && nowActive) events.push({ type: 'rehire', changes: activeChange ? [activeChange] : [] });
    if (wasActive && !nowActive) events.push({ type: 'suspend', changes: activeChange ? [activeChange] : [] });
    if (others.length > 0) events.push({ type: 'mover', changes: others });
  }
  if (write.passwordSet) events.push({ type: 'password_set' });
  for (const group of write.groupsAdded ?? []) events.push({ type: 'entitlement_add', group: { ...group } });
  for (const group of write.groupsRemoved ?? []) events.push({ type: 'entitlement_remove', group: { ...group } });
  if (write.activationEmailSent !== undefined) {
    // On the event that made the account usable: the joiner, or the rehire of a STAGED user activated.
    const carrier = events.find((event) => event.type === 'joiner' || event.type === 'rehire') ?? events[0];
    if (carrier) carrier.activationEmailSent = write.activationEmailSent;
  }
  return events;
}

/**
 * Classifies a group write: `group_create` / `group_delete`, `group_update` when attributes
 * changed, and one entitlement event per member added or removed (each names the member, so a
 * user's history includes changes made through /Groups).
 */
export function classifyGroupWrite(write: GroupWrite, group: AuditGroupRef): ClassifiedEvent[] {
  const events: ClassifiedEvent[] = [];
  if (!write.before) events.push({ type: 'group_create', changes: diffAttributes({}, write.after ?? {}) });
  else if (!write.after) events.push({ type: 'group_delete' });
  else {
    const changes = diffAttributes(write.before, write.after);
    if (changes.length > 0) events.push({ type: 'group_update', changes });
  }
  for (const id of write.membersAdded ?? []) events.push({ type: 'entitlement_add', group: { ...group }, member: { id } });
  for (const id of write.membersRemoved ?? []) events.push({ type: 'entitlement_remove', group: { ...group }, member: { id } });
  return events;
}

/** SCIM `active` defaults to true when absent (RFC 7643 §4.1.1). */
function isActive(resource: ScimJson): boolean {
  return resource.active !== false;
}

/**
 * The changed attributes of two resources, in SCIM path form: sub-attributes of a single complex
 * attribute (`name.givenName`) and of extensions (`urn:...:User:department`,
 * `urn:...:User:manager.value`) one by one; multi-valued attributes (`emails`) compared whole.
 * Sorted by path, so the result is stable.
 */
export function diffAttributes(before: ScimJson, after: ScimJson): AttributeChange[] {
  const a = flatten(before);
  const b = flatten(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes: AttributeChange[] = [];
  for (const path of paths) {
    const was = a.get(path);
    const now = b.get(path);
    if (sameValue(was, now)) continue;
    const change: AttributeChange = { attribute: path };
    if (was !== undefined) change.before = was;
    if (now !== undefined) change.after = now;
    changes.push(change);
  }
  return changes;
}

/** Leaf values by SCIM path; null, '' and [] count as unset (RFC 7643 §2.5: unassigned). */
function flatten(resource: ScimJson): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(resource)) {
    if (NOT_COMPARED.has(key)) continue;
    if (key.startsWith('urn:') && isPlainObject(value)) {
      for (const [path, leaf] of flattenComplex(value)) out.set(`${key}:${path}`, leaf);
      continue;
    }
    if (isPlainObject(value)) {
      for (const [path, leaf] of flattenComplex(value)) out.set(`${key}.${path}`, leaf);
      continue;
    }
    if (isAssigned(value)) out.set(key, value);
  }
  return out;
}

function flattenComplex(value: Record<string, unknown>): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'password') continue;
    if (isPlainObject(inner)) {
      for (const [path, leaf] of flattenComplex(inner)) out.push([`${key}.${path}`, leaf]);
    } else if (isAssigned(inner)) out.push([key, inner]);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAssigned(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

/** Deep equality of JSON values (object key order ignored). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const key of keys) if (!sameValue(ao[key], bo[key])) return false;
  return true;
}
