import type { JumpCloudClient, SystemUser } from '../jumpcloud';
import { auditWrite, type AuditJournal, type AuditSubject, type JournalEntry } from '../lifecycle/audit-journal';
import type { AuditEventType } from '../lifecycle/audit-record';
import { classifyUserWrite, type ClassifiedEvent } from '../lifecycle/classify';
import { desiredGroupIds, renderUserGroups, toScimError, withoutGroups, type UserGroupRef, type UserMapping, type UserQueryPlan } from '../mapping';
import { compileFilter, parseFilter, type FilterLimits, type FilterNode } from '../scim/filter';
import type { CursorListResponse, CursorPager } from '../scim/cursor';
import { checkPreconditions, weakEtag } from '../scim/etag';
import { compileSort, ProjectionCache, pageFitsSortWindow, type PagingConfig, listResponse, parseListParams, project, TopK, type ListParams, type ListResponse } from '../scim/list';
import { applyPatch } from '../scim/patch';
import { ScimError } from '../scim/scim-error';
import type { ScimMeta, ScimResource } from '../scim/scim-urns';
import type { ResourceState, StateStore } from '../state/state-store';
import { isMarkedDeleted, suspendOnDelete, type LeaverOutcome, type LeaverPolicy } from './leaver-policy';
import { ManagerNames } from './manager-names';
import type { NotModified, Preconditions, Projection, RequestScope, ResourceAnswer } from './provider-types';
import { InProcessResourceLocks, type ResourceLocks } from './resource-locks';
import { filterReadsGroups, isGroupsPath, projectionReturnsGroups, UserGroups, type UserGroupsChange } from './user-groups';
import { fetchExactWindow, JUMPCLOUD_PAGE, listPageOf, streamCandidates, type UserWindow } from './user-query';
import { PageReadAhead } from './page-read-ahead';
import { deltaBoundOf, streamChangedUsers } from './delta-query';
import { activated, activationEmailOfCreate, activationEmailOfUpdate, DEFAULT_USER_STATE_SETTINGS, planCreate, planUpdate, type UserStateSettings } from './user-states';

export interface UsersProviderDeps {
  jumpcloud: JumpCloudClient;
  /** Longest and deepest filter accepted (SCIM_FILTER_MAX_LENGTH / _DEPTH); absent: the parser's defaults. */
  filterLimits?: FilterLimits;
  mapping: UserMapping;
  state: StateStore;
  paging: PagingConfig;
  /** RFC 9865 cursor paging over the index paging of `list`; absent = index paging only. */
  cursors?: CursorPager;
  now?: () => Date;
  /** The `groups` attribute's reads and writes; built over `jumpcloud` when omitted. */
  userGroups?: UserGroups;
  /** The audit journal every write is recorded in before it is answered; absent: not journaled. */
  journal?: AuditJournal;
  /** Pre-hire, activation e-mail and read-only profiles (user-states.ts); absent: JumpCloud's defaults. */
  states?: UserStateSettings;
  /** What DELETE does in JumpCloud (leaver-policy.ts); absent: `delete`. */
  leaverPolicy?: LeaverPolicy;
  /** Serialises PUT, PATCH and DELETE of one user (resource-locks.ts); absent: locks of this provider alone. */
  locks?: ResourceLocks;
  /**
   * Read an aggregation's next page ahead (page-read-ahead.ts); default true. Off while fixtures
   * are recorded: a recording gives each JumpCloud call to the SCIM request that made it, and a
   * page read in the background would land in no request, or in the wrong one.
   */
  readAhead?: boolean;
}

/** The groups of a user of the answer being rendered (absent: `groups` not looked up). */
type GroupsOf = (userId: string) => UserGroupRef[] | undefined;

type Operation = 'get' | 'list' | 'create' | 'replace' | 'patch' | 'delete';

/**
 * The shape of every id the bridge hands out: JumpCloud's lower-case 24-hex ObjectId, served
 * verbatim. SCIM ids are caseExact (RFC 7643 §3.1), so any other string names no resource.
 */
const USER_ID = /^[0-9a-f]{24}$/;

/**
 * The cap on a user's `groups` in one PATCH: JumpCloud sets no small limit on a user's groups, so
 * the patch engine's default cap of 100 values (issue 12, finding 1) would lock a user who already
 * belongs to many groups out of gaining one more through the User.
 */
