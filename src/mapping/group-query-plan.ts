import { isFilterValueSafe, v2Filter } from '../jumpcloud';
import type { SchemaDefinition } from '../scim/schema';
import { resolveAttribute, type AttributePath, type FilterNode } from '../scim/filter';
import { ScimError } from '../scim/scim-error';

/**
 * Where the candidate groups of a SCIM filter come from (RFC 7644 §3.4.2.2). Every candidate is
 * checked again with the SCIM filter by the provider, so a source only has to be a SUPERSET.
 */
export type GroupCandidates =
  /** `id eq "<24-hex>"`: one GET (a 404 means no match). */
  | { kind: 'get'; id: string }
  /** Provably no match (e.g. `id eq` a value that is no ObjectId). */
  | { kind: 'empty' }
  /** `members.value eq "<userId>"`: the user's groups, `GET /v2/users/{id}/memberof`. */
  | { kind: 'memberOf'; userId: string }
  /**
   * `displayName eq "V"`: `GET /v2/usergroups?filter=name:search:R` (`probe`) where R (`run`) is
   * the longest run of V that reads the same under every meaning the `search` operator may have
   * (`nameSearchRun`): any group called V holds R, so when `search` ignores case the answer is a
   * superset, which the provider re-checks with SCIM's caseExact-false equality. The V2 spec says
   * filter values are case sensitive, so the provider confirms a miss (see `streamGroupsNamed`).
   * Absent when V has no such run: then the provider scans.
   */
  | { kind: 'name'; value: string; probe?: string[]; run?: string }
  /** Nothing pushable: page every group, filter in the bridge. */
  | { kind: 'scan' };

/** The plan of one list request. */
export interface GroupQueryPlan {
  candidates: GroupCandidates;
  /**
   * Lower-case user ids the filter tests membership of (`members[value eq "…"]`): the provider
   * learns each one's groups (memberof) so that the check never reads a group's member list.
   * Only ObjectIds: a test of any other value matches no group without asking JumpCloud.
   */
  memberIds: string[];
}

const OBJECT_ID = /^[0-9a-f]{24}$/;
const OBJECT_ID_ANY_CASE = /^[0-9a-f]{24}$/i;

/**
 * Plans a Groups filter. Supported on `members`: only membership of a given user,
 * `members[value eq "<id>"]` or `members.value eq "<id>"` (what clients send): anything else on
 * `members` would need every member list of every group, and is a 400 `invalidFilter`.
 * `and` chains use their most selective pushable part: `id eq`, then a member test, then
 * `displayName eq`; every other filter is a bounded scan (one request per 100 groups).
 */
export function planGroupQuery(filter: FilterNode | undefined, schemas: readonly SchemaDefinition[]): GroupQueryPlan {
  if (!filter) return { candidates: { kind: 'scan' }, memberIds: [] };
  const memberIds = new Set<string>();
  collectMemberTests(filter, schemas, memberIds);
  return { candidates: candidatesOf(conjuncts(filter), schemas), memberIds: [...memberIds] };
}

