import { JumpCloudError, MAX_PAGE_SIZE, type JumpCloudClient, type SystemUser, type UserGroup, type V2Page } from '../jumpcloud';
import { createdFromObjectId } from '../mapping';
import { parseDateTime, type FilterNode } from '../scim/filter';
import { URN } from '../scim/scim-urns';
import { streamChangedSince } from '../state/changed-since';
import type { ChangedResource, ResourceKind, ResourceState, StateStore } from '../state/state-store';
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

/** True when the whole second an ObjectId was minted in ended before the bound: everything minted then was created before it. */
function mintedBefore(id: string, bound: DeltaBound): boolean {
  const minted = createdFromObjectId(id);
  // ObjectIds carry whole seconds: an id of second S belongs to something created in [S, S+1s).
  return minted !== undefined && Date.parse(minted) + 1000 <= bound.since.getTime();
}

/**
 * Streams to `visit` every user that may have changed within `bound`, fetched from JumpCloud in
 * batches, never by reading the directory:
 *
 *   1. users CREATED within the bound: `GET /systemusers?sort=-_id` (`_id` is the sort key
 *      JumpCloud documents and recommends, NOTES.md; ObjectIds grow with time, so this is newest
 *      first), keeping those whose `created` is within the bound, until the first user whose id
 *      was minted in a second that ended before the bound (one request unless more than 100 users
 *      were created since). A user never changed since its creation has no state entry, and its
 *      meta.lastModified is its `created`, so the state store alone would miss it;
 *   2. users the state store knows changed within the bound (the bridge's writes and the change
 *      feed's), 100 ids per `POST /search/systemusers` `{filter:{or:[{_id}…]}}` (or per-id reads
 *      where that search does not match ids: `users.findByIds`).
 *
 * Cost: ceil(changed/100) + ceil(created/100) (at least 1) requests. Ids the store holds for
 * users since deleted come back from no search (a batch of ONLY such ids is checked id by id,
 * 404 = gone). Every user is visited once; the caller
 * checks each against the full SCIM filter (the stream is a superset) and orders the answer.
 * Users of step 2 are visited with their states (`known`), read in the same statement as the
 * change list: the caller needs no second read of them.
 */
export async function streamChangedUsers(
  jumpcloud: JumpCloudClient,
  state: StateStore,
  bound: DeltaBound,
  visit: (users: SystemUser[], known?: Map<string, ResourceState>) => Promise<void>,
  fields?: string[],
): Promise<void> {
  const seen = new Set<string>();
  const probeFields = fields && [...new Set([...fields, '_id', 'created'])];
  for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
    const page = await jumpcloud.users.listPage({ limit: MAX_PAGE_SIZE, skip, sort: ['-_id'], fields: probeFields });
    const fresh = page.results.filter((user) => withinBound(user.created, bound) && !seen.has(user._id));
    fresh.forEach((user) => seen.add(user._id));
    if (fresh.length > 0) await visit(fresh);
    // Newest id first: once an id is older than the bound, so is every id after it.
    const older = page.results.some((user) => mintedBefore(user._id, bound));
    if (older || page.results.length < MAX_PAGE_SIZE || skip + page.results.length >= page.totalCount) break;
  }
  for await (const changes of streamChangedSince(state, 'User', bound.since, bound.inclusive, MAX_PAGE_SIZE)) {
    const ids = changes.map((change) => change.id).filter((id) => OBJECT_ID.test(id) && !seen.has(id));
    if (ids.length === 0) continue;
    ids.forEach((id) => seen.add(id));
    const found = await jumpcloud.users.findByIds(ids, { fields });
    if (found.size > 0) await visit([...found.values()], statesOf(changes));
  }
}

/**
 * The groups created within `bound`, read newest first with `sort=-id` (one request unless more
 * than 100 groups were created since), and the total group count; undefined when JumpCloud did
 * not sort: no spec names a v2 sort key, so a JumpCloud may refuse it (400) or answer its default
 * order, which shows as a page (or page boundary) not in descending id order.
 */