const MAX_GROUPS_PER_USER = 10_000;

/**
 * The SCIM Users use cases over JumpCloud v1 system users: each method validates, maps, calls
 * JumpCloud once where it can, and answers the SCIM resource with truthful meta.
 */
export class UsersProvider {
  private readonly managers: ManagerNames;
  private readonly now: () => Date;
  private readonly groups: UserGroups;
  private readonly states: UserStateSettings;
  /** LEAVER_POLICY=suspend: accounts marked deleted answer 404 and leave every list. */
  private readonly hidesDeleted: boolean;
  private readonly locks: ResourceLocks;
  private readonly projections: ProjectionCache;
  /** Held for 10 s at most, 16 pages of 100 users at most (a few MB): see page-read-ahead.ts. */
  private readonly readAhead: PageReadAhead<SystemUser> | undefined;

  constructor(private readonly deps: UsersProviderDeps) {
    this.locks = deps.locks ?? new InProcessResourceLocks();
    this.readAhead = deps.readAhead === false ? undefined : new PageReadAhead<SystemUser>({ ttlMs: 10_000, maxEntries: 16 });
    this.projections = new ProjectionCache(deps.mapping.schemas);
    this.managers = new ManagerNames(deps.jumpcloud);
    this.now = deps.now ?? (() => new Date());
    this.groups = deps.userGroups ?? new UserGroups(deps.jumpcloud);
    this.states = deps.states ?? DEFAULT_USER_STATE_SETTINGS;
    this.hidesDeleted = deps.leaverPolicy === 'suspend';
  }

  /** GET /Users/{id} (RFC 7644 §3.4.1). */
  async get(id: string, scope: RequestScope, projection: Projection = {}, preconditions: Preconditions = {}): Promise<ResourceAnswer | NotModified> {
    requireUserId(id);
    // memberof runs beside the user read; a failing user read is the error reported.
    const groups = projectionReturnsGroups(projection, this.deps.mapping.schemas) ? this.userGroupsOf(id, 'get') : Promise.resolve(undefined);
    groups.catch(() => undefined);
    const user = await this.upstream('get', id, () => this.deps.jumpcloud.users.get(id));
    this.requireNotDeleted(user);
    const answer = await this.answer(user, scope, onlyFor(id, await groups));
    if (checkPreconditions(preconditions, answer.etag) === 'not-modified') return { notModified: true, etag: answer.etag };
    return { resource: project(answer.resource, projection, this.deps.mapping.schemas), etag: answer.etag };
  }

  /**
   * GET /Users with filter, paging, sorting and projection (RFC 7644 §3.4.2); with `cursor`,
   * the same pages by RFC 9865 cursor (a cursor page costs what its index page costs).
   */
  async list(query: Record<string, unknown>, scope: RequestScope): Promise<ListResponse<ScimResource> | CursorListResponse<ScimResource>> {
    const cursors = this.deps.cursors;
    return cursors ? cursors.page(query, 'User', (pageQuery) => this.listByIndex(pageQuery, scope)) : this.listByIndex(query, scope);
  }

