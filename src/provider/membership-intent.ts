import { memberIdsOf } from '../mapping';
import type { FilterNode } from '../scim/filter';
import { parsePath, resolveAttribute } from '../scim/filter';
import type { PatchOperation } from '../scim/patch';
import type { SchemaDefinition } from '../scim/schema';
import { ScimError } from '../scim/scim-error';
import { URN } from '../scim/scim-urns';

/**
 * What a request wants done to a group's direct members, as a DIFF (never as a whole list to
 * write back): members to add, members to remove, and, for a full replacement, the set the group
 * must end with (only then does the bridge read the current list, to compute the diff).
 * The final membership is `((replaceWith ?? current) ∪ add) \ remove`.
 */
export interface MembershipIntent {
  replaceWith?: Set<string>;
  add: Set<string>;
  remove: Set<string>;
}

/** A PATCH request split into its membership part and the rest (displayName, externalId ...). */
export interface SplitPatch {
  membership: MembershipIntent;
  /** A PatchOp body of the non-membership operations, for the PATCH engine; undefined when none. */
  attributes?: { schemas: string[]; Operations: Record<string, unknown>[] };
}

/** An empty intent. */
export function noMembershipChange(): MembershipIntent {
  return { add: new Set(), remove: new Set() };
}

/** True when the intent writes nothing (no replacement, no add, no remove). */
export function isNoMembershipChange(intent: MembershipIntent): boolean {
  return intent.replaceWith === undefined && intent.add.size === 0 && intent.remove.size === 0;
}

/** Folds a full replacement into the intent: what came before it no longer matters. */
export function replaceMembers(intent: MembershipIntent, ids: readonly string[]): void {
  intent.replaceWith = new Set(ids.map(normalizeId));
  intent.add.clear();
  intent.remove.clear();
}

/** Folds adds into the intent (a later add undoes an earlier remove of the same member). */
export function addMembers(intent: MembershipIntent, ids: readonly string[]): void {
  for (const id of ids.map(normalizeId)) {
    intent.remove.delete(id);
    intent.add.add(id);
  }
}

/**
 * Folds removes into the intent (a later remove undoes an earlier add of the same member). An id
 * that is no ObjectId names no JumpCloud user, so it is already absent: it undoes an earlier add
 * but is never sent (issue 12 finding 3: no JumpCloud write, and no path, for an id that cannot exist).
 */
export function removeMembers(intent: MembershipIntent, ids: readonly string[]): void {
  for (const id of ids.map(normalizeId)) {
    intent.add.delete(id);
    if (USER_ID.test(id)) intent.remove.add(id);
  }
}

/** Every user id the intent would make a member: these must all exist before anything is sent. */
export function idsToAdd(intent: MembershipIntent): string[] {
  return [...new Set([...(intent.replaceWith ?? []), ...intent.add])].filter((id) => !intent.remove.has(id));
}

/** The member operations that turn `current` into what the intent asks (for a full replacement). */
export function diffAgainst(intent: MembershipIntent, current: ReadonlySet<string>): { add: string[]; remove: string[] } {
  const desired = new Set(idsToAdd(intent));
  if (intent.replaceWith === undefined) return { add: [...intent.add], remove: [...intent.remove] };
  return { add: [...desired].filter((id) => !current.has(id)), remove: [...current].filter((id) => !desired.has(id)) };
}

/**
 * Splits validated PATCH operations (RFC 7644 §3.5.2) into a membership intent and the other
 * operations, folding the membership operations IN ORDER. Every form real clients send:
 * - `add` `members` with a list, an object, or a bare id string (SailPoint, Okta);
 * - `remove` `members[value eq "id"]` (Okta, Entra with aadOptscim062020), also `or`-ed values;
 * - `remove` `members` with a `value` list (Entra without the flag): removes THOSE members only;
 * - `remove` `members` without value or filter: every member (RFC 7644 §3.5.2.2), as a replacement by nothing;
 * - `replace` `members` with a list (Okta): a full replacement;
 * - path-less `add`/`replace` whose value holds `members` (and/or `displayName`, `externalId`, Okta's `id`).
 * @throws ScimError `invalidFilter` for a member filter other than `value eq`, `mutability` for an
 *   attempt to edit a member in place (`members.value`, `replace members[...]`: member values are
 *   immutable, RFC 7643 §8.7.1), `invalidValue` for a member without a value.
 */