async function newestGroups(jumpcloud: JumpCloudClient, bound: DeltaBound): Promise<{ created: UserGroup[]; total?: number } | undefined> {
  const created: UserGroup[] = [];
  let previous: string | undefined;
  for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
    let page: V2Page<UserGroup>;
    try {
      page = await jumpcloud.groups.listPage({ limit: MAX_PAGE_SIZE, skip, sort: ['-id'] });
    } catch (err) {
      if (err instanceof JumpCloudError && err.status === 400) return undefined;
      throw err;
    }
    for (const group of page.items) {
      if (previous !== undefined && !(group.id < previous)) return undefined;
      previous = group.id;
    }
    created.push(...page.items.filter((group) => withinBound(createdFromObjectId(group.id), bound)));
    const older = page.items.some((group) => createdFromObjectId(group.id) !== undefined && !withinBound(createdFromObjectId(group.id), bound));
    if (older || page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) {
      return { created, total: page.totalCount };
    }
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
 * `sort=-id` is unconfirmed: when JumpCloud refuses or ignores it, the whole list is read once in
 * its own order instead, keeping the groups created within the bound or known to have changed.
 * Cost: ceil(created/100) (at least 1) + min(changed, ceil(groups/100)) requests, or
 * ceil(groups/100) (+1) without the sort. Changed group ids are held in memory at once (groups
 * are few; their ids are small), with their states: groups visited only because they changed
 * come with them (`known`), so the caller reads no state again.
 */
export async function streamChangedGroups(
  jumpcloud: JumpCloudClient,
  state: StateStore,
  bound: DeltaBound,
  visit: (groups: UserGroup[], known?: Map<string, ResourceState>) => Promise<void>,
): Promise<void> {
  const changes: ChangedResource[] = [];
  for await (const page of streamChangedSince(state, 'Group', bound.since, bound.inclusive, MAX_PAGE_SIZE)) {
    for (const change of page) if (OBJECT_ID.test(change.id)) changes.push(change);
  }
  const known = statesOf(changes);
  const changed = new Set(known.keys());
  const newest = await newestGroups(jumpcloud, bound);
  if (!newest) {
    for await (const groups of jumpcloud.groups.pages()) {
      const found = groups.filter((group) => changed.has(group.id) || withinBound(createdFromObjectId(group.id), bound));
      if (found.length > 0) await visit(found);
    }
    return;
  }
  const seen = new Set(newest.created.map((group) => group.id));
  for (let start = 0; start < newest.created.length; start += MAX_PAGE_SIZE) await visit(newest.created.slice(start, start + MAX_PAGE_SIZE));
  const rest = [...changed].filter((id) => !seen.has(id));
  if (rest.length === 0) return;
  if (newest.total !== undefined && Math.ceil(newest.total / MAX_PAGE_SIZE) < rest.length) {
    const wanted = new Set(rest);
    for await (const groups of jumpcloud.groups.pages()) {
      const found = groups.filter((group) => wanted.has(group.id));
      if (found.length > 0) await visit(found, known);
    }
    return;
  }
  for (let start = 0; start < rest.length; start += MAX_PAGE_SIZE) {
    const groups = await Promise.all(rest.slice(start, start + MAX_PAGE_SIZE).map((id) => getGroupIfAny(jumpcloud, id)));
    const found = groups.filter((group): group is UserGroup => group !== undefined);
    if (found.length > 0) await visit(found, known);
  }
}

/** The states a change list carries (an id changed twice while streamed: its later change). */
function statesOf(changes: readonly ChangedResource[]): Map<string, ResourceState> {
  const states = new Map<string, ResourceState>();
  for (const change of changes) {
    const known = states.get(change.id);
    if (!known || known.lastModified < change.lastModified) states.set(change.id, { lastModified: change.lastModified });
  }
  return states;
}