  private async listByIndex(query: Record<string, unknown>, scope: RequestScope): Promise<ListResponse<ScimResource>> {
    const params = parseListParams(query, this.deps.paging);
    const filter = params.filter === undefined ? undefined : parseFilter(params.filter, this.deps.filterLimits);
    const matches = filter ? compileFilter(filter, this.deps.mapping.schemas) : undefined;
    // No filter: every user, in JumpCloud's _id order, paged by JumpCloud itself.
    const plan: UserQueryPlan = filter ? this.deps.mapping.planQuery(filter) : { kind: 'list', filter: [], exact: true };
    const fields = this.deps.mapping.fieldsFor(fieldsNeeded(params, filter));
    const returnsGroups = projectionReturnsGroups(params, this.deps.mapping.schemas);
    const readsGroups = (filter !== undefined && filterReadsGroups(filter)) || (params.sortBy !== undefined && isGroupsPath(params.sortBy));

    // A delta (`meta.lastModified gt`, SailPoint's delta aggregation): the candidates are the
    // users changed since then, from the state store, unless the plan is already a single read.
    // They arrive unordered and are ranked by _id in memory (TopK), so a page beyond the sort
    // window is answered by the filtered scan instead: the same results in the same _id order,
    // holding one page whatever startIndex a client sends.
    const delta =
      filter && plan.kind !== 'get' && plan.kind !== 'empty' && (params.sortBy !== undefined || pageFitsSortWindow(params, this.deps.paging))
        ? deltaBoundOf(filter, 'User')
        : undefined;

    // Accounts kept by the suspend leaver policy are gone for SCIM: JumpCloud cannot filter them
    // out, so its count is not the answer's and the bridge filters itself.
    if (!delta && plan.kind === 'list' && plan.exact && !params.sortBy && !this.hidesDeleted) {
      const window = await this.upstream('list', undefined, () => this.exactWindow(plan, params.startIndex - 1, params.count, fields));
      const groups = returnsGroups && window.users.length > 0 ? await this.pageGroups() : undefined;
      const resources = await this.render(window.users, scope, params, groups);
      return listResponse(resources, { totalResults: window.totalCount, startIndex: params.startIndex });
    }

    // The bridge filters (and sorts) itself: stream candidates, keep only the requested window.
    const sort = params.sortBy ? compileSort(params.sortBy, params.sortOrder, this.deps.mapping.schemas) : undefined;
    // Changed users arrive in no useful order: rank them by _id, the order of every other list
    // (so a delta page is the page a filtered scan would give), and break sort ties by it too.
    const byId = delta ? (a: { user: SystemUser }, b: { user: SystemUser }) => compareIds(a.user._id, b.user._id) : undefined;
    const order = sort ? (a: { user: SystemUser; scim: ScimResource }, b: { user: SystemUser; scim: ScimResource }) => sort(a.scim, b.scim) || (byId?.(a, b) ?? 0) : byId;
    const window = TopK.forPage<{ user: SystemUser; scim: ScimResource; state?: ResourceState }>(params, order);
    let totalResults = 0;
    // A filter or sort on groups needs every candidate's groups: the snapshot, before streaming.
    const candidateGroups = readsGroups ? await this.pageGroups() : undefined;
    const stream = (visit: (users: SystemUser[], known?: Map<string, ResourceState>) => Promise<void>): Promise<void> =>
      delta ? streamChangedUsers(this.deps.jumpcloud, this.deps.state, delta, visit, fields) : streamCandidates(this.deps.jumpcloud, plan, visit, fields);
    await this.upstream('list', undefined, () =>
      stream(
        async (users, known) => {
          // meta.lastModified lives in the state store, not in JumpCloud: delta filters
          // (SailPoint's `meta.lastModified gt`) and sorts on it need it on every candidate.
          // A delta's changed users come with theirs (read with the change list): no second read.
          const states =
            known ??
            (await this.deps.state.getMany(
              'User',
              users.map((u) => u._id),
            ));
          for (const user of users) {
            if (this.hidesDeleted && isMarkedDeleted(user)) continue;
            const state = states.get(user._id);
            const base = withLastModified(this.deps.mapping.toScim(user), lastModifiedOf(user, states));
            const scim = candidateGroups ? withGroups(base, candidateGroups(user._id), scope) : base;
            if (matches && !matches(scim)) continue;
            totalResults += 1;
            window.offer({ user, scim, ...(state ? { state } : {}) });
          }
        },
      ),
    );
    const items = window.page(params.startIndex, params.count);
    const page = items.map((item) => item.user);
    const groups = returnsGroups && page.length > 0 ? (candidateGroups ?? (await this.pageGroups())) : undefined;
    // The page is rendered with the states its users were filtered on (read once per request, not
    // again per page: issue 13's one SQLite statement per read).
    const pageStates = new Map(items.flatMap((item) => (item.state ? [[item.user._id, item.state] as const] : [])));
    const resources = await this.render(page, scope, params, groups, pageStates);
    return listResponse(resources, { totalResults, startIndex: params.startIndex });
  }

