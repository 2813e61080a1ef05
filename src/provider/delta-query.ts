import { MAX_PAGE_SIZE, type JumpCloudClient, type SystemUser, type UserGroup } from '../jumpcloud';
import { createdFromObjectId } from '../mapping';
import { parseDateTime, type FilterNode } from '../scim/filter';
import { URN } from '../scim/scim-urns';
import { streamChangedSince } from '../state/changed-since';
import type { ResourceKind, StateStore } from '../state/state-store';
import { getGroupIfAny } from './group-query';

/**
 * The lower bound a filter puts on `meta.lastModified`: SailPoint's delta aggregation
 * (`meta.lastModified gt "<time>"`, alone or `and`-ed with an admin filter). Every resource the
 * filter can match changed after `since` (at or after it when `inclusive`).
 */
export interface DeltaBound {
  since: Date;
  inclusive: boolean;
}

const OBJECT_ID = /^[0-9a-f]{24}$/;

/**
 * The `meta.lastModified` bound a filter implies, or undefined when it implies none (then the
 * list is answered without the state store's help). `gt` is exclusive; `ge` and `eq` inclusive;
 * `and` keeps the tighter bound of its sides, `or` the looser one (both sides must be bounded);
 * `not` and value paths bound nothing. The time is read like the filter evaluator reads it
 * (RFC 7643 §2.3.5 with its tolerances: no zone = UTC, fractions truncated to milliseconds), so
 * the resources it selects are always a superset of the filter's matches.
 */
export function deltaBoundOf(filter: FilterNode, kind: ResourceKind): DeltaBound | undefined {
  switch (filter.kind) {
    case 'compare': {
      if (!isLastModified(filter.path, kind) || typeof filter.value !== 'string') return undefined;
      const millis = parseDateTime(filter.value);
      if (millis === undefined) return undefined;
      if (filter.operator === 'gt') return { since: new Date(millis), inclusive: false };
      if (filter.operator === 'ge' || filter.operator === 'eq') return { since: new Date(millis), inclusive: true };
      return undefined;
    }
    case 'and': {
      const left = deltaBoundOf(filter.left, kind);
      const right = deltaBoundOf(filter.right, kind);
      if (!left || !right) return left ?? right;
      return tighter(left, right) ? left : right;
    }
    case 'or': {
      const left = deltaBoundOf(filter.left, kind);
      const right = deltaBoundOf(filter.right, kind);
      if (!left || !right) return undefined;
      return tighter(left, right) ? right : left;
    }
    default:
      return undefined;
  }
}

/** True when `a` admits no more than `b`. */
function tighter(a: DeltaBound, b: DeltaBound): boolean {
  const diff = a.since.getTime() - b.since.getTime();
  return diff > 0 || (diff === 0 && !a.inclusive);
}

/** `meta.lastModified`, optionally prefixed with the resource's core schema URN (names are case-insensitive, RFC 7644 §3.4.2.2). */
function isLastModified(path: { schema?: string; attribute: string; subAttribute?: string; valueFilter?: FilterNode }, kind: ResourceKind): boolean {
  if (path.valueFilter || path.attribute.toLowerCase() !== 'meta' || path.subAttribute?.toLowerCase() !== 'lastmodified') return false;
  const core = kind === 'User' ? URN.user : URN.group;
  return path.schema === undefined || path.schema.toLowerCase() === core.toLowerCase();
}

/** True when a time (ISO text) is inside the bound; false for no time or an unreadable one. */
export function withinBound(time: string | undefined, bound: DeltaBound): boolean {
  const millis = time === undefined ? undefined : parseDateTime(time);
  if (millis === undefined) return false;
  const since = bound.since.getTime();
  return bound.inclusive ? millis >= since : millis > since;
}

/**
 * Streams to `visit` every user that may have changed within `bound`, fetched from JumpCloud in
 * batches, never by reading the directory:
 *
 *   1. users CREATED within the bound: `GET /systemusers?sort=-created`, newest first, until the
 *      first older one (one request unless more than 100 users were created since). A user
 *      never changed since its creation has no state entry, and its meta.lastModified is its
 *      `created`, so the state store alone would miss it;
 *   2. users the state store knows changed within the bound (the bridge's writes and the change
 *      feed's), 100 ids per `POST /search/systemusers` `{filter:{or:[{_id}…]}}`.
 *
 * Cost: ceil(changed/100) + ceil(created/100) (at least 1) requests. Ids the store holds for
 * users since deleted simply come back from no search. Every user is visited once; the caller
 * checks each against the full SCIM filter (the stream is a superset) and orders the answer.
 */