export function splitPatch(operations: readonly PatchOperation[], schemas: SchemaDefinition[]): SplitPatch {
  const membership = noMembershipChange();
  const rest: Record<string, unknown>[] = [];
  for (const operation of operations) {
    if (operation.path === undefined) {
      const { members, others } = takeMembers(operation.value);
      if (members.found) {
        const ids = memberIdsOf(members.value);
        if (operation.op === 'replace') replaceMembers(membership, ids);
        else addMembers(membership, ids);
      }
      if (others !== undefined) rest.push(wire(operation, others));
      continue;
    }
    const path = parsePath(operation.path);
    if (!isMembers(path.attribute, path.schema, schemas)) {
      rest.push(wire(operation, operation.value));
      continue;
    }
    const where = `Operations[${operation.index}]`;
    if (path.subAttribute !== undefined) {
      throw ScimError.of('mutability', `${where}: "${operation.path}" edits a member in place; member values are immutable (RFC 7643 §8.7.1): remove the member and add another.`);
    }
    if (path.valueFilter !== undefined) {
      if (operation.op !== 'remove') {
        throw ScimError.of('mutability', `${where}: "${operation.op}" of "${operation.path}" edits a member in place; member values are immutable (RFC 7643 §8.7.1): remove the member and add another.`);
      }
      removeMembers(membership, idsOfFilter(path.valueFilter, where));
      continue;
    }
    if (operation.op === 'add') addMembers(membership, memberIdsOf(operation.value));
    else if (operation.op === 'replace') replaceMembers(membership, memberIdsOf(operation.value));
    else if (operation.hasValue && operation.value !== null) removeMembers(membership, memberIdsOf(operation.value));
    else replaceMembers(membership, []);
  }
  return { membership, attributes: rest.length > 0 ? { schemas: [URN.patchOp], Operations: rest } : undefined };
}

/** The ids a member value filter selects: `value eq "id"`, possibly `or`-ed. */
function idsOfFilter(filter: FilterNode, where: string): string[] {
  if (filter.kind === 'or') return [...idsOfFilter(filter.left, where), ...idsOfFilter(filter.right, where)];
  if (filter.kind === 'compare' && filter.operator === 'eq' && filter.path.attribute.toLowerCase() === 'value' && !filter.path.subAttribute) {
    const value = typeof filter.value === 'string' ? filter.value : (filter.unquoted ?? String(filter.value));
    return [value];
  }
  throw ScimError.of('invalidFilter', `${where}: a members filter may only select members by id: members[value eq "<user id>"] (several joined with "or").`);
}

/** Splits `members` (any letter case, optionally URN-prefixed) out of a path-less value. */
function takeMembers(value: unknown): { members: { found: boolean; value?: unknown }; others?: unknown } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { members: { found: false }, others: value };
  const others: Record<string, unknown> = {};
  let members: { found: boolean; value?: unknown } = { found: false };
  for (const [key, item] of Object.entries(value)) {
    const name = key.toLowerCase();
    if (name === 'members' || name === `${URN.group.toLowerCase()}:members`) members = { found: true, value: item };
    else others[key] = item;
  }
  return { members, others: Object.keys(others).length > 0 ? others : undefined };
}

function isMembers(attribute: string, schema: string | undefined, schemas: SchemaDefinition[]): boolean {
  const resolved = resolveAttribute({ attribute, schema }, schemas);
  return resolved.ok && resolved.resolved.container === undefined && resolved.resolved.attribute.name === 'members';
}

function wire(operation: PatchOperation, value: unknown): Record<string, unknown> {
  return { op: operation.op, ...(operation.path !== undefined ? { path: operation.path } : {}), ...(value !== undefined ? { value } : {}) };
}

/** User ids are lower-case ObjectIds; SCIM `members.value` is caseExact false, so any case names them. */
function normalizeId(id: string): string {
  return /^[0-9a-f]{24}$/i.test(id) ? id.toLowerCase() : id;
}

/** A JumpCloud user id after `normalizeId`: a lower-case 24-hex ObjectId. */
const USER_ID = /^[0-9a-f]{24}$/;