  /** POST /Users (RFC 7644 §3.3): 201 with the full resource. */
  async create(body: unknown, scope: RequestScope): Promise<ResourceAnswer> {
    const resource = this.deps.mapping.validateInbound(body);
    const plan = planCreate(this.deps.mapping.toCreateBody(withoutGroups(resource)), this.states);
    // Groups asked for on create (extension, see user-groups.ts) are validated before the user
    // exists; Okta's `groups: []` asks for nothing.
    const change = await this.upstream('create', undefined, () => this.groups.plan([], desiredGroupIds(resource) ?? []));
    const passwordSet = typeof resource.password === 'string';
    const attempted = () => classifyUserWrite({ after: withoutGroups(resource), passwordSet, groupsAdded: change.add.map((id) => ({ id })) });
    return this.audited('joiner', { resourceType: 'User', userName: stringOf(resource.userName) }, attempted, async (entry) => {
      const created = await this.upstream('create', undefined, () => this.deps.jumpcloud.users.create(plan.body), resource);
      // Created STAGED so that JumpCloud mails nothing, then activated (user-states.ts).
      const activation = plan.activate;
      if (activation) await this.upstream('create', created._id, () => this.deps.jumpcloud.users.activate(created._id, activation));
      const user = activation ? activated(created) : created;
      const state = await this.deps.state.recordChange('User', user._id, this.now());
      const subject = { id: user._id, userName: stringOf(this.deps.mapping.toScim(user).userName) };
      // Journaled so that the console's pending activations can say whether the link was mailed.
      const activationEmailSent = activationEmailOfCreate(plan, created.state, passwordSet);
      if (change.add.length === 0) {
        await entry?.succeed(classifyUserWrite({ after: this.deps.mapping.toScim(user), passwordSet, activationEmailSent }), subject);
        return this.answer(user, scope, undefined, stateOf(user._id, state));
      }
      await this.upstream('create', user._id, () => this.groups.apply(user._id, change));
      const groups = await this.upstream('create', user._id, () => this.groups.named(change.add));
      await entry?.succeed(classifyUserWrite({ after: this.deps.mapping.toScim(user), passwordSet, groupsAdded: groups.map(groupRef), activationEmailSent }), subject);
      return this.answer(user, scope, onlyFor(user._id, groups), stateOf(user._id, state));
    });
  }

  /** PUT /Users/{id} (RFC 7644 §3.5.1): the body replaces every writable attribute. */
  async replace(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions = {}): Promise<ResourceAnswer> {
    requireUserId(id);
    return this.exclusive(id, () => this.replaceExclusive(id, body, scope, preconditions));
  }

  /** `replace` while it alone writes the user: read, merge and PUT cannot interleave with another write. */
  private async replaceExclusive(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions): Promise<ResourceAnswer> {
    requireUserId(id);
    const groups = this.userGroupsOf(id, 'replace');
    groups.catch(() => undefined);
    const current = await this.upstream('replace', id, () => this.deps.jumpcloud.users.get(id));
    this.requireNotDeleted(current);
    await this.requirePreconditions(current, scope, preconditions);
    const desired = this.deps.mapping.validateInbound(body);
    const before = await groups;
    // PUT without groups leaves memberships alone (Okta PUTs without them); so does an empty
    // list, which clients send by habit (Okta's `groups: []`): wiping a user's entitlements by
    // accident is worse than asking for an explicit PATCH remove.
    const wanted = desiredGroupIds(desired);
    const change = wanted && wanted.length > 0 ? await this.planGroups('replace', id, before, wanted) : NO_CHANGE;
    return this.write('replace', current, desired, scope, before, change);
  }

  /**
   * PATCH /Users/{id} (RFC 7644 §3.5.2): every operation is applied to the current resource, the
   * result is validated, and JumpCloud gets ONE update, so a failing operation changes nothing.
   */
  async patch(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions = {}): Promise<ResourceAnswer> {
    requireUserId(id);
    return this.exclusive(id, () => this.patchExclusive(id, body, scope, preconditions));
  }

