import type { JumpCloudClient, SystemUser, UserGroup } from '../jumpcloud';
import { auditWrite, type AuditJournal } from '../lifecycle/audit-journal';
import { classifyGroupWrite } from '../lifecycle/classify';
import { ALL_USERS_GROUP_NAME, toScimError, type GroupMapping } from '../mapping';
import { checkPreconditions, weakEtag } from '../scim/etag';
import { compileFilter, parseFilter, type FilterLimits } from '../scim/filter';
import { compileSort, pageFitsSortWindow, type PagingConfig, parseListParams, ProjectionCache, TopK } from '../scim/list';
import type { CursorPager } from '../scim/cursor';
import { applyPatch, validatePatchRequest } from '../scim/patch';
import { ScimError } from '../scim/scim-error';
import type { ScimResource } from '../scim/scim-urns';
import type { ResourceState, StateStore } from '../state/state-store';
import { fetchGroupWindow, getGroupIfAny, groupIdsOfUser, streamGroupCandidates } from './group-query';
import { deltaBoundOf, streamChangedGroups } from './delta-query';
import { memberShapeOf, type GroupList, type GroupView } from './group-view';
import { diffAgainst, idsToAdd, isNoMembershipChange, noMembershipChange, replaceMembers, splitPatch, type MembershipIntent, type SplitPatch } from './membership-intent';
import { findUsers, memberIdSet, memberPages, renderMembers, type MemberShape, type ScimMember } from './membership-reader';
import { writeMembership, type MembershipWriteReport } from './membership-writer';
import type { Preconditions, Projection, RequestScope } from './provider-types';
import { InProcessResourceLocks, type ResourceLocks } from './resource-locks';

export interface GroupsProviderDeps {
  jumpcloud: JumpCloudClient;
  /** Longest and deepest filter accepted (SCIM_FILTER_MAX_LENGTH / _DEPTH); absent: the parser's defaults. */
  filterLimits?: FilterLimits;
  mapping: GroupMapping;
  state: StateStore;
  paging: PagingConfig;
  now?: () => Date;
  /** Told about every membership write (operations, concurrency used, time): for metrics and the bench. */
  onMembershipWrite?: (report: MembershipWriteReport) => void;
  /** Cursor paging (RFC 9865); absent: index paging only. */
  cursors?: CursorPager;
  /** The audit journal every write is recorded in before it is answered; absent: not journaled. */
  journal?: AuditJournal;
  /** Serialises PUT, PATCH and DELETE of one group (resource-locks.ts); absent: locks of this provider alone. */
  locks?: ResourceLocks;
}

type Operation = 'get' | 'list' | 'create' | 'replace' | 'patch' | 'delete';

/** JumpCloud's lower-case 24-hex ObjectId: any other string names no group (ids are caseExact). */
const GROUP_ID = /^[0-9a-f]{24}$/;

/**
 * The SCIM Groups use cases over JumpCloud v2 user groups. Membership is always written as a
 * DIFF of member operations (never the whole list written back), after every referenced user is
 * known to exist; members are read page by page and streamed, never held whole.
 *
 * ETag: the weak hash of the group WITHOUT its members, `meta.lastModified` included. Every write
 * through the bridge (membership too) records a change in the state store, which moves
 * lastModified and so the ETag; hashing the members would mean reading 100,000 of them before
 * the first byte of the answer (and contradict `excludedAttributes=members`). Membership changed
 * in the JumpCloud console is not seen by the ETag until the change feed records it.
 */
export class GroupsProvider {
  private readonly now: () => Date;
  private readonly locks: ResourceLocks;
  private readonly projections: ProjectionCache;

  constructor(private readonly deps: GroupsProviderDeps) {
    this.now = deps.now ?? (() => new Date());
    this.locks = deps.locks ?? new InProcessResourceLocks();
    this.projections = new ProjectionCache(deps.mapping.schemas);
  }

