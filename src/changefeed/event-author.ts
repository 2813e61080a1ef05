import type { DirectoryEvent } from '../jumpcloud';

/**
 * Whether a person made the change: an admin in the console (`auth_method` `session`) or a user
 * on their own account (`initiated_by.type` `user`, e.g. a first portal login). Such a change is
 * never the bridge's, whatever its journal holds at that time. Anything else may be an API key,
 * whatever JumpCloud calls it: `api key` in real events, `api-key` in its docs (NOTES.md
 * "Observed in real events"), so no spelling of the key is relied on.
 */
export function madeByPerson(event: DirectoryEvent): boolean {
  const method = typeof event.auth_method === 'string' ? event.auth_method.trim().toLowerCase() : undefined;
  return method === 'session' || event.initiated_by?.type === 'user';
}

/**
 * The administrator Directory Insights names as the change's author: for an API-key write, the
 * admin who owns the key (`initiated_by: {id, type: "admin", email}` in real events).
 */
export function authorAdminId(event: DirectoryEvent): string | undefined {
  const by = event.initiated_by;
  if (!by || by.type === 'user') return undefined;
  return typeof by.id === 'string' && by.id !== '' ? by.id : undefined;
}