  /** `patch` while it alone writes the user (two PATCHes adding phones would otherwise keep one). */
  private async patchExclusive(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions): Promise<ResourceAnswer> {
    requireUserId(id);
    const groups = this.userGroupsOf(id, 'patch');
    groups.catch(() => undefined);
    const current = await this.upstream('patch', id, () => this.deps.jumpcloud.users.get(id));
    this.requireNotDeleted(current);
    const groupsBefore = await groups;
    // The operations see the current groups, so `remove groups[value eq "…"]` and a full
    // `replace` of groups become a diff against what the user really has.
    const before = await this.requirePreconditions(current, scope, preconditions, groupsBefore);
    const { resource: patched, changed } = applyPatch(before.resource, body, this.deps.mapping.schemas, { maxValuesByAttribute: { groups: MAX_GROUPS_PER_USER } });
    if (!changed) return before;
    const desired = this.deps.mapping.validateInbound(patched);
    // After a PATCH, no groups left means none wanted (unlike a PUT that omits them).
    const change = await this.planGroups('patch', id, groupsBefore, desiredGroupIds(desired) ?? []);
    return this.write('patch', current, desired, scope, groupsBefore, change);
  }

  /**
   * DELETE /Users/{id} (RFC 7644 §3.6), by LEAVER_POLICY (leaver-policy.ts): `delete` deletes in
   * JumpCloud, a manager's reports having their manager cleared first (JumpCloud's
   * `cascade_manager=null`, one call); `suspend` keeps the account SUSPENDED and marked deleted,
   * gone for SCIM from then on. Answers what was done, for the journal and the caller.
   */
  async delete(id: string, scope: RequestScope, preconditions: Preconditions = {}): Promise<LeaverOutcome> {
    requireUserId(id);
    return this.exclusive(id, () => this.deleteExclusive(id, scope, preconditions));
  }

  /**
   * `delete` while it alone writes the user: a PATCH racing the suspend policy's PUT would
   * otherwise write back the attributes it read, without the deleted marker, and resurrect the user.
   */
  private async deleteExclusive(id: string, scope: RequestScope, preconditions: Preconditions): Promise<LeaverOutcome> {
    requireUserId(id);
    // The suspend policy rewrites the current record; either header needs its version; otherwise
    // a delete costs one JumpCloud call.
    let current: SystemUser | undefined;
    if (this.hidesDeleted || preconditions.ifMatch || preconditions.ifNoneMatch) {
      const read = await this.upstream('delete', id, () => this.deps.jumpcloud.users.get(id));
      this.requireNotDeleted(read);
      if (preconditions.ifMatch || preconditions.ifNoneMatch) await this.requirePreconditions(read, scope, preconditions);
      current = read;
    }
    // The userName of a deleted user comes from the record read, else its journal history.
    const userName = current ? stringOf(this.deps.mapping.toScim(current).userName) : await this.deps.journal?.knownUserName('User', id);
    return this.audited('delete', { resourceType: 'User', id, userName }, () => [{ type: 'delete' }], async (entry) => {
      let outcome: LeaverOutcome;
      if (this.hidesDeleted && current) {
        const kept = current;
        const user = await this.upstream('delete', id, () => this.deps.jumpcloud.users.update(id, suspendOnDelete(kept, this.now())));
        outcome = { action: 'suspended', jumpcloudId: id, user, previousState: kept.state };
      } else {
        const user = await this.upstream('delete', id, () => this.deps.jumpcloud.users.delete(id, { cascadeManager: 'clear' }));
        outcome = { action: 'deleted', jumpcloudId: id, user, managerClearedOnReports: true };
      }
      this.managers.forget(id);
      await this.deps.state.forget('User', id);
      // A kept account is journaled as the delete SCIM asked for, with what JumpCloud really did:
      // the PUT (not a DELETE) in the calls, and `active` turned false when it was true.
      const kept = outcome.action === 'suspended' && current?.state === 'ACTIVATED' ? [{ attribute: 'active', before: true, after: false }] : undefined;
      await entry?.succeed(kept ? [{ type: 'delete', changes: kept }] : classifyUserWrite({ before: {} }));
      return outcome;
    });
  }