  /** GET /Groups/{id} (RFC 7644 §3.4.1); `notModified` when If-None-Match matches. */
  async get(id: string, scope: RequestScope, projection: Projection = {}, preconditions: Preconditions = {}): Promise<GroupView | { notModified: true; etag: string }> {
    requireGroupId(id);
    const group = await this.upstream('get', id, () => this.deps.jumpcloud.groups.get(id));
    const view = await this.view(group, scope, projection);
    if (checkPreconditions(preconditions, view.etag) === 'not-modified') return { notModified: true, etag: view.etag };
    return view;
  }

  /**
   * GET /Groups (RFC 7644 §3.4.2). Unfiltered and unsorted, JumpCloud pages itself (one request
   * per 100 groups, no member read when members are excluded); otherwise candidates are streamed
   * and checked with the SCIM filter, keeping only the requested window.
   */
  async list(query: Record<string, unknown>, scope: RequestScope): Promise<GroupList> {
    const cursor = this.deps.cursors?.open(query, 'Group');
    if (!cursor) return this.listByIndex(query, scope);
    // A cursor stands for an index position in the same stable order: same page, same cost.
    const { totalResults, groups } = await this.listByIndex(cursor.query, scope);
    return { totalResults, groups, nextCursor: cursor.nextCursor(groups.length, totalResults) };
  }

  private async listByIndex(query: Record<string, unknown>, scope: RequestScope): Promise<GroupList> {
    const params = parseListParams(query, this.deps.paging);
    const filter = params.filter === undefined ? undefined : parseFilter(params.filter, this.deps.filterLimits);
    const projection = { attributes: params.attributes, excludedAttributes: params.excludedAttributes };

    if (!filter && !params.sortBy) {
      const window = await this.upstream('list', undefined, () => fetchGroupWindow(this.deps.jumpcloud, params.startIndex - 1, params.count));
      return { totalResults: window.totalCount, startIndex: params.startIndex, groups: await this.views(window.groups, scope, projection) };
    }

    const plan = this.deps.mapping.planQuery(filter);
    const matches = filter ? compileFilter(filter, this.deps.mapping.schemas) : undefined;
    const sort = params.sortBy ? compileSort(params.sortBy, params.sortOrder, this.deps.mapping.schemas) : undefined;
    // A delta (`meta.lastModified gt`): the candidates are the groups changed since then (state
    // store, membership writes included), unless the plan is already a single read.
    const kind = plan.candidates.kind;
    // Ranked by id in memory (TopK): a page beyond the sort window takes the filtered scan instead
    // (same results, same id order, one page held whatever the startIndex).
    const delta =
      filter && kind !== 'get' && kind !== 'empty' && (params.sortBy !== undefined || pageFitsSortWindow(params, this.deps.paging))
        ? deltaBoundOf(filter, 'Group')
        : undefined;
    // Changed groups arrive in no useful order: rank them by id, JumpCloud's list order.
    const byId = delta ? (a: { group: UserGroup }, b: { group: UserGroup }) => (a.group.id < b.group.id ? -1 : a.group.id > b.group.id ? 1 : 0) : undefined;
    const window = TopK.forPage<{ group: UserGroup; scim: ScimResource; state?: ResourceState }>(params, sort ? (a, b) => sort(a.scim, b.scim) || (byId?.(a, b) ?? 0) : byId);
    let totalResults = 0;
    await this.upstream('list', undefined, async () => {
      // Membership tests are answered from each tested user's memberof, never from member lists.
      const groupsOf = new Map<string, Set<string>>();
      for (const userId of plan.memberIds) groupsOf.set(userId, await groupIdsOfUser(this.deps.jumpcloud, userId));
      const stream = (visit: (groups: UserGroup[], known?: Map<string, ResourceState>) => Promise<void>): Promise<void> =>
        delta ? streamChangedGroups(this.deps.jumpcloud, this.deps.state, delta, visit) : streamGroupCandidates(this.deps.jumpcloud, plan.candidates, groupsOf, visit);
      await stream(async (groups, known) => {
        // A delta's changed groups come with their states (read with the change list).
        const states = known ?? (await this.deps.state.getMany('Group', groups.map((g) => g.id)));
        for (const group of groups) {
          const scim = this.complete(group, states, scope);
          if (matches && !matches(withKnownMembers(scim, group.id, groupsOf))) continue;
          totalResults += 1;
          const state = states.get(group.id);
          window.offer({ group, scim, ...(state ? { state } : {}) });
        }
      });
    });
    const items = window.page(params.startIndex, params.count);
    // Rendered with the states the groups were filtered on: the request reads them once.
    const pageStates = new Map(items.flatMap((item) => (item.state ? [[item.group.id, item.state] as const] : [])));
    return { totalResults, startIndex: params.startIndex, groups: await this.views(items.map((item) => item.group), scope, projection, undefined, pageStates) };
  }

