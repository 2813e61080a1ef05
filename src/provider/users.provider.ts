import type { JumpCloudClient, SystemUser } from '../jumpcloud';
import { toScimError, type UserMapping, type UserQueryPlan } from '../mapping';
import { compileFilter, parseFilter, type FilterNode } from '../scim/filter';
import { checkPreconditions, weakEtag } from '../scim/etag';
import { compileSort, listResponse, parseListParams, project, TopK, type ListParams, type ListResponse } from '../scim/list';
import { applyPatch } from '../scim/patch';
import { ScimError } from '../scim/scim-error';
import type { ScimResource } from '../scim/scim-urns';
import type { ResourceState, StateStore } from '../state/state-store';
import { ManagerNames } from './manager-names';
import type { NotModified, Preconditions, Projection, RequestScope, ResourceAnswer } from './provider-types';
import { fetchExactWindow, streamCandidates } from './user-query';

export interface UsersProviderDeps {
  jumpcloud: JumpCloudClient;
  mapping: UserMapping;
  state: StateStore;
  paging: { defaultCount: number; maxCount: number };
  now?: () => Date;
}

type Operation = 'get' | 'list' | 'create' | 'replace' | 'patch' | 'delete';

/**
 * The shape of every id the bridge hands out: JumpCloud's lower-case 24-hex ObjectId, served
 * verbatim. SCIM ids are caseExact (RFC 7643 §3.1), so any other string names no resource.
 */
const USER_ID = /^[0-9a-f]{24}$/;

/**
 * The SCIM Users use cases over JumpCloud v1 system users: each method validates, maps, calls
 * JumpCloud once where it can, and answers the SCIM resource with truthful meta.
 */
export class UsersProvider {
  private readonly managers: ManagerNames;
  private readonly now: () => Date;

  constructor(private readonly deps: UsersProviderDeps) {
    this.managers = new ManagerNames(deps.jumpcloud);
    this.now = deps.now ?? (() => new Date());
  }

  /** GET /Users/{id} (RFC 7644 §3.4.1). */
  async get(id: string, scope: RequestScope, projection: Projection = {}, preconditions: Preconditions = {}): Promise<ResourceAnswer | NotModified> {
    requireUserId(id);
    const user = await this.upstream('get', id, () => this.deps.jumpcloud.users.get(id));
    const answer = await this.answer(user, scope);
    if (checkPreconditions(preconditions, answer.etag) === 'not-modified') return { notModified: true, etag: answer.etag };
    return { resource: project(answer.resource, projection, this.deps.mapping.schemas), etag: answer.etag };
  }

  /** GET /Users with filter, paging, sorting and projection (RFC 7644 §3.4.2). */
  async list(query: Record<string, unknown>, scope: RequestScope): Promise<ListResponse<ScimResource>> {
    const params = parseListParams(query, this.deps.paging);
    const filter = params.filter === undefined ? undefined : parseFilter(params.filter);
    const matches = filter ? compileFilter(filter, this.deps.mapping.schemas) : undefined;
    // No filter: every user, in JumpCloud's _id order, paged by JumpCloud itself.
    const plan: UserQueryPlan = filter ? this.deps.mapping.planQuery(filter) : { kind: 'list', filter: [], exact: true };
    const fields = this.deps.mapping.fieldsFor(fieldsNeeded(params, filter));

    if (plan.kind === 'list' && plan.exact && !params.sortBy) {
      const window = await this.upstream('list', undefined, () => fetchExactWindow(this.deps.jumpcloud, plan, params.startIndex - 1, params.count, fields));
      const resources = await this.render(window.users, scope, params);
      return listResponse(resources, { totalResults: window.totalCount, startIndex: params.startIndex });
    }

    // The bridge filters (and sorts) itself: stream candidates, keep only the requested window.
    const keep = params.startIndex - 1 + params.count;
    const sort = params.sortBy ? compileSort(params.sortBy, params.sortOrder, this.deps.mapping.schemas) : undefined;
    const window = new TopK<{ user: SystemUser; scim: ScimResource }>(keep, sort ? (a, b) => sort(a.scim, b.scim) : undefined);
    let totalResults = 0;
    await this.upstream('list', undefined, () =>
      streamCandidates(
        this.deps.jumpcloud,
        plan,
        async (users) => {
          // meta.lastModified lives in the state store, not in JumpCloud: delta filters
          // (SailPoint's `meta.lastModified gt`) and sorts on it need it on every candidate.
          const states = await this.deps.state.getMany(
            'User',
            users.map((u) => u._id),
          );
          for (const user of users) {
            const scim = withLastModified(this.deps.mapping.toScim(user), lastModifiedOf(user, states));
            if (matches && !matches(scim)) continue;
            totalResults += 1;
            window.offer({ user, scim });
          }
        },
        fields,
      ),
    );
    const page = window.items().slice(params.startIndex - 1, keep).map((item) => item.user);
    const resources = await this.render(page, scope, params);
    return listResponse(resources, { totalResults, startIndex: params.startIndex });
  }

  /** POST /Users (RFC 7644 §3.3): 201 with the full resource. */
  async create(body: unknown, scope: RequestScope): Promise<ResourceAnswer> {
    const resource = this.deps.mapping.validateInbound(body);
    const createBody = this.deps.mapping.toCreateBody(resource);
    const user = await this.upstream('create', undefined, () => this.deps.jumpcloud.users.create(createBody), resource);
    await this.deps.state.recordChange('User', user._id, this.now());
    return this.answer(user, scope);
  }

