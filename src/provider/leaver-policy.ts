import type { SystemUser, SystemUserPut, UserAttribute } from '../jumpcloud';

/** What `DELETE /Users/{id}` does in JumpCloud (setting LEAVER_POLICY). */
export type LeaverPolicy = 'delete' | 'suspend';

/**
 * The custom attribute that marks an account kept by the `suspend` policy as deleted for SCIM
 * (letters and digits, under 32 characters, as JumpCloud requires). Its value is the ISO time
 * of the delete. The mapping never serves it, and every write keeps it (unmapped attributes are
 * kept on PUT), so it survives until an admin removes it in JumpCloud.
 */
export const DELETED_MARKER_ATTRIBUTE = 'scimBridgeDeleted';

/**
 * What a `DELETE /Users/{id}` actually did, for the audit journal ("recorded as what actually
 * happened"): the account deleted, or kept and suspended.
 */
export type LeaverOutcome =
  | {
      action: 'deleted';
      jumpcloudId: string;
      /**
       * The user JumpCloud answered the delete with (its last state); absent when that answer was
       * lost and the retry found the user already gone (the first attempt deleted it).
       */
      user?: SystemUser;
      /** Sent `cascade_manager=null`: JumpCloud cleared this user as manager of any direct reports. */
      managerClearedOnReports: true;
    }
  | {
      action: 'suspended';
      jumpcloudId: string;
      /** The kept account after the suspension, marked deleted. */
      user: SystemUser;
      /** The state before (an already SUSPENDED user is only marked). */
      previousState: SystemUser['state'];
    };

/** True when the account was deleted for SCIM under the `suspend` policy (RFC 7644 §3.6: gone). */
export function isMarkedDeleted(user: SystemUser): boolean {
  const lower = DELETED_MARKER_ATTRIBUTE.toLowerCase();
  return (user.attributes ?? []).some((attribute) => typeof attribute?.name === 'string' && attribute.name.toLowerCase() === lower);
}

/**
 * The PUT that keeps an account but ends it: SUSPENDED (no access) and marked deleted. JumpCloud
 * REPLACES `attributes` on PUT, so the current ones are sent back with the marker added.
 */
export function suspendOnDelete(current: SystemUser, at: Date): SystemUserPut {
  const attributes: UserAttribute[] = (current.attributes ?? [])
    .filter((attribute) => typeof attribute?.name === 'string')
    .map((attribute) => ({ name: attribute.name, value: String(attribute.value ?? '') }));
  attributes.push({ name: DELETED_MARKER_ATTRIBUTE, value: at.toISOString() });
  const body: SystemUserPut = { attributes };
  if (current.state !== 'SUSPENDED') body.state = 'SUSPENDED';
  return body;
}