  /** POST /Groups (RFC 7644 §3.3): every member must exist BEFORE the group is created. */
  async create(body: unknown, scope: RequestScope, projection: Projection = {}): Promise<GroupView> {
    const { resource, memberIds = [] } = this.deps.mapping.validateInbound(body);
    const intent = noMembershipChange();
    replaceMembers(intent, memberIds);
    const users = await this.requireUsers(idsToAdd(intent));
    const createBody = this.deps.mapping.toCreateBody(resource);
    const added = idsToAdd(intent);
    const displayName = typeof resource.displayName === 'string' ? resource.displayName : undefined;
    const attempted = () => classifyGroupWrite({ after: resource, membersAdded: added }, { id: '', name: displayName });
    const group = await auditWrite(this.deps.journal, 'group_create', { resourceType: 'Group', displayName }, attempted, async (entry) => {
      const created = await this.upstream('create', undefined, () => this.deps.jumpcloud.groups.create(createBody));
      if (added.length > 0) await this.writeMembers(created, { add: added, remove: [] });
      const state = await this.deps.state.recordChange('Group', created.id, this.now());
      const ref = { id: created.id, name: stringOf(created.name) };
      await entry?.succeed(classifyGroupWrite({ after: this.deps.mapping.toScim(created), membersAdded: added }, ref), { id: created.id, displayName: ref.name });
      return { created, state };
    });
    // The new group's members are exactly those just added: render them without reading them back;
    // nor its state, which the write just recorded (undefined in a dry run: read).
    const known = group.state && new Map([[group.created.id, group.state]]);
    return this.view(group.created, scope, projection, added.length > 0 ? listedMembers(added, users, scope) : undefined, known);
  }

  /**
   * PUT /Groups/{id} (RFC 7644 §3.5.1). `members` present: a full replacement (the current list is
   * read to compute the diff, then member operations); absent: membership is left alone (never
   * wiped because a client did not send it).
   */
  async replace(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions = {}, projection: Projection = {}): Promise<GroupView> {
    requireGroupId(id);
    return this.exclusive(id, () => this.replaceExclusive(id, body, scope, preconditions, projection));
  }

  /** `replace` while it alone writes the group: the group PUT is a read-merge-write of the record. */
  private async replaceExclusive(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions, projection: Projection): Promise<GroupView> {
    requireGroupId(id);
    const { resource, memberIds } = this.deps.mapping.validateInbound(body);
    const current = await this.upstream('replace', id, () => this.deps.jumpcloud.groups.get(id));
    await this.requirePreconditions(current, scope, preconditions);
    const intent = noMembershipChange();
    if (memberIds !== undefined) replaceMembers(intent, memberIds);
    await this.apply('replace', current, this.deps.mapping.toUpdateBody(resource, current), intent);
    return this.view(await this.upstream('replace', id, () => this.deps.jumpcloud.groups.get(id)), scope, projection);
  }