  /** PUT /Users/{id} (RFC 7644 §3.5.1): the body replaces every writable attribute. */
  async replace(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions = {}): Promise<ResourceAnswer> {
    requireUserId(id);
    const current = await this.upstream('replace', id, () => this.deps.jumpcloud.users.get(id));
    await this.requirePreconditions(current, scope, preconditions);
    const desired = this.deps.mapping.validateInbound(body);
    return this.write('replace', current, desired, scope);
  }

  /**
   * PATCH /Users/{id} (RFC 7644 §3.5.2): every operation is applied to the current resource, the
   * result is validated, and JumpCloud gets ONE update, so a failing operation changes nothing.
   */
  async patch(id: string, body: unknown, scope: RequestScope, preconditions: Preconditions = {}): Promise<ResourceAnswer> {
    requireUserId(id);
    const current = await this.upstream('patch', id, () => this.deps.jumpcloud.users.get(id));
    const before = await this.requirePreconditions(current, scope, preconditions);
    const { resource: patched, changed } = applyPatch(before.resource, body, this.deps.mapping.schemas);
    if (!changed) return before;
    const desired = this.deps.mapping.validateInbound(patched);
    return this.write('patch', current, desired, scope);
  }

  /** DELETE /Users/{id} (RFC 7644 §3.6). A manager's reports have their manager cleared first (JumpCloud's cascade). */
  async delete(id: string, scope: RequestScope, preconditions: Preconditions = {}): Promise<void> {
    requireUserId(id);
    // Either header needs the current version; without one, a delete costs one JumpCloud call.
    if (preconditions.ifMatch || preconditions.ifNoneMatch) {
      const current = await this.upstream('delete', id, () => this.deps.jumpcloud.users.get(id));
      await this.requirePreconditions(current, scope, preconditions);
    }
    await this.upstream('delete', id, () => this.deps.jumpcloud.users.delete(id, { cascadeManager: 'clear' }));
    this.managers.forget(id);
    await this.deps.state.forget('User', id);
  }

  private async write(operation: 'replace' | 'patch', current: SystemUser, desired: ScimResource, scope: RequestScope): Promise<ResourceAnswer> {
    const update = this.deps.mapping.toUpdateBody(desired, current);
    if (!update) return this.answer(current, scope);
    const updated = await this.upstream(operation, current._id, () => this.deps.jumpcloud.users.update(current._id, update), desired);
    await this.deps.state.recordChange('User', updated._id, this.now());
    return this.answer(updated, scope);
  }

  /** Renders the current resource and enforces If-Match / If-None-Match (412) before a write. */
  private async requirePreconditions(current: SystemUser, scope: RequestScope, preconditions: Preconditions): Promise<ResourceAnswer> {
    const answer = await this.answer(current, scope);
    const verdict = checkPreconditions(preconditions, answer.etag);
    if (verdict === 'not-modified') throw ScimError.status(412, 'The resource matches If-None-Match; nothing was changed.');
    return answer;
  }

  /** One user as SCIM: mapped attributes, manager name, meta with location, lastModified and version. */
  private async answer(user: SystemUser, scope: RequestScope): Promise<ResourceAnswer> {
    const [resource] = await this.withMeta([user], scope);
    const complete = resource as ScimResource;
    return { resource: complete, etag: (complete.meta?.version as string) ?? weakEtag(complete) };
  }

  /** A page of users as SCIM resources, projected as the client asked. */
  private async render(users: SystemUser[], scope: RequestScope, params: ListParams): Promise<ScimResource[]> {
    const resources = await this.withMeta(users, scope);
    return resources.map((resource) => project(resource, params, this.deps.mapping.schemas));
  }

  private async withMeta(users: SystemUser[], scope: RequestScope): Promise<ScimResource[]> {
    const [managerNames, states] = await Promise.all([
      // The lookup addresses no resource of the request (no id): a JumpCloud failure here is a
      // 503/500 like any other, and a 404 from it must never read as "this user is gone".
      this.upstream('list', undefined, () => this.managers.resolve(users)),
      this.deps.state.getMany(
        'User',
        users.map((u) => u._id),
      ),
    ]);
    return users.map((user) => {
      const managerDisplayName = user.manager ? managerNames.get(user.manager) : undefined;
      const resource = withLastModified(this.deps.mapping.toScim(user, { managerDisplayName }), lastModifiedOf(user, states));
      const meta = { ...(resource.meta ?? {}), resourceType: 'User', location: `${scope.scimBaseUrl}/Users/${user._id}` };
      const withMeta: ScimResource = { ...resource, meta };
      withMeta.meta = { ...meta, version: weakEtag(withMeta) };
      return withMeta;
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

/**
 * A 404 for an id the bridge can never have issued, without asking JumpCloud: JumpCloud answers a
 * malformed id with a 400 ("invalid object id"), which would tell the client ITS request was
 * malformed when the resource simply does not exist (RFC 7644 §3.4.1).
 */
function requireUserId(id: string): void {
  if (!USER_ID.test(id)) throw ScimError.status(404, `User ${id} not found.`);
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