  /**
   * Writes the user record (one JumpCloud update, only when something changed), then the already
   * validated membership change; the answer's groups are the ones before plus the change, without
   * reading memberof again.
   */
  private async write(
    operation: 'replace' | 'patch',
    current: SystemUser,
    desired: ScimResource,
    scope: RequestScope,
    groupsBefore: UserGroupRef[],
    change: UserGroupsChange,
  ): Promise<ResourceAnswer> {
    // A STAGED user made active is activated, not PUT (user-states.ts); owned fields re-marked.
    const plan = planUpdate(this.deps.mapping.toUpdateBody(withoutGroups(desired), current), current, this.states);
    const update = plan.body;
    const activation = plan.activate;
    const membership = change.add.length > 0 || change.remove.length > 0;
    if (!update && !activation && !membership) return this.answer(current, scope, onlyFor(current._id, groupsBefore));
    const before = this.deps.mapping.toScim(current);
    const passwordSet = update !== undefined && typeof desired.password === 'string';
    const removed = groupsBefore.filter((group) => change.remove.includes(group.id)).map(groupRef);
    // What was asked, for a write that fails: the desired attributes over the current ones.
    const attempted = () =>
      classifyUserWrite({ before, after: update || activation ? { ...before, ...withoutGroups(desired) } : before, passwordSet, groupsAdded: change.add.map((id) => ({ id })), groupsRemoved: removed });
    const intended = attempted()[0]?.type ?? 'mover';
    return this.audited(intended, { resourceType: 'User', id: current._id, userName: stringOf(before.userName) }, attempted, async (entry) => {
      let updated = update ? await this.upstream(operation, current._id, () => this.deps.jumpcloud.users.update(current._id, update), desired) : current;
      if (activation) {
        await this.upstream(operation, current._id, () => this.deps.jumpcloud.users.activate(current._id, activation));
        updated = activated(updated);
      }
      let groupsAfter = groupsBefore;
      let added: UserGroupRef[] = [];
      if (membership) {
        await this.upstream(operation, current._id, () => this.groups.apply(current._id, change));
        added = await this.upstream(operation, current._id, () => this.groups.named(change.add));
        groupsAfter = [...groupsBefore.filter((group) => !change.remove.includes(group.id)), ...added];
      }
      const state = await this.deps.state.recordChange('User', updated._id, this.now());
      const after = this.deps.mapping.toScim(updated);
      const activationEmailSent = activationEmailOfUpdate(plan, current, passwordSet);
      await entry?.succeed(classifyUserWrite({ before, after, passwordSet, groupsAdded: added.map(groupRef), groupsRemoved: removed, activationEmailSent }), { userName: stringOf(after.userName) });
      return this.answer(updated, scope, onlyFor(updated._id, groupsAfter), stateOf(updated._id, state));
    });
  }

  /**
   * Runs a write under the audit journal: the intent is recorded before `write` reaches
   * JumpCloud; `write` settles it (succeed) before answering; a failure is journaled as failed
   * with the SCIM error the client gets and what was `attempted`, then rethrown.
   */
  private async audited<T>(type: AuditEventType, subject: AuditSubject, attempted: () => ClassifiedEvent[], write: (entry: JournalEntry | undefined) => Promise<T>): Promise<T> {
    try {
      return await auditWrite(this.deps.journal, type, subject, attempted, write);
    } finally {
      // Every write of a user goes through here: no page read ahead before it is served after it.
      this.readAhead?.invalidate();
    }
  }

  /**
   * A window JumpCloud answers exactly; a page of at most one JumpCloud page goes through the
   * read-ahead (page-read-ahead.ts), which an aggregation's next page is read into while the
   * client works on this one.
   */
  private async exactWindow(plan: Extract<UserQueryPlan, { kind: 'list' }>, skip: number, count: number, fields: string[] | undefined): Promise<UserWindow> {
    if (!this.readAhead || count === 0 || count > JUMPCLOUD_PAGE) return fetchExactWindow(this.deps.jumpcloud, plan, skip, count, fields);
    // The page size is part of the query: a page read ahead for count=100 is no answer to count=50.
    const key = JSON.stringify([plan.filter, fields ?? null, count]);
    const page = await this.readAhead.read(key, skip, count, (offset) => listPageOf(this.deps.jumpcloud, plan, offset, count, fields));
    return { users: page.results, totalCount: page.totalCount };
  }

  /** Runs a write to user `id` with no other write to it running (resource-locks.ts). */
  private exclusive<T>(id: string, write: () => Promise<T>): Promise<T> {
    return this.locks.exclusive({ resourceType: 'User', id }, write);
  }

  /** An account the suspend leaver policy kept is deleted for SCIM: 404 (RFC 7644 §3.6). */
  private requireNotDeleted(user: SystemUser): void {
    if (this.hidesDeleted && isMarkedDeleted(user)) throw ScimError.status(404, `User ${user._id} not found.`);
  }

