import type { Actor, EmulatorOptions, FieldChange, MutationBus, ObjectEventType, ObjectMutation, SentMail, UserDirectory } from '../context';
import { organizationOf } from '../default-options';
import { badRequest, conflict, notFound } from '../http/http-errors';
import type { SortKey } from '../http/query-params';
import { isObjectId, objectIdSeconds } from '../object-id';
import { withItemIds } from './array-item-ids';
import { blankUser, type UserState } from './user-fields';
import { compare, matches, type UserFilter } from './user-filter';
import { readUserInput, resolveState, usernameViolation, type UserInput } from './user-rules';

/** What the store needs from the app. */
export interface UserStoreDeps {
  bus: MutationBus;
  now: () => Date;
  newObjectId: () => string;
  options: EmulatorOptions;
  /**
   * Whether another organisation of the same JumpCloud already has a user with this (lower-cased)
   * e-mail: JumpCloud keeps e-mails unique across all organisations (NOTES.md). Only the
   * multi-organisation front sets it; alone, an emulator is the whole of JumpCloud.
   */
  emailTakenElsewhere?: (lowerCaseEmail: string) => boolean;
}

/** A list request, already parsed. */
export interface UserQuery {
  filter?: UserFilter;
  sort: SortKey[];
  fields?: string[];
  skip: number;
  limit: number;
}

/** A v1 list answer. */
export interface UserPage {
  totalCount: number;
  results: Record<string, unknown>[];
}

/** Extra create options for seeding: a record may bring its own `_id` and `created`. */
export interface CreateOptions {
  id?: string;
  created?: string;
  /** A seeded account existed before the emulator: no mail goes out for it. */
  seeded?: boolean;
}


interface StoredUser {
  doc: Record<string, unknown>;
  /** Write only: JumpCloud never returns it, the emulator only needs to know one exists. */
  password: string | undefined;
  /** Bound to resources (systems, apps): username changes are refused. */
  bound: boolean;
}

const RENAME_BOUND_USER =
  'rpc error: code = InvalidArgument desc = The username cannot be modified because the user is bound to one or more resources.';

/** JumpCloud hands out Unix ids from 5000 up (unix_uid / unix_guid). */
const FIRST_UNIX_ID = 5000;

/**
 * The v1 system-user directory in memory, sized for 100,000 users: ids kept in ascending `_id`
 * order (paging in `_id` order is a slice), indexes by lower-cased username and e-mail, by
 * employeeIdentifier, and from a manager to its direct reports. Every write publishes on the bus.
 */
export class UserStore implements UserDirectory {
  /** Records examined by list queries: lets tests prove indexed lookups do not scan. */
  readonly work = { examined: 0 };
  private readonly byId = new Map<string, StoredUser>();
  private order: string[] = [];
  private readonly byUsername = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private readonly byEmployeeIdentifier = new Map<string, string>();
  private readonly reportsOf = new Map<string, Set<string>>();
  private nextUnixId = FIRST_UNIX_ID;
  /** Every mail sent, oldest first (GET /__emulator/users/mails). */
  private readonly outbox: SentMail[] = [];

  constructor(private readonly deps: UserStoreDeps) {}

  /** The mails JumpCloud would have sent, oldest first (optionally one user's). */
  mails(userId?: string): SentMail[] {
    return this.outbox.filter((mail) => userId === undefined || mail.userId === userId).map((mail) => ({ ...mail }));
  }

  /**
   * The activation link goes to `alternateEmail` when set, else `email` (spec: "Users without a
   * password will be sent an Activation email to ... the user's alternate email address"); a
   * welcome mail to `email`; an address given in the activate call's `email` flag wins.
   */
  private mail(doc: Record<string, unknown>, kind: SentMail['kind'], address?: string): void {
    const alternate = typeof doc.alternateEmail === 'string' && doc.alternateEmail !== '' ? doc.alternateEmail : undefined;
    const to = address ?? (kind === 'activation' ? (alternate ?? String(doc.email)) : String(doc.email));
    this.outbox.push({ userId: String(doc._id), kind, to, at: this.deps.now().toISOString() });
  }

