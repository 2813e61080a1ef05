import { MAX_PAGE_SIZE, type JumpCloudClient } from '../jumpcloud';
import type { UserGroupRef } from '../mapping';
import type { FilterNode } from '../scim/filter';
import { project, type ProjectionRequest } from '../scim/list';
import type { SchemaDefinition } from '../scim/schema';
import { ScimError } from '../scim/scim-error';
import { URN } from '../scim/scim-urns';
import { writeMembership } from './membership-writer';
import { GroupDirectory, isAllUsersGroup, readOnlyMembershipReason, type GroupInfo } from './user-groups-directory';
import { MembershipSnapshots } from './user-groups-snapshot';

/** Groups whose membership one request writes at once (each write is itself bounded by the client). */
const GROUP_WRITE_CONCURRENCY = 4;

/** The shape of every JumpCloud id: anything else names no group and is never sent upstream. */
const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A validated change of one user's direct memberships. */
export interface UserGroupsChange {
  add: string[];
  remove: string[];
}

/** Options of `UserGroups` (cache lifetimes; tests shorten them). */
export interface UserGroupsOptions {
  directoryTtlMs?: number;
  snapshotTtlMs?: number;
}

/**
 * The User `groups` attribute (RFC 7643 §4.1.2) over JumpCloud v2 user groups.
 *
 * Reading. One user (`GET /Users/{id}`, write answers): `GET /v2/users/{id}/memberof` (ids
 * only, ceil(groups/100) requests) plus the names from the group directory (one cached group
 * list, no request per group). A page of users (`GET /Users`): one membership snapshot for the
 * whole page, never a request per user (see `MembershipSnapshots` for its cost). When the
 * client's `attributes`/`excludedAttributes` leave `groups` out and no filter or sort reads it,
 * neither lookup is made.
 *
 * "All Users" is not listed: every user is in it, JumpCloud manages it, and listing it on every
 * user would only make a whole-list write that omits it fail. Memberships are `type: direct`
 * unless JumpCloud reports a longer graph path (`indirect`).
 *
 * Writing (a deliberate extension of RFC 7643 §4.1.2, where `groups` is readOnly): the wanted
 * list is diffed against the current direct memberships, and only the differences become member
 * operations. The whole change is validated before anything is applied: unknown group ids are a
 * 400 `invalidValue` naming them, a change to "All Users" or a dynamic group a 400
 * `mutability` saying why.
 */
export class UserGroups {
  readonly directory: GroupDirectory;
  readonly snapshots: MembershipSnapshots;

  constructor(
    private readonly jumpcloud: JumpCloudClient,
    options: UserGroupsOptions = {},
  ) {
    this.directory = new GroupDirectory(jumpcloud, options.directoryTtlMs);
    this.snapshots = new MembershipSnapshots(jumpcloud, this.directory, options.snapshotTtlMs);
  }

  /** The groups of one user, read now from `memberof` ("All Users" left out). */
  async ofUser(userId: string): Promise<UserGroupRef[]> {
    const edges: { id: string; direct: boolean }[] = [];
    for (let skip = 0; ; skip += MAX_PAGE_SIZE) {
      const page = await this.jumpcloud.members.memberOf(userId, { limit: MAX_PAGE_SIZE, skip });
      for (const item of page.items) {
        if (item.type !== 'user_group' || typeof item.id !== 'string') continue;
        // A user group holds users directly: a path of one edge. A longer one is inherited.
        edges.push({ id: item.id, direct: !Array.isArray(item.paths) || item.paths.some((path) => Array.isArray(path) && path.length <= 1) });
      }
      if (page.items.length < MAX_PAGE_SIZE || (page.totalCount !== undefined && skip + page.items.length >= page.totalCount)) break;
    }
    const groups = await this.directory.resolve(edges.map((edge) => edge.id));
    return edges.flatMap((edge) => {
      const group = groups.get(edge.id);
      if (group && isAllUsersGroup(group)) return [];
      return [{ id: edge.id, name: group?.name, direct: edge.direct }];
    });
  }

  /**
   * The groups of any user, from ONE membership snapshot (no request per user): what a list page
   * (or a filter on `groups`) reads. Snapshot edges are direct member lists, so all are `direct`.
   */
  async lookup(): Promise<(userId: string) => UserGroupRef[]> {
    const snapshot = await this.snapshots.get();
    return (userId) => (snapshot.groupsByUser.get(userId) ?? []).map((id) => ({ id, name: snapshot.groups.get(id)?.name, direct: true }));
  }

  /** The groups named by ids, with their names (for answers rendered without reading memberof again). */
  async named(ids: readonly string[]): Promise<UserGroupRef[]> {
    const groups = await this.directory.resolve(ids);
    return ids.map((id) => ({ id, name: groups.get(id)?.name, direct: true }));
  }