  /** One user's groups from memberof, failures mapped like the operation's own. */
  private userGroupsOf(id: string, operation: Operation): Promise<UserGroupRef[]> {
    return this.upstream(operation, id, () => this.groups.ofUser(id));
  }

  /** The groups of any user of a list page, from the one batched lookup. */
  private pageGroups(): Promise<GroupsOf> {
    // Addresses no resource of the request: a 404 from it must never read as "no such user".
    return this.upstream('list', undefined, () => this.groups.lookup());
  }

  /** Validates a change of direct memberships (no JumpCloud write yet). */
  private planGroups(operation: Operation, id: string, before: UserGroupRef[], wanted: string[]): Promise<UserGroupsChange> {
    return this.upstream(operation, id, () =>
      this.groups.plan(
        before.filter((group) => group.direct).map((group) => group.id),
        wanted,
      ),
    );
  }

  /** Renders the current resource and enforces If-Match / If-None-Match (412) before a write. */
  private async requirePreconditions(current: SystemUser, scope: RequestScope, preconditions: Preconditions, groups?: UserGroupRef[]): Promise<ResourceAnswer> {
    const answer = await this.answer(current, scope, groups && onlyFor(current._id, groups));
    const verdict = checkPreconditions(preconditions, answer.etag);
    if (verdict === 'not-modified') throw ScimError.status(412, 'The resource matches If-None-Match; nothing was changed.');
    return answer;
  }

  /** One user as SCIM: mapped attributes, manager name, groups when looked up, meta with location, lastModified and version. */
  private async answer(user: SystemUser, scope: RequestScope, groups?: GroupsOf, states?: Map<string, ResourceState>): Promise<ResourceAnswer> {
    const [resource] = await this.withMeta([user], scope, groups, states);
    const complete = resource as ScimResource;
    return { resource: complete, etag: (complete.meta?.version as string) ?? weakEtag(complete) };
  }

  /** A page of users as SCIM resources, projected as the client asked. */
  private async render(users: SystemUser[], scope: RequestScope, params: ListParams, groups?: GroupsOf, states?: Map<string, ResourceState>): Promise<ScimResource[]> {
    const resources = await this.withMeta(users, scope, groups, states);
    // Compiled once per projection asked (a client pages with the same one): the projection runs
    // for every user of every page.
    return resources.map(this.projections.projectorFor(params));
  }

  /** `states`: the users' states when the caller already read them (absent: read here, one statement). */
  private async withMeta(users: SystemUser[], scope: RequestScope, groups?: GroupsOf, states?: Map<string, ResourceState>): Promise<ScimResource[]> {
    const [managerNames, known] = await Promise.all([
      // The lookup addresses no resource of the request (no id): a JumpCloud failure here is a
      // 503/500 like any other, and a 404 from it must never read as "this user is gone".
      this.upstream('list', undefined, () => this.managers.resolve(users)),
      states ??
        this.deps.state.getMany(
          'User',
          users.map((u) => u._id),
        ),
    ]);
    // Runs for every user of every page: meta is built once per user, in the order every answer
    // carries (resourceType, created, lastModified, location, version), and completed in place.
    return users.map((user) => {
      const managerDisplayName = user.manager ? managerNames.get(user.manager) : undefined;
      const rendered = this.deps.mapping.toScim(user, { managerDisplayName });
      const lastModified = lastModifiedOf(user, known);
      const meta: ScimMeta = lastModified ? { resourceType: 'User', ...rendered.meta, lastModified } : { ...rendered.meta, resourceType: 'User' };
      meta.resourceType = 'User';
      meta.location = `${scope.scimBaseUrl}/Users/${user._id}`;
      // toScim answers a new resource on every call, with meta last: completed in place, not copied.
      const withMeta: ScimResource = rendered;
      withMeta.meta = meta;
      // The version covers the user record and meta, not groups: so every projection (and a list
      // page that skipped the groups lookup) carries the same ETag; the bridge's own membership
      // writes move meta.lastModified, and with it the version.
      meta.version = weakEtag(withMeta);
      return groups ? withGroups(withMeta, groups(user._id), scope) : withMeta;
    });
  }

