import type {
  Actor,
  EmulatorOptions,
  FieldChange,
  GroupDirectory,
  MutationBus,
  ObjectMutation,
  UserDirectory,
} from '../context';
import { badRequest, conflict, notFound } from '../http/http-errors';
import { type GroupFields, isDynamic, readGroupBody } from './group-body';
import { MemberSet } from './member-set';

/** What a `GroupStore` is built from (the same pieces the app's context holds). */
export interface GroupStoreDeps {
  users: UserDirectory;
  bus: MutationBus;
  now(): Date;
  newObjectId(): string;
  options: EmulatorOptions;
}

/** The fields of a group created from a body that names nothing else. */
const NEW_GROUP: GroupFields = readGroupBody({ name: 'new' });

/** The name JumpCloud gives the group every org has and every user belongs to. */
export const ALL_USERS_NAME = 'All Users';

interface StoredGroup {
  id: string;
  fields: GroupFields;
  members: MemberSet;
}

/**
 * The v2 user groups of one org and their direct (user) members.
 *
 * "All Users" is created with the store (one fixed id per emulator instance); its membership is
 * every user, read from the user directory on demand and never stored per user. It cannot be
 * deleted, renamed, or have members written: those answer 400 (JumpCloud manages the group; the
 * exact answer is unconfirmed). Dynamic groups accept member writes and drop them, as JumpCloud's
 * recomputation from `memberQuery` would; the emulator does not evaluate `memberQuery`, so a
 * dynamic group keeps whatever members it had when it became dynamic.
 */
export class GroupStore implements GroupDirectory {
  /** The fixed id of "All Users" in this emulator instance. */
  readonly allUsersId: string;
  /** Slots and tree nodes the last member window touched (see MemberSet.lastWindowCost). */
  lastWindowCost = 0;
  private readonly groups = new Map<string, StoredGroup>();
  /** Reverse index user -> groups (All Users excluded), so memberof and user deletion are cheap. */
  private readonly groupsByUser = new Map<string, Set<string>>();
  private readonly idsByName = new Map<string, Set<string>>();
  private readonly stopListening: () => void;

  constructor(private readonly deps: GroupStoreDeps) {
    this.allUsersId = deps.newObjectId();
    this.insert(this.allUsersId, { ...readGroupBody({ name: ALL_USERS_NAME }) });
    this.stopListening = deps.bus.subscribe((mutation) => {
      if (mutation.eventType === 'user_delete' && mutation.resource.type === 'user') this.forgetUser(mutation.resource.id);
    });
  }

  /** Stops listening to the bus (the store is being discarded). */
  close(): void {
    this.stopListening();
  }

  get(id: string): Record<string, unknown> | undefined {
    const group = this.groups.get(id);
    return group && render(group);
  }

  has(id: string): boolean {
    return this.groups.has(id);
  }

  count(): number {
    return this.groups.size;
  }

  /** Every group in creation order (ids grow with creation time, so this is also `id` order). */
  list(): Record<string, unknown>[] {
    return [...this.groups.values()].map(render);
  }

  /** True for the "All Users" group. */
  isAllUsers(id: string): boolean {
    return id === this.allUsersId;
  }

  groupsOfUser(userId: string): string[] {
    if (!this.deps.users.has(userId)) return [];
    const direct = [...(this.groupsByUser.get(userId) ?? [])].sort();
    return [this.allUsersId, ...direct];
  }

  create(body: Record<string, unknown>, actor: Actor): Record<string, unknown> {
    const fields = readGroupBody(body);
    this.assertNameFree(fields.name, undefined);
    const id = this.deps.newObjectId();
    const group = this.insert(id, fields);
    this.publish('group_create', group, actor, diff(undefined, fields));
    return render(group);
  }

  /** PUT: replaces every writable field (omitted ones return to their defaults). */
  replace(id: string, body: Record<string, unknown>, actor: Actor): Record<string, unknown> {
    const group = this.require(id);
    const fields = readGroupBody(body);
    if (this.isAllUsers(id) && fields.name !== group.fields.name) {
      throw badRequest(`Bad Request: the "${ALL_USERS_NAME}" group cannot be renamed`);
    }
    if (fields.name !== group.fields.name) this.assertNameFree(fields.name, id);
    const changes = diff(group.fields, fields);
    this.unindexName(group);
    group.fields = fields;
    this.indexName(group);
    if (changes.length > 0) this.publish('group_update', group, actor, changes);
    return render(group);
  }

  /** DELETE: removes the group and every membership edge it had. */
  remove(id: string, actor: Actor): void {
    const group = this.require(id);
    if (this.isAllUsers(id)) throw badRequest(`Bad Request: the "${ALL_USERS_NAME}" group cannot be deleted`);
    for (const userId of group.members.values()) this.groupsByUser.get(userId)?.delete(id);
    this.unindexName(group);
    this.groups.delete(id);
    this.publish('group_delete', group, actor);
  }

  addMember(groupId: string, userId: string, actor: Actor): void {
    const group = this.writableMembers(groupId, userId);
    if (!group || group.members.has(userId)) {
      if (group && this.deps.options.duplicateMemberAdd === 'conflict') throw conflict('Already Exists');
      return;
    }
    group.members.add(userId);
    let mine = this.groupsByUser.get(userId);
    if (!mine) this.groupsByUser.set(userId, (mine = new Set()));
    mine.add(groupId);
    this.publishAssociation(group, userId, 'add', actor);
  }

  removeMember(groupId: string, userId: string, actor: Actor): void {
    const group = this.writableMembers(groupId, userId);
    if (!group) return;
    if (!group.members.remove(userId)) {
      if (this.deps.options.nonMemberRemove === 'not-found') throw notFound();
      return;
    }
    this.groupsByUser.get(userId)?.delete(groupId);
    this.publishAssociation(group, userId, 'remove', actor);
  }