  /**
   * PATCH /Groups/{id} (RFC 7644 §3.5.2): attribute operations become one group PUT, membership
   * operations one member operation per member changed. Answers the resource only when the
   * client asked for attributes (`projection`); otherwise undefined (HTTP 204).
   */
  async patch(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions = {}, projection?: Projection): Promise<GroupView | undefined> {
    requireGroupId(id);
    const split = splitPatch(validatePatchRequest(body), this.deps.mapping.schemas);
    // Member adds and removes are JumpCloud's own one-member operations, written as a diff: they
    // cannot lose another write, and SailPoint sends one PATCH per member, so they do not queue.
    // Attribute operations (a read-merge-PUT) and a full replacement of members (a diff against
    // the list read) do.
    if (!split.attributes && split.membership.replaceWith === undefined) return this.patchSplit(id, split, scope, preconditions, projection);
    return this.exclusive(id, () => this.patchSplit(id, split, scope, preconditions, projection));
  }

  /** `patch` of a validated request, split into its membership and attribute parts. */
  private async patchSplit(id: string, { membership, attributes }: SplitPatch, scope: RequestScope, preconditions: Preconditions, projection?: Projection): Promise<GroupView | undefined> {
    const current = await this.upstream('patch', id, () => this.deps.jumpcloud.groups.get(id));
    await this.requirePreconditions(current, scope, preconditions);
    let update;
    if (attributes) {
      const { resource: patched, changed } = applyPatch(this.deps.mapping.toScim(current), attributes, this.deps.mapping.schemas);
      if (changed) update = this.deps.mapping.toUpdateBody(this.deps.mapping.validateInbound(patched).resource, current);
    }
    const changed = await this.apply('patch', current, update, membership);
    if (!projection) return undefined;
    const after = changed ? await this.upstream('patch', id, () => this.deps.jumpcloud.groups.get(id)) : current;
    return this.view(after, scope, projection);
  }

  /** DELETE /Groups/{id} (RFC 7644 §3.6). "All Users" is JumpCloud's and cannot be deleted. */
  async delete(id: string, scope: RequestScope, preconditions: Preconditions = {}): Promise<void> {
    requireGroupId(id);
    return this.exclusive(id, () => this.deleteExclusive(id, scope, preconditions));
  }

  /** `delete` while it alone writes the group: a write in flight finishes before the group goes. */
  private async deleteExclusive(id: string, scope: RequestScope, preconditions: Preconditions): Promise<void> {
    requireGroupId(id);
    const current = await this.upstream('delete', id, () => this.deps.jumpcloud.groups.get(id));
    await this.requirePreconditions(current, scope, preconditions);
    if (current.name === ALL_USERS_GROUP_NAME) {
      throw ScimError.of('mutability', `Group "${String(current.name)}" (${id}) is managed by JumpCloud and cannot be deleted.`);
    }
    const ref = { id, name: stringOf(current.name) };
    await auditWrite(this.deps.journal, 'group_delete', { resourceType: 'Group', id, displayName: ref.name }, () => [{ type: 'group_delete' }], async (entry) => {
      await this.upstream('delete', id, () => this.deps.jumpcloud.groups.delete(id));
      await this.deps.state.forget('Group', id);
      await entry?.succeed(classifyGroupWrite({ before: this.deps.mapping.toScim(current) }, ref));
    });
  }

