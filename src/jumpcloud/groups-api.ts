import { isFilterValueSafe, v2Filter } from './filters';
import { GroupSearchCase } from './group-search-case';
import { JumpCloudError } from './jumpcloud-error';
import { assertValidRequestBody } from './jumpcloud-schemas';
import { fieldList, filterQuery, intHeader, MAX_PAGE_SIZE, pagingQuery, query, V2_FILTER_PATTERN, type PageOptions } from './paging';
import type { CallResult, Transport } from './transport';
import type { GraphConnection, GraphObjectWithPaths, MemberOperation, UserGroup, UserGroupBody, V2Page } from './types';

/** Options of `groups.listPage`. */
export interface GroupListOptions extends PageOptions {
  /** Sort fields, `-field` for descending; sent COMMA separated (v2). */
  sort?: string[];
  /** Fields to return; sent comma separated. */
  fields?: string[];
  /** v2 filter strings (build them with `v2Filter`); several are ANDed. */
  filter?: string[];
}

function asGroup(result: CallResult, method: string, path: string): UserGroup {
  const data = result.data as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || typeof data.id !== 'string') {
    throw new JumpCloudError({ kind: 'invalid-response', status: result.status, message: 'JumpCloud answered without a group object', method, path });
  }
  return data as UserGroup;
}

/** A v2 list: a bare array, with the total in `x-total-count`. */
function asV2Page<T>(result: CallResult, method: string, path: string): V2Page<T> {
  if (!Array.isArray(result.data)) {
    throw new JumpCloudError({ kind: 'invalid-response', status: result.status, message: 'JumpCloud answered a v2 list without an array', method, path });
  }
  return { items: result.data as T[], totalCount: intHeader(result.headers, 'x-total-count') };
}

/**
 * How far JumpCloud's clock may lag ours when the creation time in a group's ObjectId is compared
 * with our create attempt: NTP-synced servers differ by well under a second. Too small a margin
 * only turns a landed create into a 409 on its retry (never a duplicate); too large a margin lets
 * a group made just before the attempt be taken for ours.
 */
export const CREATE_CLOCK_SKEW_SECONDS = 5;

/** Seconds since the epoch in an ObjectId's first 4 bytes (its creation time); undefined for any other id. */
function objectIdSeconds(id: string): number | undefined {
  return /^[0-9a-f]{24}$/.test(id) ? parseInt(id.slice(0, 8), 16) : undefined;
}

/** v2 `/usergroups`: groups, their direct members, and a user's groups. */
export class GroupsApi {
  /** What this client has seen of the case of `name:search` (one per client, like its transport). */
  readonly searchCase = new GroupSearchCase();

  /** Built by `JumpCloudClient` over its transport; `now` is the wall clock ObjectId times are compared with. */
  constructor(
    private readonly transport: Transport,
    private readonly now: () => number = Date.now,
  ) {}

  /** `GET /v2/usergroups/{id}`. */
  async get(id: string): Promise<UserGroup> {
    const result = await this.transport.call({ api: 'v2', method: 'GET', route: '/usergroups/{id}', params: { id }, retryMode: 'idempotent' });
    return asGroup(result, 'GET', '/api/v2/usergroups/{id}');
  }

  /** `GET /v2/usergroups`: one page (bare array) with the total from `x-total-count`. */
  async listPage(options: GroupListOptions = {}, internal: { deadlineMs?: number } = {}): Promise<V2Page<UserGroup>> {
    const call = { method: 'GET', path: '/api/v2/usergroups' };
    const result = await this.transport.call({
      api: 'v2',
      method: 'GET',
      route: '/usergroups',
      query: query(
        pagingQuery(options, call),
        ['sort', fieldList(options.sort, ',', 'sort', call)],
        ['fields', fieldList(options.fields, ',', 'fields', call)],
        filterQuery(options.filter, V2_FILTER_PATTERN, call, 'repeated'),
      ),
      retryMode: 'idempotent',
      deadlineMs: internal.deadlineMs,
    });
    return asV2Page<UserGroup>(result, call.method, call.path);
  }

