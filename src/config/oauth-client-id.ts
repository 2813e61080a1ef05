/**
 * The shape of an OAuth client id, shared by the config loader (which refuses any other) and the
 * token endpoint (which refuses a presented id of any other shape before it becomes a throttle key,
 * so the failure throttle's memory stays bounded: at most 128 short characters per key).
 */
export const OAUTH_CLIENT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/** Whether `id` can be a configured OAuth client id (1-128 letters, digits or . _ ~ -). */
export function isOAuthClientId(id: string): boolean {
  return OAUTH_CLIENT_ID.test(id);
}
