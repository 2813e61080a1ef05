import { randomBytes } from 'node:crypto';
import type { SystemUser, SystemUserCreate, SystemUserPut, UserGroup, UserGroupBody } from './types';

/**
 * The answers JumpCloud would give to writes the dry run does not send, built from what
 * NOTES.md documents of its behaviour. Pure: the caller passes the current record, the clock
 * and the id.
 */

/** Every field a v1 user carries at its unset value (unset strings "", arrays [], `employeeIdentifier` null). */
function blankUser(): Omit<SystemUser, '_id'> {
  return {
    username: '',
    email: '',
    firstname: '',
    lastname: '',
    middlename: '',
    displayname: '',
    alternateEmail: '',
    jobTitle: '',
    department: '',
    costCenter: '',
    company: '',
    employeeType: '',
    employeeIdentifier: null,
    location: '',
    description: '',
    manager: '',
    addresses: [],
    phoneNumbers: [],
    attributes: [],
    restrictedFields: [],
    account_locked: false,
    password_never_expires: false,
    external_dn: '',
    external_source_type: '',
  };
}

/**
 * `POST /systemusers` (200): the body over the defaults, a new id (as `_id` and `id`), `created`
 * now, `state` from the body or the org default ACTIVATED (the org setting cannot be read through
 * the API), `suspended` agreeing with it, and `activated` true only with a password, which itself
 * is never returned.
 */
export function createdUser(body: SystemUserCreate, id: string, now: Date): SystemUser {
  const { password, ...fields } = body;
  const state = fields.state ?? 'ACTIVATED';
  return { ...blankUser(), ...fields, _id: id, id, created: now.toISOString(), state, suspended: state === 'SUSPENDED', activated: password !== undefined };
}

/**
 * `PUT /systemusers/{id}` (200): scalars given replace the current ones, arrays given replace
 * the current arrays whole (JumpCloud does not merge them); a password makes the user activated;
 * `suspended` follows the state.
 */
export function updatedUser(current: SystemUser, body: SystemUserPut): SystemUser {
  const { password, ...fields } = body;
  const after: SystemUser = { ...current, ...fields, _id: current._id };
  if (after.state !== undefined) after.suspended = after.state === 'SUSPENDED';
  if (password !== undefined) after.activated = true;
  return after;
}

/** `POST /v2/usergroups` (201): the body over a new group's defaults. */
export function createdGroup(body: UserGroupBody, id: string): UserGroup {
  return { attributes: null, description: '', email: '', membershipMethod: 'STATIC', ...body, id, type: 'user_group' };
}

/** `PUT /v2/usergroups/{id}` (200): PUT replaces the whole group, so only the body and the identity remain. */
export function replacedGroup(current: UserGroup, body: UserGroupBody): UserGroup {
  return createdGroup(body, current.id);
}

/** A new 24-hex ObjectId: seconds since the epoch, then random bytes (JumpCloud's id shape and order). */
export function newObjectId(now: Date): string {
  return Math.floor(now.getTime() / 1000).toString(16).padStart(8, '0').slice(-8) + randomBytes(8).toString('hex');
}