  /**
   * Validates everything first (read-only membership, unknown users), then writes: the group PUT
   * (if any) and the member operations. Answers whether anything was written.
   */
  private async apply(operation: 'replace' | 'patch', current: UserGroup, update: ReturnType<GroupMapping['toUpdateBody']>, intent: MembershipIntent): Promise<boolean> {
    if (!isNoMembershipChange(intent)) {
      const reason = this.deps.mapping.membershipReadOnlyReason(current);
      if (reason) throw ScimError.of('mutability', reason);
      await this.requireUsers(idsToAdd(intent));
    }
    if (!update && isNoMembershipChange(intent)) return false;
    const before = this.deps.mapping.toScim(current);
    const ref = { id: current.id, name: stringOf(current.name) };
    const subject = { resourceType: 'Group' as const, id: current.id, displayName: ref.name };
    let change = { add: [] as string[], remove: [] as string[] };
    const attempted = () => classifyGroupWrite({ before, after: update ? { ...before, ...update, displayName: update.name ?? before.displayName } : before, membersAdded: change.add, membersRemoved: change.remove }, ref);
    return auditWrite(this.deps.journal, 'group_update', subject, attempted, async (entry) => {
      let written = false;
      let after = current;
      if (update) {
        after = await this.upstream(operation, current.id, () => this.deps.jumpcloud.groups.update(current.id, update));
        written = true;
      }
      if (!isNoMembershipChange(intent)) {
        const present = intent.replaceWith === undefined ? new Set<string>() : await this.upstream(operation, current.id, () => memberIdSet(this.deps.jumpcloud, current.id));
        change = diffAgainst(intent, present);
        if (change.add.length + change.remove.length > 0) {
          const report = await this.writeMembers(current, change);
          written ||= report.added + report.removed > 0;
        }
      }
      if (written) await this.deps.state.recordChange('Group', current.id, this.now());
      const events = classifyGroupWrite({ before, after: this.deps.mapping.toScim(after), membersAdded: change.add, membersRemoved: change.remove }, { ...ref, name: stringOf(after.name) });
      await entry?.succeed(events, { displayName: stringOf(after.name) });
      return written;
    });
  }

  /** Runs a write to group `id` with no other write to it running (resource-locks.ts). */
  private exclusive<T>(id: string, write: () => Promise<T>): Promise<T> {
    return this.locks.exclusive({ resourceType: 'Group', id }, write);
  }

  /** Sends the member operations; a 404 is "not a member" unless the group itself is gone. */
  private async writeMembers(group: UserGroup, change: { add: string[]; remove: string[] }): Promise<MembershipWriteReport> {
    const report = await this.upstream('patch', group.id, () => writeMembership(this.deps.jumpcloud, group.id, change));
    this.deps.onMembershipWrite?.(report);
    if (report.notFound.add.length + report.notFound.remove.length > 0) {
      const still = await this.upstream('patch', group.id, () => getGroupIfAny(this.deps.jumpcloud, group.id));
      if (!still) throw ScimError.status(404, `Group ${group.id} not found.`);
      if (report.notFound.add.length > 0) {
        throw ScimError.of('invalidValue', `These users were deleted from JumpCloud while being added, and are not members: ${report.notFound.add.join(', ')}.`);
      }
    }
    return report;
  }

