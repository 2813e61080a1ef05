import { createdGroup, createdUser, newObjectId, replacedGroup, updatedUser } from './dry-run-answers';
import { isFilterValueSafe, v1Filter, v2Filter } from './filters';
import { GroupsApi, MembersApi } from './groups-api';
import type { JumpCloudClient } from './jumpcloud-client';
import { JumpCloudError } from './jumpcloud-error';
import { assertValidRequestBody } from './jumpcloud-schemas';
import type { CallEvent, JumpCloudLogger } from './transport';
import type { SystemUserActivate, SystemUserCreate, SystemUserPut, UserGroupBody } from './types';
import { UsersApi, type UserDeleteOptions } from './users-api';

/** A write the dry run did not send, reported like a call (`status`: what JumpCloud would answer). */
export interface DryRunCallEvent extends CallEvent {
  dryRun: true;
}

/** How a dry-run client reports what it skipped. */
export interface DryRunOptions {
  /**
   * Called for every skipped write, with the status JumpCloud would have answered (the same hook
   * the real client's `onCall` feeds, so a request's call list holds reads and skipped writes in
   * order; `dryRun: true` tells them apart).
   */
  onCall?: (event: DryRunCallEvent) => void;
  logger?: JumpCloudLogger;
  now?: () => Date;
  /** New ObjectIds for created users and groups. */
  newId?: (now: Date) => string;
}

type WriteMethods<T, K extends keyof T> = Pick<T, K>;

/**
 * A JumpCloud client that reads through `client` and writes nothing (DRY_RUN): every write method
 * of `users`, `groups` and `members` answers what JumpCloud would have answered and reports the
 * call it skipped. Reads (including those a synthesized answer needs: the current user for a
 * PUT or DELETE, duplicate checks for a create) go to JumpCloud as usual.
 *
 * Limits: a user or group created in a dry run exists in no later read (a GET of its id is a 404);
 * duplicate checks see only this org (JumpCloud also refuses an e-mail used in another org); a
 * PUT's uniqueness (username, e-mail, employeeIdentifier) is not checked; the org's default state
 * is assumed ACTIVATED for a create that names none.
 */
export function dryRunClient(client: JumpCloudClient, options: DryRunOptions = {}): JumpCloudClient {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? newObjectId;
  const skipped = (method: string, route: string, status: number): void => {
    options.logger?.info('dry run: JumpCloud call not sent', { method, route, status });
    options.onCall?.({ method, route, status, attempt: 1, durationMs: 0, waitedMs: 0, dryRun: true });
  };
  /** The error JumpCloud would answer, reported as the skipped call it is. */
  const refused = (method: string, route: string, status: number, message: string, path: string): JumpCloudError => {
    skipped(method, route, status);
    return new JumpCloudError({ kind: 'http', status, message, method, path });
  };

  const users: WriteMethods<UsersApi, 'create' | 'update' | 'delete' | 'activate'> = {
    async create(body: SystemUserCreate) {
      const route = '/api/systemusers';
      assertValidRequestBody('systemUserCreate', body, { method: 'POST', path: route });
      // JumpCloud holds usernames (case-insensitively) and e-mails unique: answer its 400.
      const page = await client.users.search({ searchFilter: { searchTerm: [body.username, body.email], fields: ['username', 'email'] }, fields: '_id username email' }, { limit: 100 });
      const taken = page.results.some(
        (user) => (user.username ?? '').toLowerCase() === body.username.toLowerCase() || (user.email ?? '').toLowerCase() === body.email.toLowerCase(),
      );
      if (taken) throw refused('POST', route, 400, 'User already exists', route);
      skipped('POST', route, 200);
      const at = now();
      return createdUser(body, newId(at), at);
    },
    async update(id: string, body: SystemUserPut) {
      const route = '/api/systemusers/{id}';
      assertValidRequestBody('systemUserPut', body, { method: 'PUT', path: route });
      const current = await client.users.get(id);
      skipped('PUT', route, 200);
      return updatedUser(current, body);
    },
    async delete(id: string, deleteOptions: UserDeleteOptions = {}) {
      const route = '/api/systemusers/{id}';
      const current = await client.users.get(id);
      if (deleteOptions.cascadeManager !== 'clear') {
        const reports = await client.users.listPage({ filter: [v1Filter('manager', '$eq', id)], fields: ['_id'], limit: 1 });
        if (reports.totalCount > 0) throw refused('DELETE', route, 409, 'Conflict: the user is the manager of one or more users', route);
      }
      skipped('DELETE', route, 200);
      return current;
    },
    async activate(id: string, body: SystemUserActivate) {
      const route = '/api/systemusers/{id}/state/activate';
      assertValidRequestBody('systemUserActivate', body, { method: 'POST', path: route });
      // No read: the user may be one this dry run "created", which JumpCloud does not hold.
      skipped('POST', route, 200);
    },
  };

  const groups: WriteMethods<GroupsApi, 'create' | 'update' | 'delete'> = {
    async create(body: UserGroupBody) {
      const route = '/api/v2/usergroups';
      assertValidRequestBody('userGroupBody', body, { method: 'POST', path: route });
      if (isFilterValueSafe(body.name)) {
        const page = await client.groups.listPage({ filter: [v2Filter('name', 'eq', body.name)], limit: 10 });
        if (page.items.some((group) => group.name === body.name)) throw refused('POST', route, 409, 'Already Exists', route);
      }
      skipped('POST', route, 201);
      return createdGroup(body, newId(now()));
    },
    async update(id: string, body: UserGroupBody) {
      const route = '/api/v2/usergroups/{id}';
      assertValidRequestBody('userGroupBody', body, { method: 'PUT', path: route });
      const current = await client.groups.get(id);
      skipped('PUT', route, 200);
      return replacedGroup(current, body);
    },
    async delete(id: string) {
      // Read so that a missing group is the same 404 the delete would have answered.
      await client.groups.get(id);
      skipped('DELETE', '/api/v2/usergroups/{id}', 204);
    },
  };

  const route = '/api/v2/usergroups/{group_id}/members';
  const members: WriteMethods<MembersApi, 'add' | 'remove'> = {
    async add(_groupId: string, userId: string) {
      assertValidRequestBody('memberOperation', { op: 'add', type: 'user', id: userId }, { method: 'POST', path: route });
      skipped('POST', route, 204);
      return 'added';
    },
    async remove(_groupId: string, userId: string) {
      assertValidRequestBody('memberOperation', { op: 'remove', type: 'user', id: userId }, { method: 'POST', path: route });
      skipped('POST', route, 204);
    },
  };

  const wrapped = { users: overriding(client.users, users), groups: overriding(client.groups, groups), members: overriding(client.members, members) };
  return overriding(client, wrapped);
}

/** True for a call event a dry-run client reported instead of sending. */
export function isDryRunCall(event: CallEvent): event is DryRunCallEvent {
  return (event as Partial<DryRunCallEvent>).dryRun === true;
}

/**
 * `target` with some members replaced: a Proxy, so the result keeps the exact type (and every
 * other member) of the real API object, whose classes cannot be re-implemented structurally.
 */
function overriding<T extends object>(target: T, replaced: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.prototype.hasOwnProperty.call(replaced, property)) return (replaced as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
