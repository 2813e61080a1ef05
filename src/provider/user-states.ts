import type { RestrictedField, SystemUser, SystemUserActivate, SystemUserCreate, SystemUserPut } from '../jumpcloud';
import { scimRestrictedFields } from '../mapping';

/**
 * The settings around a user's JumpCloud state (README "Lifecycle states"): what `active: false`
 * on a create means, whether JumpCloud mails the activation link, and whether the bridge marks
 * the fields it owns as restricted.
 */
export interface UserStateSettings {
  /** `active: false` on create -> STAGED (pre-hire) instead of SUSPENDED. */
  prehireStaged: boolean;
  /** Whether JumpCloud mails the activation link to a user without a password. */
  activationEmail: boolean;
  /** JumpCloud fields marked `restrictedFields` type `scim` on every write; empty = off. */
  ownedFields: readonly string[];
}

/** The settings that change nothing: JumpCloud's own defaults, as before issue 5. */
export const DEFAULT_USER_STATE_SETTINGS: UserStateSettings = { prehireStaged: false, activationEmail: true, ownedFields: [] };

/** A create as JumpCloud must receive it: the body, then an activation when one follows. */
export interface CreatePlan {
  body: SystemUserCreate;
  /** `POST /systemusers/{id}/state/activate` right after the create. */
  activate?: SystemUserActivate;
}

/** An update as JumpCloud must receive it. */
export interface UpdatePlan {
  /** The PUT body, or undefined when nothing but the state changes. */
  body?: SystemUserPut;
  /** `POST /systemusers/{id}/state/activate` after the PUT: the only way out of STAGED. */
  activate?: SystemUserActivate;
}

/**
 * Adjusts the mapped create body to the settings:
 * - pre-hire: `active: false` (SUSPENDED) becomes STAGED: no access and no e-mail until started;
 * - no activation e-mail for a user without a password: JumpCloud mails the link when it creates
 *   an ACTIVATED user without one, and never for a STAGED user; so the user is created STAGED and
 *   activated at once with `{email: false}` (an `active` left out counts as active here, or the
 *   org default could mail). A user asked `active: false` is left STAGED: SUSPENDED is not a state
 *   JumpCloud can create without the mail, and STAGED reads `active: false` as well.
 */
export function planCreate(mapped: SystemUserCreate, settings: UserStateSettings): CreatePlan {
  const body: SystemUserCreate = { ...mapped };
  if (settings.ownedFields.length > 0) body.restrictedFields = scimRestrictedFields(settings.ownedFields, undefined) ?? [];
  if (body.state === 'SUSPENDED' && settings.prehireStaged) body.state = 'STAGED';
  const mailed = body.password === undefined && !settings.activationEmail;
  if (!mailed) return { body };
  if (body.state === 'SUSPENDED' || body.state === 'STAGED') return { body: { ...body, state: 'STAGED' } };
  return { body: { ...body, state: 'STAGED' }, activate: { email: false } };
}

/**
 * Adjusts the mapped update to the current state: a STAGED user made active is activated with
 * `POST .../state/activate` (JumpCloud's documented transition, which also decides the mail)
 * instead of a PUT of `state`; the bridge-owned fields are re-marked on any write of the user.
 */
export function planUpdate(mapped: SystemUserPut | undefined, current: SystemUser, settings: UserStateSettings): UpdatePlan {
  if (!mapped) return {};
  let body: SystemUserPut | undefined = { ...mapped };
  let activate: SystemUserActivate | undefined;
  if (current.state === 'STAGED' && body.state === 'ACTIVATED') {
    delete body.state;
    activate = { email: settings.activationEmail };
  }
  if (settings.ownedFields.length > 0) {
    const restricted = scimRestrictedFields(settings.ownedFields, current.restrictedFields as RestrictedField[] | undefined);
    if (restricted) body.restrictedFields = restricted;
  }
  if (Object.keys(body).length === 0) body = undefined;
  return { body, activate };
}

/** The user as JumpCloud holds it after a successful activation (the call answers no user). */
export function activated(user: SystemUser): SystemUser {
  return { ...user, state: 'ACTIVATED', suspended: false };
}

/**
 * Whether a create made JumpCloud mail an activation link, by JumpCloud's documented rules
 * (`POST /systemusers/{id}/state/activate`: a user without a password is mailed the activation
 * link unless `email` is false; a user created ACTIVATED without one is mailed at creation, a
 * STAGED one only when activated). Undefined when the user has a password (no activation pending)
 * or was created SUSPENDED, for which JumpCloud documents nothing.
 */
export function activationEmailOfCreate(plan: CreatePlan, createdState: unknown, passwordSet: boolean): boolean | undefined {
  if (passwordSet) return undefined;
  if (plan.activate) return plan.activate.email !== false;
  if (createdState === 'ACTIVATED') return true;
  if (createdState === 'STAGED') return false;
  return undefined;
}

/** Whether an update's activation (STAGED -> ACTIVATED) mailed the link: only to a user still without a password. */
export function activationEmailOfUpdate(plan: UpdatePlan, current: SystemUser, passwordSet: boolean): boolean | undefined {
  if (!plan.activate || passwordSet || current.activated !== false) return undefined;
  return plan.activate.email !== false;
}