  /**
   * Every id must be an existing JumpCloud user, checked in batches of 100 before anything is
   * written, so that a request naming one unknown user changes nothing.
   */
  private async requireUsers(ids: string[]): Promise<Map<string, SystemUser>> {
    if (ids.length === 0) return new Map();
    const found = await this.upstream('list', undefined, () => findUsers(this.deps.jumpcloud, ids));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 20).map((id) => JSON.stringify(id)).join(', ');
      const more = unknown.length > 20 ? ` and ${unknown.length - 20} more` : '';
      throw ScimError.of('invalidValue', `members: no JumpCloud user has the id ${shown}${more}; nothing was changed.`);
    }
    return found;
  }

  private async requirePreconditions(current: UserGroup, scope: RequestScope, preconditions: Preconditions): Promise<void> {
    if (!preconditions.ifMatch && !preconditions.ifNoneMatch) return;
    const states = await this.deps.state.getMany('Group', [current.id]);
    const etag = weakEtag(this.complete(current, states, scope));
    if (checkPreconditions({ ...preconditions, method: 'PUT' }, etag) === 'not-modified') throw ScimError.status(412, 'The resource matches If-None-Match; nothing was changed.');
  }

  /** The group as SCIM with its full meta (location, lastModified), members left out. */
  private complete(group: UserGroup, states: Map<string, ResourceState>, scope: RequestScope): ScimResource {
    const resource = this.deps.mapping.toScim(group);
    const meta = resource.meta ?? { resourceType: 'Group' };
    // meta.lastModified is never invented: the latest change the bridge knows of, else creation.
    const lastModified = states.get(group.id)?.lastModified ?? meta.created;
    return { ...resource, meta: { ...meta, ...(lastModified ? { lastModified } : {}), location: `${scope.scimBaseUrl}/Groups/${group.id}` } };
  }

  private async view(
    group: UserGroup,
    scope: RequestScope,
    projection: Projection,
    members?: (shape: MemberShape) => () => AsyncIterable<ScimMember[]>,
    known?: Map<string, ResourceState>,
  ): Promise<GroupView> {
    const [view] = await this.views([group], scope, projection, members, known);
    return view as GroupView;
  }

  /** `known`: the groups' states when the caller already read them (absent: read here, one statement). */
  private async views(
    groups: UserGroup[],
    scope: RequestScope,
    projection: Projection,
    members?: (shape: MemberShape) => () => AsyncIterable<ScimMember[]>,
    known?: Map<string, ResourceState>,
  ): Promise<GroupView[]> {
    const states = known ?? (await this.deps.state.getMany('Group', groups.map((g) => g.id)));
    const shape = memberShapeOf(projection, this.deps.mapping.schemas);
    // Compiled once per projection asked: it runs for every group of every page.
    const projector = this.projections.projectorFor(projection);
    return groups.map((group) => {
      const complete = this.complete(group, states, scope);
      const etag = weakEtag(complete);
      const resource = projector({ ...complete, meta: { ...(complete.meta as object), version: etag } as ScimResource['meta'] });
      if (!shape) return { resource, etag };
      const source = members ? members(shape) : () => this.upstreamPages(memberPages(this.deps.jumpcloud, group.id, shape, scope.scimBaseUrl), group.id);
      return { resource, etag, members: source };
    });
  }

  /** Member pages with JumpCloud failures mapped like every other upstream failure. */
  private async *upstreamPages(pages: AsyncGenerator<ScimMember[]>, id: string): AsyncGenerator<ScimMember[]> {
    while (true) {
      const next = await this.upstream('get', id, () => pages.next());
      if (next.done) return;
      yield next.value;
    }
  }

  /** Runs a JumpCloud call; any failure becomes the right SCIM error (the one mapping place). */
  private async upstream<T>(operation: Operation, id: string | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof ScimError) throw err;
      throw toScimError(err, { operation, resourceType: 'Group', id });
    }
  }
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A 404 for an id the bridge can never have issued, without asking JumpCloud (RFC 7644 §3.4.1). */
function requireGroupId(id: string): void {
  if (!GROUP_ID.test(id)) throw ScimError.status(404, `Group ${id} not found.`);
}

/**
 * The copy a filter is checked against: `members` holds the tested users this group is known
 * (from their memberof) to contain, so a membership test never reads the group's member list.
 */
function withKnownMembers(resource: ScimResource, groupId: string, groupsOf: ReadonlyMap<string, ReadonlySet<string>>): ScimResource {
  if (groupsOf.size === 0) return resource;
  const members = [...groupsOf].filter(([, groups]) => groups.has(groupId)).map(([userId]) => ({ value: userId, type: 'User' }));
  return members.length > 0 ? { ...resource, members } : resource;
}

/** Members known without reading them back (a group just created with them), paged like a read. */
function listedMembers(ids: string[], users: ReadonlyMap<string, SystemUser>, scope: RequestScope): (shape: MemberShape) => () => AsyncIterable<ScimMember[]> {
  return (shape) =>
    async function* pages() {
      for (let start = 0; start < ids.length; start += 100) yield renderMembers(ids.slice(start, start + 100), users, shape, scope.scimBaseUrl);
    };
}