  get(id: string): Record<string, unknown> | undefined {
    const stored = this.byId.get(id);
    return stored ? structuredClone(stored.doc) : undefined;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  usernameOf(id: string): string | undefined {
    return this.byId.get(id)?.doc.username as string | undefined;
  }

  count(): number {
    return this.order.length;
  }

  idsInOrder(skip: number, limit: number): string[] {
    return this.order.slice(skip, skip + limit);
  }

  /** The id of the user with this username (case-insensitive, as uniqueness is), if any. */
  idOfUsername(username: string): string | undefined {
    return this.byUsername.get(username.toLowerCase());
  }

  /** Whether a user of this organisation has this e-mail (case-insensitive, as uniqueness is). */
  hasEmail(email: string): boolean {
    return this.byEmail.has(email.toLowerCase());
  }

  clear(): void {
    this.byId.clear();
    this.order = [];
    this.byUsername.clear();
    this.byEmail.clear();
    this.byEmployeeIdentifier.clear();
    this.reportsOf.clear();
    this.nextUnixId = FIRST_UNIX_ID;
    this.outbox.length = 0;
  }

  /**
   * `POST /systemusers`: validates, fills every default, publishes `user_create`. `options` are
   * for seeding only (a record bringing its own `_id`/`created`).
   */
  create(body: Record<string, unknown>, actor: Actor, options: CreateOptions = {}): Record<string, unknown> {
    const input = readUserInput(body, this.deps.options);
    const username = input.strings.username ?? '';
    const email = input.strings.email ?? '';
    if (username === '') throw badRequest('Bad Request: username is required');
    if (email === '') throw badRequest('Bad Request: email is required');
    const violation = usernameViolation(username, this.deps.options.usernameMaxLength);
    if (violation) throw badRequest(violation);
    if (this.byUsername.has(username.toLowerCase()) || this.emailTaken(email.toLowerCase(), undefined)) throw badRequest('User already exists');
    this.checkEmployeeIdentifier(input.employeeIdentifier, undefined);
    this.checkManager(input.strings.manager, undefined);
    const id = this.idFor(options.id);
    const state = resolveState(input, undefined, this.deps.options.defaultUserState);

    const doc = blankUser();
    const created = options.created ?? (options.id ? new Date(objectIdSeconds(id) * 1000) : this.deps.now()).toISOString();
    Object.assign(doc, { _id: id, id, created, organization: organizationOf(this.deps.options) });
    this.applyInput(doc, input);
    doc.state = state;
    doc.suspended = state === 'SUSPENDED';
    doc.activated = input.password !== undefined;
    doc.password_date = input.password !== undefined ? created : null;
    if (input.integers.unix_uid === undefined) doc.unix_uid = this.nextUnixId;
    if (input.integers.unix_guid === undefined) doc.unix_guid = this.nextUnixId;
    this.nextUnixId += 1;

    this.insert({ doc, password: input.password, bound: false });
    this.publish('user_create', doc, actor);
    // NOTES.md: a user created ACTIVATED without a password is mailed the activation link; a STAGED one when activated.
    if (!options.seeded && state === 'ACTIVATED' && input.password === undefined) this.mail(doc, 'activation');
    return structuredClone(doc);
  }

  /**
   * `PUT /systemusers/{id}`: scalars absent stay unchanged, arrays given replace the old ones
   * whole. Publishes `user_update` with the changed fields, plus `user_suspended`,
   * `user_unsuspended`, `user_activated` (STAGED -> ACTIVATED) and `user_password_set` as they apply.
   */
  update(id: string, body: Record<string, unknown>, actor: Actor): Record<string, unknown> {
    const stored = this.require(id);
    const input = readUserInput(body, this.deps.options);
    const before = stored.doc;
    if (input.state === 'STAGED') throw badRequest('Bad Request: state may only be set to ACTIVATED or SUSPENDED');
    const username = input.strings.username;
    if (username !== undefined && username !== before.username) {
      const violation = usernameViolation(username, this.deps.options.usernameMaxLength);
      if (violation) throw badRequest(violation);
      if (stored.bound) throw badRequest(RENAME_BOUND_USER);
      if (this.otherOwner(this.byUsername, username.toLowerCase(), id)) throw badRequest('User already exists');
    }
    const email = input.strings.email;
    if (email !== undefined) {
      if (email === '') throw badRequest('Bad Request: email is required');
      if (this.emailTaken(email.toLowerCase(), id)) throw badRequest('User already exists');
    }
    this.checkEmployeeIdentifier(input.employeeIdentifier, id);
    this.checkManager(input.strings.manager, id);
    const state = resolveState(input, before.state as UserState, before.state as UserState);

    const after = structuredClone(before);
    this.applyInput(after, input);
    after.state = state;
    after.suspended = state === 'SUSPENDED';
    if (input.password !== undefined) {
      after.activated = true;
      after.password_date = this.deps.now().toISOString();
    }

    this.unindex(stored);
    stored.doc = after;
    if (input.password !== undefined) stored.password = input.password;
    this.index(stored);

    const changes = diff(before, after);
    if (changes.length > 0) this.publish('user_update', after, actor, changes);
    // A suspend changes both `state` and `suspended` (JSON booleans), and real events list both
    // (NOTES.md "Observed in real events"); `activated` has its own event and is not a state.
    const stateChange = changes.filter((change) => change.field === 'state' || change.field === 'suspended');
    if (before.state !== 'SUSPENDED' && state === 'SUSPENDED') this.publish('user_suspended', after, actor, stateChange);
    if (before.state === 'SUSPENDED' && state !== 'SUSPENDED') this.publish('user_unsuspended', after, actor, stateChange);
    if (before.state === 'STAGED' && state === 'ACTIVATED') this.publish('user_activated', after, actor, stateChange);
    if (input.password !== undefined) this.publish('user_password_set', after, actor);
    return structuredClone(after);
  }

  /**
   * `DELETE /systemusers/{id}`: answers the deleted user. A manager of other users is refused
   * (409) unless `cascadeManager`, which first clears `manager` on the direct reports (each a
   * `user_update`).
   */
  remove(id: string, cascadeManager: boolean, actor: Actor): Record<string, unknown> {
    const stored = this.require(id);
    const reports = [...(this.reportsOf.get(id) ?? [])];
    if (reports.length > 0 && !cascadeManager) {
      throw conflict('Conflict: the user is the manager of one or more users; reassign them or pass cascade_manager=null');
    }
    for (const reportId of reports) this.update(reportId, { manager: '' }, actor);
    this.unindex(stored);
    this.byId.delete(id);
    const at = this.position(id);
    if (this.order[at] === id) this.order.splice(at, 1);
    this.publish('user_delete', stored.doc, actor);
    return structuredClone(stored.doc);
  }

  /**
   * `POST /systemusers/{id}/state/activate`: STAGED -> ACTIVATED. A user in any other state is
   * a 400: the call names a transition that does not exist from there (the spec documents 400
   * and 409 without bodies; 400 matches how PUT refuses an impossible state).
   * Publishes `user_update` (the state change in `changes`) and `user_activated`: DI has no
   * "state changed" event of its own, and activation is the transition `user_activated` names.
   */
  activate(id: string, body: Record<string, unknown>, actor: Actor): Record<string, unknown> {
    const stored = this.require(id);
    const email = body.email;
    if (email !== undefined && typeof email !== 'boolean' && !(typeof email === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) {
      throw badRequest('Bad Request: email must be true, false or an e-mail address');
    }
    if (stored.doc.state !== 'STAGED') throw badRequest(`Bad Request: user is ${String(stored.doc.state)}, only a STAGED user can be activated`);
    const activated = this.update(id, { state: 'ACTIVATED' }, actor);
    // The spec's "Email Flag": false sends nothing; an address receives it; absent or true, the default address.
    if (email !== false) this.mail(activated, stored.password === undefined ? 'activation' : 'welcome', typeof email === 'string' ? email : undefined);
    return activated;
  }

  /** Marks a user bound (or not) to resources, which freezes its username. */
  setBound(id: string, bound: boolean): Record<string, unknown> {
    const stored = this.require(id);
    stored.bound = bound;
    return structuredClone(stored.doc);
  }

  /** v1 list/search: filter, sort, page, project. Uses indexes where the query allows. */
  query(query: UserQuery): UserPage {
    const idOrder = idOrderOf(query.sort);
    let page: StoredUser[];
    let totalCount: number;
    if (!query.filter && idOrder !== undefined) {
      totalCount = this.order.length;
      const ids = idOrder === 'asc' ? this.order.slice(query.skip, query.skip + query.limit) : descendingWindow(this.order, query.skip, query.limit);
      page = ids.map((id) => this.byId.get(id) as StoredUser);
      this.work.examined += page.length;
    } else {
      const pool = (query.filter && this.candidates(query.filter)) ?? this.order;
      const matched: StoredUser[] = [];
      for (const id of pool) {
        const stored = this.byId.get(id) as StoredUser;
        this.work.examined += 1;
        if (!query.filter || matches(stored.doc, query.filter)) matched.push(stored);
      }
      if (idOrder === 'desc') matched.reverse();
      else if (idOrder === undefined) matched.sort((a, b) => compareBySort(a.doc, b.doc, query.sort));
      totalCount = matched.length;
      page = matched.slice(query.skip, query.skip + query.limit);
    }
    return { totalCount, results: page.map((stored) => project(stored.doc, query.fields)) };
  }

  /** `GET /systemusers/{id}` with an optional projection. */
  read(id: string, fields?: string[]): Record<string, unknown> {
    return project(this.require(id).doc, fields);
  }

  private require(id: string): StoredUser {
    const stored = this.byId.get(id);
    if (!stored) throw notFound();
    return stored;
  }

  private idFor(requested: string | undefined): string {
    if (requested === undefined) return this.deps.newObjectId();
    if (!isObjectId(requested)) throw badRequest('Bad Request: _id must be a 24-hex ObjectId');
    if (this.byId.has(requested)) throw badRequest('User already exists');
    return requested;
  }

  private checkEmployeeIdentifier(value: string | null | undefined, self: string | undefined): void {
    if (typeof value === 'string' && this.otherOwner(this.byEmployeeIdentifier, value, self)) {
      throw badRequest('Bad Request: employeeIdentifier must be unique');
    }
  }

  private checkManager(manager: string | undefined, self: string | undefined): void {
    if (manager === undefined || manager === '') return;
    if (manager === self) throw badRequest('Bad Request: a user cannot be their own manager');
    if (!this.byId.has(manager)) throw badRequest('Bad Request: manager must be the id of an existing user');
  }

  /** An e-mail held by another user of this organisation, or by a user of another organisation. */
  private emailTaken(lowerCaseEmail: string, self: string | undefined): boolean {
    return this.otherOwner(this.byEmail, lowerCaseEmail, self) || (this.deps.emailTakenElsewhere?.(lowerCaseEmail) ?? false);
  }

  private otherOwner(index: Map<string, string>, key: string, self: string | undefined): boolean {
    const owner = index.get(key);
    return owner !== undefined && owner !== self;
  }

  private applyInput(doc: Record<string, unknown>, input: UserInput): void {
    Object.assign(doc, input.strings, input.booleans, input.integers, input.objects);
    for (const [field, items] of Object.entries(input.arrays)) {
      doc[field] = withItemIds(field, items, this.deps.options.arrayItemIds, this.deps.newObjectId);
    }
    if (input.employeeIdentifier !== undefined) doc.employeeIdentifier = input.employeeIdentifier;
  }

  private insert(stored: StoredUser): void {
    const id = stored.doc._id as string;
    this.byId.set(id, stored);
    const last = this.order[this.order.length - 1];
    if (last === undefined || last < id) this.order.push(id);
    else this.order.splice(this.position(id), 0, id);
    this.index(stored);
  }

  /** Where `id` is, or would be inserted, in the ascending order array. */
  private position(id: string): number {
    let low = 0;
    let high = this.order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.order[middle] as string) < id) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private index(stored: StoredUser): void {
    const { doc } = stored;
    const id = doc._id as string;
    this.byUsername.set((doc.username as string).toLowerCase(), id);
    this.byEmail.set((doc.email as string).toLowerCase(), id);
    if (typeof doc.employeeIdentifier === 'string') this.byEmployeeIdentifier.set(doc.employeeIdentifier, id);
    const manager = doc.manager as string;
    if (manager !== '') {
      const reports = this.reportsOf.get(manager) ?? new Set<string>();
      reports.add(id);
      this.reportsOf.set(manager, reports);
    }
  }

  private unindex(stored: StoredUser): void {
    const { doc } = stored;
    this.byUsername.delete((doc.username as string).toLowerCase());
    this.byEmail.delete((doc.email as string).toLowerCase());
    if (typeof doc.employeeIdentifier === 'string') this.byEmployeeIdentifier.delete(doc.employeeIdentifier);
    const reports = this.reportsOf.get(doc.manager as string);
    reports?.delete(doc._id as string);
    if (reports?.size === 0) this.reportsOf.delete(doc.manager as string);
  }

  /**
   * Ids (ascending) that can possibly match, from an index, or undefined when the filter needs a
   * scan. An `$eq` on an indexed field is a lookup; an AND uses its first indexed term; an OR
   * only when every branch is indexed. The full filter still runs on each candidate.
   */
  private candidates(filter: UserFilter): string[] | undefined {
    switch (filter.kind) {
      case 'compare': {
        if (filter.op !== '$eq' || typeof filter.value !== 'string') return undefined;
        const hit = this.lookup(filter.field, filter.value);
        return hit === null ? undefined : hit === undefined ? [] : [hit];
      }
      case 'and':
        for (const part of filter.filters) {
          const found = this.candidates(part);
          if (found) return found;
        }
        return undefined;
      case 'or': {
        const union = new Set<string>();
        for (const part of filter.filters) {
          const found = this.candidates(part);
          if (!found) return undefined;
          found.forEach((id) => union.add(id));
        }
        return [...union].sort();
      }
      case 'search':
        return this.searchCandidates(filter.term, filter.fields);
    }
  }

  /**
   * A case-insensitive substring search over `username` and/or `email` reads the lower-cased
   * keys of those two indexes instead of every record (JumpCloud's search is indexed too, so a
   * scan here would make the emulator, not the bridge, the bottleneck of an existence check).
   */
  private searchCandidates(term: string, fields: string[]): string[] | undefined {
    if (fields.length === 0 || !fields.every((field) => field === 'username' || field === 'email')) return undefined;
    const needle = term.toLowerCase();
    const found = new Set<string>();
    for (const field of fields) {
      for (const [key, id] of field === 'username' ? this.byUsername : this.byEmail) {
        if (key.includes(needle)) found.add(id);
      }
    }
    return [...found].sort();
  }

  /** The id an index gives for `field = value`; null when the field has no index. */
  private lookup(field: string, value: string): string | undefined | null {
    switch (field) {
      case '_id':
      case 'id':
        return this.byId.has(value) ? value : undefined;
      case 'username':
        return this.byUsername.get(value.toLowerCase());
      case 'email':
        return this.byEmail.get(value.toLowerCase());
      case 'employeeIdentifier':
        return this.byEmployeeIdentifier.get(value);
      default:
        return null;
    }
  }

  private publish(eventType: ObjectEventType, doc: Record<string, unknown>, actor: Actor, changes?: FieldChange[]): void {
    const mutation: ObjectMutation = {
      eventType,
      resource: { type: 'user', id: doc._id as string, username: doc.username as string },
      actor,
    };
    if (changes && changes.length > 0) mutation.changes = structuredClone(changes);
    this.deps.bus.publish(mutation);
  }
}

/** The fields whose values differ (JSON equality), in the record's field order. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of Object.keys(after)) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes.push({ field, from: structuredClone(before[field]), to: structuredClone(after[field]) });
    }
  }
  return changes;
}

/** 'asc'/'desc' when the sort is plain `_id` order (or none), else undefined. */
function idOrderOf(sort: SortKey[]): 'asc' | 'desc' | undefined {
  if (sort.length === 0) return 'asc';
  const [first] = sort;
  if (sort.length === 1 && first && (first.field === '_id' || first.field === 'id')) return first.descending ? 'desc' : 'asc';
  return undefined;
}

function descendingWindow(order: string[], skip: number, limit: number): string[] {
  const end = Math.max(order.length - skip, 0);
  return order.slice(Math.max(end - limit, 0), end).reverse();
}

/** Orders two users by the sort keys, ties broken by ascending `_id` so pages are stable. */
function compareBySort(a: Record<string, unknown>, b: Record<string, unknown>, sort: SortKey[]): number {
  for (const key of sort) {
    const order = sortOrder(a[key.field], b[key.field]);
    if (order !== 0) return key.descending ? -order : order;
  }
  return (a._id as string) < (b._id as string) ? -1 : 1;
}

/** Mongo-like: missing/null first, then numbers, strings, booleans; within a type, by value. */
function sortOrder(a: unknown, b: unknown): number {
  const rank = (value: unknown) => (value === null || value === undefined ? 0 : typeof value === 'number' ? 1 : typeof value === 'string' ? 2 : typeof value === 'boolean' ? 3 : 4);
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  return compare(a, b) ?? 0;
}

/** A copy of the user, reduced to `fields` (plus `_id` and `id`, which JumpCloud always returns). */
function project(doc: Record<string, unknown>, fields: string[] | undefined): Record<string, unknown> {
  if (!fields) return structuredClone(doc);
  const out: Record<string, unknown> = { _id: doc._id, id: doc.id };
  for (const field of fields) {
    if (field in doc) out[field] = structuredClone(doc[field]);
  }
  return out;
}