  /**
   * Validates a change of one user's direct memberships from `current` to `wanted`, all of it
   * before anything is applied (RFC 7644 §3.5.2: a request is applied whole or not at all).
   * @throws ScimError 400 invalidValue naming unknown group ids; 400 mutability naming groups
   *   whose membership JumpCloud manages.
   */
  async plan(current: readonly string[], wanted: readonly string[]): Promise<UserGroupsChange> {
    const have = new Set(current);
    const want = new Set(wanted);
    const add = [...want].filter((id) => !have.has(id)).sort();
    const remove = [...have].filter((id) => !want.has(id)).sort();
    if (add.length === 0 && remove.length === 0) return { add, remove };
    const known = await this.directory.resolve([...add, ...remove].filter((id) => OBJECT_ID.test(id)));
    const unknown = add.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw ScimError.of('invalidValue', `Attribute "groups": no group with id ${unknown.map((id) => JSON.stringify(id)).join(', ')} exists; nothing was changed.`);
    }
    const refused = [...add, ...remove].map((id) => known.get(id)).filter((group): group is GroupInfo => group !== undefined).map(readOnlyMembershipReason).filter((why): why is string => why !== undefined);
    if (refused.length > 0) {
      throw ScimError.of('mutability', `Attribute "groups": membership cannot be written for ${refused.join('; ')}; nothing was changed.`);
    }
    return { add, remove };
  }

  /**
   * Applies a validated change as the same v2 member operations a Group PATCH sends (one per
   * changed group, through the membership module: idempotent, within the org's concurrency
   * limit), then drops the membership snapshot so list pages show it.
   * @throws ScimError 400 invalidValue when a group vanished between validation and the write.
   */
  async apply(userId: string, change: UserGroupsChange): Promise<void> {
    const writes = [...change.add.map((groupId) => ({ groupId, add: [userId], remove: [] })), ...change.remove.map((groupId) => ({ groupId, add: [], remove: [userId] }))];
    if (writes.length === 0) return;
    const vanished: string[] = [];
    try {
      for (let start = 0; start < writes.length; start += GROUP_WRITE_CONCURRENCY) {
        const reports = await Promise.all(writes.slice(start, start + GROUP_WRITE_CONCURRENCY).map(({ groupId, ...ops }) => writeMembership(this.jumpcloud, groupId, ops)));
        // A 404 on a remove is "already not a member" (idempotent); on an add, the group is gone.
        for (const report of reports) if (report.notFound.add.length > 0) vanished.push(report.groupId);
      }
    } finally {
      // Even a partly applied change must not be hidden by a stale snapshot.
      this.snapshots.invalidate();
    }
    if (vanished.length > 0) {
      this.directory.invalidate();
      throw ScimError.of('invalidValue', `Attribute "groups": no group with id ${vanished.map((id) => JSON.stringify(id)).join(', ')} exists (deleted while this request ran); the other changes were applied.`);
    }
  }

  /** Forgets cached memberships (a user or group changed behind the snapshot's back). */
  invalidate(): void {
    this.snapshots.invalidate();
  }
}

/**
 * True when the projection returns `groups` (RFC 7644 §3.4.2.5, RFC 7643 §7 `returned`): decided
 * by the protocol code's own projection on a probe, so every spelling (`groups.display`, the core
 * URN, `excludedAttributes=groups`) is read exactly as the answer will be projected.
 */
export function projectionReturnsGroups(projection: ProjectionRequest, schemas: readonly SchemaDefinition[]): boolean {
  const probe = project({ schemas: [URN.user], groups: [{ value: 'probe', display: 'probe', type: 'direct' }] }, projection, schemas);
  return probe.groups !== undefined;
}

/** True when a filter reads `groups` anywhere (then candidates need their groups to be matched). */
export function filterReadsGroups(node: FilterNode): boolean {
  switch (node.kind) {
    case 'and':
    case 'or':
      return filterReadsGroups(node.left) || filterReadsGroups(node.right);
    case 'not':
      return filterReadsGroups(node.filter);
    default:
      return isGroupsName(node.path.schema, node.path.attribute);
  }
}

/** True for `groups` / `groups.x` in any letter case, bare or with the core User URN. */
export function isGroupsPath(name: string): boolean {
  const lower = name.trim().toLowerCase();
  const bare = lower.startsWith(`${URN.user.toLowerCase()}:`) ? lower.slice(URN.user.length + 1) : lower;
  return bare === 'groups' || bare.startsWith('groups.') || bare.startsWith('groups[');
}

function isGroupsName(schema: string | undefined, attribute: string): boolean {
  return (schema === undefined || schema.toLowerCase() === URN.user.toLowerCase()) && attribute.toLowerCase() === 'groups';
}
