import { JumpCloudError } from './jumpcloud-error';
import { assertValidRequestBody } from './jumpcloud-schemas';
import { fieldList, filterQuery, pagingQuery, query, V1_FILTER_PATTERN, type PageOptions } from './paging';
import { v1Filter } from './filters';
import { UserIdLookup } from './users-by-id';
import type { CallResult, Transport } from './transport';
import type { SystemUser, SystemUserActivate, SystemUserCreate, SystemUserPut, SystemUserSearch, V1List } from './types';

/** Options of `users.listPage`. */
export interface UserListOptions extends PageOptions {
  /** Sort fields, `-field` for descending; sent space separated. JumpCloud advises `_id` when paging. */
  sort?: string[];
  /** Fields to return; sent space separated. */
  fields?: string[];
  /** v1 filter strings (build them with `v1Filter`); several are ANDed as filter[0], filter[1]. */
  filter?: string[];
}

/** Options of `users.delete`. */
export interface UserDeleteOptions {
  /** `clear`: clear this user as manager of their reports and delete (`cascade_manager=null`); otherwise a manager answers 409. */
  cascadeManager?: 'clear';
}

function asUser(result: CallResult, method: string, path: string): SystemUser {
  const data = result.data as Record<string, unknown> | null;
  if (!data || typeof data !== 'object' || typeof data._id !== 'string') {
    throw new JumpCloudError({ kind: 'invalid-response', status: result.status, message: 'JumpCloud answered without a user object', method, path });
  }
  return data as SystemUser;
}

function asV1List(result: CallResult, method: string, path: string): V1List<SystemUser> {
  const data = result.data as Partial<V1List<SystemUser>> | null;
  if (!data || typeof data !== 'object' || !Array.isArray(data.results) || typeof data.totalCount !== 'number') {
    throw new JumpCloudError({ kind: 'invalid-response', status: result.status, message: 'JumpCloud answered without a {totalCount, results} envelope', method, path });
  }
  return { totalCount: data.totalCount, results: data.results };
}

/** v1 `/systemusers`: the typed calls the bridge makes on users. */
export class UsersApi {
  private readonly byId: UserIdLookup;

  /** Built by `JumpCloudClient` over its transport; `idReadConcurrency` bounds the per-id reads of `findByIds`. */
  constructor(
    private readonly transport: Transport,
    idReadConcurrency = 5,
  ) {
    this.byId = new UserIdLookup({ search: (body, options) => this.search(body, options), get: (id, options) => this.get(id, options) }, idReadConcurrency);
  }

  /**
   * The users among `ids` that exist, keyed by id, with `fields` (and `_id`) when given: a
   * batched `_id` search, read again id by id when the search is not seen to match ids (see
   * `UserIdLookup`). Never a 404: a missing id is simply absent.
   */
  async findByIds(ids: readonly string[], options: { fields?: readonly string[] } = {}): Promise<Map<string, SystemUser>> {
    return this.byId.find(ids, options.fields);
  }

  /** `GET /systemusers/{id}`. A missing user throws `JumpCloudError` with `isNotFound()`. */
  async get(id: string, options: { fields?: string[] } = {}): Promise<SystemUser> {
    const call = { method: 'GET', path: '/api/systemusers/{id}' };
    const result = await this.transport.call({
      api: 'v1',
      method: 'GET',
      route: '/systemusers/{id}',
      params: { id },
      query: query(['fields', fieldList(options.fields, ' ', 'fields', call)]),
      retryMode: 'idempotent',
    });
    return asUser(result, call.method, call.path);
  }

  /** `GET /systemusers` with paging, sort, fields and v1 filters: one page of the `{totalCount, results}` envelope. */
  async listPage(options: UserListOptions = {}, internal: { deadlineMs?: number } = {}): Promise<V1List<SystemUser>> {
    const call = { method: 'GET', path: '/api/systemusers' };
    const result = await this.transport.call({
      api: 'v1',
      method: 'GET',
      route: '/systemusers',
      query: query(
        pagingQuery(options, call),
        ['sort', fieldList(options.sort, ' ', 'sort', call)],
        ['fields', fieldList(options.fields, ' ', 'fields', call)],
        filterQuery(options.filter, V1_FILTER_PATTERN, call, 'indexed'),
      ),
      retryMode: 'idempotent',
      deadlineMs: internal.deadlineMs,
    });
    return asV1List(result, call.method, call.path);
  }