  /** Runs a JumpCloud call; any failure becomes the right SCIM error (the one mapping place). */
  private async upstream<T>(operation: Operation, id: string | undefined, call: () => Promise<T>, written?: ScimResource): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof ScimError) throw err;
      const scimError = toScimError(err, { operation, resourceType: 'User', id });
      if (scimError.scimType === 'uniqueness' && typeof written?.userName === 'string') {
        throw ScimError.of('uniqueness', uniquenessDetail(written.userName, this.deps.mapping.deriveUsername(written.userName)));
      }
      throw scimError;
    }
  }
}

const NO_CHANGE: UserGroupsChange = { add: [], remove: [] };

/** A group as an audit record names it. */
function groupRef(group: UserGroupRef): { id: string; name?: string } {
  return group.name === undefined ? { id: group.id } : { id: group.id, name: group.name };
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A lookup that knows the groups of one user only. */
function onlyFor(id: string, groups: UserGroupRef[] | undefined): GroupsOf | undefined {
  return groups && ((userId) => (userId === id ? groups : undefined));
}

/** The resource with `groups` rendered (RFC 7643 §4.1.2), or without it when the user has none. */
function withGroups(resource: ScimResource, groups: UserGroupRef[] | undefined, scope: RequestScope): ScimResource {
  const rendered = renderUserGroups(groups ?? [], scope.scimBaseUrl);
  if (!rendered) return resource;
  const { meta, ...rest } = resource;
  // Keep meta last, where every answer of the bridge has it.
  return meta ? { ...rest, groups: rendered, meta } : { ...rest, groups: rendered };
}

/**
 * A 404 for an id the bridge can never have issued, without asking JumpCloud: JumpCloud answers a
 * malformed id with a 400 ("invalid object id"), which would tell the client ITS request was
 * malformed when the resource simply does not exist (RFC 7644 §3.4.1).
 */
function requireUserId(id: string): void {
  if (!USER_ID.test(id)) throw ScimError.status(404, `User ${id} not found.`);
}

/** Orders JumpCloud ObjectIds as JumpCloud's `sort=_id` does (lower-case hex: as text). */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The state a write just recorded, as the answer's known states: a write's answer reads no state
 * back (issue 13); undefined (a dry run records nothing) leaves the answer to read it.
 */
function stateOf(id: string, state: ResourceState | undefined): Map<string, ResourceState> | undefined {
  return state && new Map([[id, state]]);
}

/** meta.lastModified is never invented: the latest change the bridge knows of, else creation. */
function lastModifiedOf(user: SystemUser, states: Map<string, ResourceState>): string | undefined {
  return states.get(user._id)?.lastModified ?? (typeof user.created === 'string' && user.created !== '' ? user.created : undefined);
}

function withLastModified(resource: ScimResource, lastModified: string | undefined): ScimResource {
  return lastModified ? { ...resource, meta: { resourceType: 'User', ...resource.meta, lastModified } } : resource;
}

/** Names both values that JumpCloud holds unique, since its duplicate answer does not say which collided. */
function uniquenessDetail(userName: string, username: string): string {
  return `A user with userName "${userName}" (JumpCloud username "${username}") or with the same work e-mail already exists; JumpCloud usernames and e-mail addresses must be unique.`;
}

/** The attributes the JumpCloud `fields` projection must cover: those asked for, filtered and sorted on. */
function fieldsNeeded(params: ListParams, filter: FilterNode | undefined): Projection {
  if (!params.attributes?.length) {
    // An excluded attribute may still be filtered or sorted on (`filter=title pr&excludedAttributes=title`):
    // then JumpCloud must send everything, and only the answer leaves it out.
    if (filter || params.sortBy) return {};
    return { excludedAttributes: params.excludedAttributes };
  }
  return { attributes: [...params.attributes, ...(filter ? filterAttributes(filter) : []), ...(params.sortBy ? [params.sortBy] : [])] };
}

/** Every attribute a filter reads, in SCIM path form (`name.givenName`, `urn:...:User:department`). */
export function filterAttributes(node: FilterNode): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...filterAttributes(node.left), ...filterAttributes(node.right)];
    case 'not':
      return filterAttributes(node.filter);
    default: {
      const { schema, attribute } = node.path;
      return [schema ? `${schema}:${attribute}` : attribute];
    }
  }
}