  /** Number of direct members (for "All Users": every user). Throws 404 for an unknown group. */
  memberCount(groupId: string): number {
    const group = this.require(groupId);
    return this.isAllUsers(groupId) ? this.deps.users.count() : group.members.size;
  }

  /** A window of direct member ids in stable order, without walking the members before it. */
  memberWindow(groupId: string, skip: number, limit: number): string[] {
    const group = this.require(groupId);
    if (this.isAllUsers(groupId)) return this.deps.users.idsInOrder(skip, limit);
    const ids = group.members.window(skip, limit);
    this.lastWindowCost = group.members.lastWindowCost;
    return ids;
  }

  /** Removes every group but "All Users" (reset). */
  clear(): void {
    for (const id of [...this.groups.keys()]) {
      if (!this.isAllUsers(id)) {
        const group = this.groups.get(id) as StoredGroup;
        this.unindexName(group);
        this.groups.delete(id);
      }
    }
    this.groupsByUser.clear();
  }

  /**
   * The group whose members may be written, after the checks JumpCloud makes; undefined when the
   * write is accepted but has no effect (a dynamic group).
   */
  private writableMembers(groupId: string, userId: string): StoredGroup | undefined {
    const group = this.require(groupId);
    if (this.isAllUsers(groupId)) {
      throw badRequest(`Bad Request: the members of "${ALL_USERS_NAME}" are managed by JumpCloud`);
    }
    if (!this.deps.users.has(userId)) throw notFound();
    return isDynamic(group.fields.membershipMethod) ? undefined : group;
  }

  private forgetUser(userId: string): void {
    for (const groupId of this.groupsByUser.get(userId) ?? []) this.groups.get(groupId)?.members.remove(userId);
    this.groupsByUser.delete(userId);
  }

  private require(id: string): StoredGroup {
    const group = this.groups.get(id);
    if (!group) throw notFound();
    return group;
  }

  private insert(id: string, fields: GroupFields): StoredGroup {
    const group: StoredGroup = { id, fields, members: new MemberSet() };
    this.groups.set(id, group);
    this.indexName(group);
    return group;
  }

  private assertNameFree(name: string, exceptId: string | undefined): void {
    if (this.deps.options.duplicateGroupName !== 'conflict') return;
    const holders = this.idsByName.get(name);
    if (holders && [...holders].some((id) => id !== exceptId)) throw conflict('Already Exists');
  }

  private indexName(group: StoredGroup): void {
    let holders = this.idsByName.get(group.fields.name);
    if (!holders) this.idsByName.set(group.fields.name, (holders = new Set()));
    holders.add(group.id);
  }

  private unindexName(group: StoredGroup): void {
    const holders = this.idsByName.get(group.fields.name);
    holders?.delete(group.id);
    if (holders?.size === 0) this.idsByName.delete(group.fields.name);
  }

  private publish(
    eventType: 'group_create' | 'group_update' | 'group_delete',
    group: StoredGroup,
    actor: Actor,
    changes?: FieldChange[],
  ): void {
    const mutation: ObjectMutation = { eventType, resource: groupResource(group), actor };
    if (changes && changes.length > 0) mutation.changes = changes;
    this.deps.bus.publish(mutation);
  }

  /**
   * A membership edge changed. Which end JumpCloud puts the group at is not known; the group is
   * `from` because JumpCloud's own report scripts filter on `connection.from.type = user_group`
   * (NOTES.md "Observed in real events"). Both ends carry their names as they are now.
   */
  private publishAssociation(group: StoredGroup, userId: string, op: 'add' | 'remove', actor: Actor): void {
    this.deps.bus.publish({
      eventType: 'association_change',
      association: {
        op,
        from: { type: 'user_group', id: group.id, name: group.fields.name },
        to: { type: 'user', id: userId, name: this.deps.users.usernameOf(userId) ?? '' },
      },
      actor,
    });
  }
}

function groupResource(group: StoredGroup): ObjectMutation['resource'] {
  return { type: 'user_group', id: group.id, name: group.fields.name };
}

/** The group as `GET /v2/usergroups/{id}` answers it (keys in JumpCloud's alphabetical order). */
function render(group: StoredGroup): Record<string, unknown> {
  const f = structuredClone(group.fields);
  return {
    attributes: f.attributes,
    description: f.description,
    email: f.email,
    id: group.id,
    // Unset memberQuery is left out, not null: the spec's MemberQuery is not nullable and no
    // recorded traffic shows a null there (unlike `attributes`).
    ...(f.memberQuery === null ? {} : { memberQuery: f.memberQuery }),
    memberQueryExemptions: f.memberQueryExemptions,
    memberSuggestionsNotify: f.memberSuggestionsNotify,
    membershipMethod: f.membershipMethod,
    name: f.name,
    suggestionCounts: { add: 0, remove: 0, total: 0 },
    type: 'user_group',
  };
}

/** DI `changes[]` between two versions of a group's writable fields (`before` undefined = create). */
function diff(before: GroupFields | undefined, after: GroupFields): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after) as (keyof GroupFields)[]) {
    const from = before?.[field];
    const to = after[field];
    // A create reports only what the body set, not every default.
    if (before === undefined && field !== 'name' && JSON.stringify(to) === JSON.stringify(NEW_GROUP[field])) continue;
    if (JSON.stringify(from) !== JSON.stringify(to)) {
      changes.push({ field, from: from === undefined ? null : structuredClone(from), to: structuredClone(to) });
    }
  }
  return changes;
}