export async function streamChangedUsers(
  jumpcloud: JumpCloudClient,
  state: StateStore,
  bound: DeltaBound,
  visit: (users: SystemUser[]) => Promise<void>,
  fields?: string[],
): Promise<void> {
  const seen = new Set<string>();
  const probeFields = fields && [...new Set([...fields, '_id', 'created'])];
  for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
    const page = await jumpcloud.users.listPage({ limit: MAX_PAGE_SIZE, skip, sort: ['-created'], fields: probeFields });
    const fresh = page.results.filter((user) => withinBound(user.created, bound) && !seen.has(user._id));
    fresh.forEach((user) => seen.add(user._id));
    if (fresh.length > 0) await visit(fresh);
    // Newest first: the first user created before the bound ends the walk.
    const older = page.results.some((user) => user.created !== undefined && parseDateTime(user.created) !== undefined && !withinBound(user.created, bound));
    if (older || page.results.length < MAX_PAGE_SIZE || skip + page.results.length >= page.totalCount) break;
  }
  for await (const changes of streamChangedSince(state, 'User', bound.since, bound.inclusive, MAX_PAGE_SIZE)) {
    const ids = changes.map((change) => change.id).filter((id) => OBJECT_ID.test(id) && !seen.has(id));
    if (ids.length === 0) continue;
    ids.forEach((id) => seen.add(id));
    const found = await jumpcloud.users.search({ filter: { or: ids.map((id) => ({ _id: id })) }, ...(fields ? { fields: fields.join(' ') } : {}) }, { limit: ids.length });
    if (found.results.length > 0) await visit(found.results);
  }
}

/**
 * Streams to `visit` every group that may have changed within `bound`:
 *
 *   1. groups CREATED within the bound (their meta.created is their ObjectId's time, so
 *      `sort=-id` lists them newest first, until the first older one: one request unless more
 *      than 100 groups were created since); that page also says how many groups there are;
 *   2. groups the state store knows changed within the bound (attribute and membership writes
 *      of the bridge, the change feed's events). JumpCloud's v2 list has no id filter the
 *      client builds (`in` is refused for its unescapable separator), so each is one
 *      `GET /v2/usergroups/{id}` (a page of 100 at once, under the client's concurrency limit),
 *      unless reading the whole group list (100 per request) is cheaper.
 *
 * Cost: ceil(created/100) (at least 1) + min(changed, ceil(groups/100)) requests. Changed group
 * ids are held in memory at once (groups are few; their ids are small).
 */
export async function streamChangedGroups(jumpcloud: JumpCloudClient, state: StateStore, bound: DeltaBound, visit: (groups: UserGroup[]) => Promise<void>): Promise<void> {
  const seen = new Set<string>();
  let total: number | undefined;
  for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
    const page = await jumpcloud.groups.listPage({ limit: MAX_PAGE_SIZE, skip, sort: ['-id'] });
    total = page.totalCount;
    const fresh = page.items.filter((group) => withinBound(createdFromObjectId(group.id), bound) && !seen.has(group.id));
    fresh.forEach((group) => seen.add(group.id));
    if (fresh.length > 0) await visit(fresh);
    const older = page.items.some((group) => createdFromObjectId(group.id) !== undefined && !withinBound(createdFromObjectId(group.id), bound));
    if (older || page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) break;
  }
  const changed = new Set<string>();
  for await (const changes of streamChangedSince(state, 'Group', bound.since, bound.inclusive, MAX_PAGE_SIZE)) {
    for (const { id } of changes) if (OBJECT_ID.test(id) && !seen.has(id)) changed.add(id);
  }
  if (changed.size === 0) return;
  if (total !== undefined && Math.ceil(total / MAX_PAGE_SIZE) < changed.size) {
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      const page = await jumpcloud.groups.listPage({ limit: MAX_PAGE_SIZE, skip, sort: ['id'] });
      const found = page.items.filter((group) => changed.has(group.id) && !seen.has(group.id));
      found.forEach((group) => seen.add(group.id));
      if (found.length > 0) await visit(found);
      if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) return;
    }
  }
  const ids = [...changed];
  for (let start = 0; start < ids.length; start += MAX_PAGE_SIZE) {
    const groups = await Promise.all(ids.slice(start, start + MAX_PAGE_SIZE).map((id) => getGroupIfAny(jumpcloud, id)));
    const found = groups.filter((group): group is UserGroup => group !== undefined);
    if (found.length > 0) await visit(found);
  }
}