  /**
   * Every group (or every one the v2 `filter` terms keep), 100 per request, in JumpCloud's own
   * order: no `sort` is sent, because no spec names a v2 sort key (a JumpCloud may ignore or
   * refuse one). A group a later page repeats is dropped, so each is yielded once.
   */
  async *pages(options: Omit<GroupListOptions, 'limit' | 'skip' | 'sort'> = {}, internal: { deadlineMs?: number } = {}): AsyncGenerator<UserGroup[]> {
    const seen = new Set<string>();
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      const page = await this.listPage({ ...options, limit: MAX_PAGE_SIZE, skip }, internal);
      const fresh = page.items.filter((group) => !seen.has(group.id));
      fresh.forEach((group) => seen.add(group.id));
      if (fresh.length > 0) yield fresh;
      if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) return;
    }
  }

  /**
   * `POST /v2/usergroups` (201). An ambiguous failure is retried only after looking the group up
   * by name; if it exists AND was created since this attempt began, it is the result. A group of
   * that name created before (someone else's: issue 12 finding 8) is never adopted: the create is
   * repeated and JumpCloud answers the duplicate name with 409 (`isAlreadyExists()`).
   */
  async create(body: UserGroupBody): Promise<UserGroup> {
    const call = { method: 'POST', path: '/api/v2/usergroups' };
    assertValidRequestBody('userGroupBody', body, call);
    // ObjectIds carry their creation second: anything older than the attempt (less the skew) was not made by it.
    const attemptedSince = Math.floor(this.now() / 1000) - CREATE_CLOCK_SKEW_SECONDS;
    const result = await this.transport.call({
      api: 'v2',
      method: 'POST',
      route: '/usergroups',
      body,
      retryMode: 'verify-before-retry',
      verify: async (deadlineMs) => {
        const found = await this.findByName(body.name, deadlineMs);
        const created = found ? objectIdSeconds(found.id) : undefined;
        return created !== undefined && created >= attemptedSince ? found : undefined;
      },
    });
    return asGroup(result, call.method, call.path);
  }

  /** The group called exactly `name`, if any. Names a filter cannot carry are found by paging through all groups. */
  private async findByName(name: string, deadlineMs: number): Promise<UserGroup | undefined> {
    if (isFilterValueSafe(name)) {
      const page = await this.listPage({ filter: [v2Filter('name', 'eq', name)], limit: 10 }, { deadlineMs });
      return page.items.find((group) => group.name === name);
    }
    for await (const groups of this.pages({}, { deadlineMs })) {
      const found = groups.find((group) => group.name === name);
      if (found) return found;
    }
    return undefined;
  }

  /** `PUT /v2/usergroups/{id}`: replaces the whole group (send every field to keep). */
  async update(id: string, body: UserGroupBody): Promise<UserGroup> {
    const call = { method: 'PUT', path: '/api/v2/usergroups/{id}' };
    assertValidRequestBody('userGroupBody', body, call);
    const result = await this.transport.call({ api: 'v2', method: 'PUT', route: '/usergroups/{id}', params: { id }, body, retryMode: 'idempotent' });
    return asGroup(result, call.method, call.path);
  }

  /**
   * `DELETE /v2/usergroups/{id}` (204). A retry that finds the group gone after an attempt whose
   * answer was lost is a success: that attempt deleted it (issue 12 finding 10).
   */
  async delete(id: string): Promise<void> {
    await this.transport.call({ api: 'v2', method: 'DELETE', route: '/usergroups/{id}', params: { id }, retryMode: 'idempotent', goneOnRetryIsSuccess: true });
  }
}

/** The outcome of a member add: JumpCloud answers a duplicate with 204 or with 409 "Already Exists". */
export type MemberAddOutcome = 'added' | 'already-member';

/** v2 `/usergroups/{id}/members` and `/users/{id}/memberof`. */
export class MembersApi {
  /** Built by `JumpCloudClient` over its transport. */
  constructor(private readonly transport: Transport) {}

  private async operate(groupId: string, body: MemberOperation): Promise<CallResult> {
    assertValidRequestBody('memberOperation', body, { method: 'POST', path: '/api/v2/usergroups/{group_id}/members' });
    return this.transport.call({
      api: 'v2',
      method: 'POST',
      route: '/usergroups/{group_id}/members',
      params: { group_id: groupId },
      body,
      // Adding twice leaves one edge: repeating after an ambiguous failure is harmless.
      retryMode: 'idempotent',
      acceptError: body.op === 'add' ? (error) => error.status === 409 && error.isAlreadyExists() : undefined,
    });
  }

  /** `POST /v2/usergroups/{id}/members` op add (204). A duplicate add counts as success. */
  async add(groupId: string, userId: string): Promise<MemberAddOutcome> {
    const result = await this.operate(groupId, { op: 'add', type: 'user', id: userId });
    return result.acceptedError ? 'already-member' : 'added';
  }

  /** `POST /v2/usergroups/{id}/members` op remove (204). */
  async remove(groupId: string, userId: string): Promise<void> {
    await this.operate(groupId, { op: 'remove', type: 'user', id: userId });
  }

  /** `GET /v2/usergroups/{id}/members`: direct members, `[{attributes, to:{id,type,attributes}}]`. */
  async list(groupId: string, options: PageOptions = {}): Promise<V2Page<GraphConnection>> {
    const call = { method: 'GET', path: '/api/v2/usergroups/{group_id}/members' };
    const result = await this.transport.call({
      api: 'v2',
      method: 'GET',
      route: '/usergroups/{group_id}/members',
      params: { group_id: groupId },
      query: pagingQuery(options, call),
      retryMode: 'idempotent',
    });
    return asV2Page<GraphConnection>(result, call.method, call.path);
  }

  /** `GET /v2/users/{id}/memberof?filter=type:eq:user_group`: the groups a user belongs to, with paths. */
  async memberOf(userId: string, options: PageOptions = {}): Promise<V2Page<GraphObjectWithPaths>> {
    const call = { method: 'GET', path: '/api/v2/users/{user_id}/memberof' };
    const result = await this.transport.call({
      api: 'v2',
      method: 'GET',
      route: '/users/{user_id}/memberof',
      params: { user_id: userId },
      query: query(pagingQuery(options, call), ['filter', v2Filter('type', 'eq', 'user_group')]),
      retryMode: 'idempotent',
    });
    return asV2Page<GraphObjectWithPaths>(result, call.method, call.path);
  }
}