  /** `POST /search/systemusers` (a read: retried freely); `limit`/`skip` travel as query parameters. */
  async search(body: SystemUserSearch, options: PageOptions = {}): Promise<V1List<SystemUser>> {
    const call = { method: 'POST', path: '/api/search/systemusers' };
    assertValidRequestBody('systemUserSearch', body, call);
    const result = await this.transport.call({
      api: 'v1',
      method: 'POST',
      route: '/search/systemusers',
      query: pagingQuery(options, call),
      body,
      retryMode: 'idempotent',
    });
    return asV1List(result, call.method, call.path);
  }

  /**
   * `POST /systemusers` (JumpCloud answers 200, not 201). If the outcome is ambiguous (dropped
   * connection, timeout, 502/503/504), the user is looked up by username before any retry; when
   * it exists with the same email, that user is the result and nothing is posted again.
   * A duplicate answers 400 "User already exists" (`isAlreadyExists()`).
   */
  async create(body: SystemUserCreate): Promise<SystemUser> {
    const call = { method: 'POST', path: '/api/systemusers' };
    assertValidRequestBody('systemUserCreate', body, call);
    const result = await this.transport.call({
      api: 'v1',
      method: 'POST',
      route: '/systemusers',
      body,
      retryMode: 'verify-before-retry',
      verify: (deadlineMs) => this.findLanded(body, deadlineMs),
    });
    return asUser(result, call.method, call.path);
  }

  /** The user an earlier, ambiguous create made, if any: same username AND same email. */
  private async findLanded(body: SystemUserCreate, deadlineMs: number): Promise<SystemUser | undefined> {
    const page = await this.listPage({ filter: [v1Filter('username', '$eq', body.username)], limit: 2 }, { deadlineMs });
    return page.results.find((user) => user.username === body.username && (user.email ?? '').toLowerCase() === body.email.toLowerCase());
  }

  /**
   * `PUT /systemusers/{id}`: partial for scalars, but arrays (`attributes`, `addresses`,
   * `phoneNumbers`) REPLACE the stored ones: send the merged array.
   */
  async update(id: string, body: SystemUserPut): Promise<SystemUser> {
    const call = { method: 'PUT', path: '/api/systemusers/{id}' };
    assertValidRequestBody('systemUserPut', body, call);
    const result = await this.transport.call({ api: 'v1', method: 'PUT', route: '/systemusers/{id}', params: { id }, body, retryMode: 'idempotent' });
    return asUser(result, call.method, call.path);
  }

  /**
   * `DELETE /systemusers/{id}`: 200 with the deleted user; 409 if they manage someone, unless
   * `cascadeManager: 'clear'`. Resolves `undefined` when the answer to an attempt that took effect
   * was lost and the retry found the user gone (issue 12 finding 10): deleted, but no body to show.
   */
  async delete(id: string, options: UserDeleteOptions = {}): Promise<SystemUser | undefined> {
    const call = { method: 'DELETE', path: '/api/systemusers/{id}' };
    const result = await this.transport.call({
      api: 'v1',
      method: 'DELETE',
      route: '/systemusers/{id}',
      params: { id },
      query: query(['cascade_manager', options.cascadeManager === 'clear' ? 'null' : undefined]),
      retryMode: 'idempotent',
      goneOnRetryIsSuccess: true,
    });
    if (result.goneOnRetry) return undefined;
    return asUser(result, call.method, call.path);
  }

  /**
   * `POST /systemusers/{id}/state/activate`: STAGED -> ACTIVATED. `email` says whether (and where)
   * the activation mail goes; because a repeat could mail twice, it is retried only when JumpCloud
   * surely did not act (429, 408, connection refused).
   */
  async activate(id: string, body: SystemUserActivate): Promise<void> {
    const call = { method: 'POST', path: '/api/systemusers/{id}/state/activate' };
    assertValidRequestBody('systemUserActivate', body, call);
    await this.transport.call({ api: 'v1', method: 'POST', route: '/systemusers/{id}/state/activate', params: { id }, body, retryMode: 'unambiguous-only' });
  }
}
