import { EmulatorHttpError, type Actor, type GroupDirectory, type SeedDocument } from './context';
import { badRequest } from './http/http-errors';
import { isObjectId } from './object-id';
import type { UserStore } from './users/user-store';

/** What seeding writes through. */
export interface SeedDeps {
  users: UserStore;
  groups: GroupDirectory;
  actor: Actor;
}

/**
 * Loads a seed document through the same paths the API uses, so a seed obeys every rule and
 * gets every default: users as `POST /systemusers` bodies (a record may bring its own `_id` and
 * `created`, and `bound: true` to freeze its username), then `generate.users` synthetic users,
 * then groups as `POST /v2/usergroups` bodies whose `members` name users by username or `_id`.
 * A bad record fails the seed with a 400 naming it; records before it stay loaded.
 *
 * A seeded user is an EXISTING account: without `state` (or `suspended`) it is ACTIVATED, not the
 * org default state, which applies to users created from now on (`defaultUserState`).
 */
export function seedDirectory(doc: SeedDocument, deps: SeedDeps): { users: number; groups: number } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw badRequest('Bad Request: a seed must be a JSON object');
  let users = 0;
  (doc.users ?? []).forEach((record, index) => {
    at(`users[${index}]`, () => {
      const { _id, created, bound, ...body } = record;
      const user = deps.users.create(existingAccount(body), deps.actor, {
        id: typeof _id === 'string' ? _id : undefined,
        created: typeof created === 'string' ? created : undefined,
        seeded: true,
      });
      if (bound === true) deps.users.setBound(user._id as string, true);
    });
    users += 1;
  });
  users += generateUsers(doc.generate, deps);

  let groups = 0;
  (doc.groups ?? []).forEach((record, index) => {
    at(`groups[${index}]`, () => {
      const { members, ...body } = record;
      const group = deps.groups.create(body, deps.actor);
      for (const member of members ?? []) deps.groups.addMember(group.id as string, memberId(member, deps.users), deps.actor);
    });
    groups += 1;
  });
  return { users, groups };
}

/**
 * `generate: {users: N, usernamePrefix}`: N valid users `<prefix>000001`… (zero padded so the
 * usernames sort like the ids), each with an e-mail at example.com and a first and last name.
 */
function generateUsers(generate: SeedDocument['generate'], deps: SeedDeps): number {
  if (generate === undefined) return 0;
  const count = generate.users;
  if (!Number.isInteger(count) || count < 0) throw badRequest('Bad Request: generate.users must be a non-negative integer');
  const prefix = generate.usernamePrefix ?? 'user';
  const width = Math.max(String(count).length, 6);
  for (let n = 1; n <= count; n += 1) {
    const number = String(n).padStart(width, '0');
    at(`generate[${n}]`, () =>
      deps.users.create(
        existingAccount({ username: `${prefix}${number}`, email: `${prefix}${number}@example.com`, firstname: 'Generated', lastname: `User ${number}`, password: 'Generated-Passw0rd!' }),
        deps.actor,
        { seeded: true },
      ),
    );
  }
  return count;
}

/** The body of an existing account: ACTIVATED unless it says otherwise (see `seedDirectory`). */
function existingAccount(body: Record<string, unknown>): Record<string, unknown> {
  return 'state' in body || 'suspended' in body ? body : { ...body, state: 'ACTIVATED' };
}

function memberId(member: unknown, users: UserStore): string {
  if (typeof member !== 'string') throw badRequest('Bad Request: members must be usernames or user ids');
  if (isObjectId(member) && users.has(member)) return member;
  const id = users.idOfUsername(member);
  if (id === undefined) throw badRequest(`Bad Request: no user "${member}"`);
  return id;
}

/** Runs one record's load, prefixing any rule violation with where in the seed it is. */
function at<T>(where: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof EmulatorHttpError) {
      throw new EmulatorHttpError(error.status, { ...error.body, message: `${where}: ${error.message}` });
    }
    throw error;
  }
}