function conjuncts(node: FilterNode): FilterNode[] {
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

function candidatesOf(parts: FilterNode[], schemas: readonly SchemaDefinition[]): GroupCandidates {
  for (const part of parts) {
    if (part.kind === 'compare' && part.operator === 'eq' && typeof part.value === 'string' && isCore(part.path, schemas, 'id')) {
      return OBJECT_ID.test(part.value) ? { kind: 'get', id: part.value } : { kind: 'empty' };
    }
  }
  for (const part of parts) {
    const userId = memberTestValue(part, schemas);
    if (userId !== undefined) return OBJECT_ID_ANY_CASE.test(userId) ? { kind: 'memberOf', userId: userId.toLowerCase() } : { kind: 'empty' };
  }
  for (const part of parts) {
    if (part.kind === 'compare' && part.operator === 'eq' && typeof part.value === 'string' && isCore(part.path, schemas, 'displayName')) {
      if (part.value === '') return { kind: 'empty' };
      const run = nameSearchRun(part.value);
      return run !== undefined ? { kind: 'name', value: part.value, probe: [v2Filter('name', 'search', run)], run } : { kind: 'name', value: part.value };
    }
  }
  return { kind: 'scan' };
}

// Characters that mean themselves whether `search` is a literal substring, a regular expression
// or a wildcard pattern (`*`, `?`): ASCII letters and digits, space, - and _ (letters up to case).
// The v2 spec names the operator without its semantics, so nothing else may travel in it.
const INERT_RUN = /[A-Za-z0-9 _-]+/g;

/**
 * The longest run of `name` made only of characters no `search` semantics gives a meaning to,
 * without leading or trailing spaces; undefined when there is none (a name of only symbols).
 * Searching for it finds every group whose name holds `name`, under any of the semantics (in
 * any case only when `search` ignores case).
 */
export function nameSearchRun(name: string): string | undefined {
  let best = '';
  for (const match of name.matchAll(INERT_RUN)) {
    const run = match[0].trim();
    if (run.length > best.length) best = run;
  }
  return best !== '' && isFilterValueSafe(best) ? best : undefined;
}

/** The user id of a membership test on its own (`members[value eq "x"]`, `members.value eq "x"`). */
function memberTestValue(node: FilterNode, schemas: readonly SchemaDefinition[]): string | undefined {
  if (node.kind === 'compare' && node.operator === 'eq' && typeof node.value === 'string' && isMembersValue(node.path, schemas)) return node.value;
  if (node.kind === 'valuePath' && isCore(node.path, schemas, 'members')) {
    const inner = node.filter;
    if (inner.kind === 'compare' && inner.operator === 'eq' && typeof inner.value === 'string' && sameName(inner.path.attribute, 'value') && !inner.path.subAttribute) return inner.value;
  }
  return undefined;
}

/** Walks the filter: collects every member test's user id, and refuses any other use of `members`. */
function collectMemberTests(node: FilterNode, schemas: readonly SchemaDefinition[], into: Set<string>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      collectMemberTests(node.left, schemas, into);
      collectMemberTests(node.right, schemas, into);
      return;
    case 'not':
      collectMemberTests(node.filter, schemas, into);
      return;
    case 'valuePath':
      if (!isCore(node.path, schemas, 'members')) return;
      collectInner(node.filter, into);
      return;
    case 'present':
      if (isCore(node.path, schemas, 'members')) refuseMembers();
      return;
    case 'compare':
      if (!isCore(node.path, schemas, 'members')) return;
      if (node.operator !== 'eq' || typeof node.value !== 'string' || !isMembersValue(node.path, schemas)) refuseMembers();
      addMemberId(into, node.value);
  }
}

/**
 * Collects a tested member id, only when it is an ObjectId (any case): any other string names no
 * JumpCloud user, so it is a member of no group and must never reach a JumpCloud path (issue 12
 * finding 3: `..` survives `encodeURIComponent` and is resolved as a dot segment).
 */
function addMemberId(into: Set<string>, value: string): void {
  if (OBJECT_ID_ANY_CASE.test(value)) into.add(value.toLowerCase());
}

/** Inside `members[...]`: only `value eq "<id>"` tests, combined with and/or/not. */
function collectInner(node: FilterNode, into: Set<string>): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      collectInner(node.left, into);
      collectInner(node.right, into);
      return;
    case 'not':
      collectInner(node.filter, into);
      return;
    case 'compare':
      if (node.operator === 'eq' && typeof node.value === 'string' && sameName(node.path.attribute, 'value') && !node.path.subAttribute && !node.path.schema) {
        addMemberId(into, node.value);
        return;
      }
      refuseMembers();
      return;
    default:
      refuseMembers();
  }
}

function refuseMembers(): never {
  throw ScimError.of(
    'invalidFilter',
    'Filters on "members" may only test membership of one user: members[value eq "<user id>"] or members.value eq "<user id>" (combined with and/or/not as needed).',
  );
}

function isCore(path: AttributePath, schemas: readonly SchemaDefinition[], name: string): boolean {
  const resolved = resolveAttribute({ ...path, valueFilter: undefined, subAttribute: undefined }, schemas);
  return resolved.ok && resolved.resolved.container === undefined && sameName(resolved.resolved.attribute.name, name);
}

function isMembersValue(path: AttributePath, schemas: readonly SchemaDefinition[]): boolean {
  return isCore(path, schemas, 'members') && !path.valueFilter && path.subAttribute !== undefined && sameName(path.subAttribute, 'value');
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
