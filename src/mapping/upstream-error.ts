import { JumpCloudError } from '../jumpcloud';
import { ScimError } from '../scim/scim-error';

/** What the provider was doing when JumpCloud failed: decides whether a 404 means "not found". */
export interface UpstreamErrorContext {
  operation: 'get' | 'list' | 'create' | 'replace' | 'patch' | 'delete';
  resourceType: 'User' | 'Group';
  id?: string;
}

/** Seconds a client is told to wait when JumpCloud gave no hint (its own module waits 5 s between tries). */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

const UNAVAILABLE = 'JumpCloud is unavailable or rate limiting the bridge; retry later.';
const OPERATIONS_ON_ONE_ID = new Set<UpstreamErrorContext['operation']>(['get', 'replace', 'patch', 'delete']);

/**
 * The ONE place where an upstream failure becomes a SCIM error (RFC 7644 §3.12). Details are in
 * the bridge's own words, never JumpCloud's text (which may change, leak internals, or mislead a
 * client that matches on it, as SailPoint does):
 * - a `ScimError` passes through unchanged;
 * - JumpCloud's duplicate answers (users: 400 "User already exists"; groups: 409 "Already Exists")
 *   -> 409 `uniqueness`;
 * - the gRPC "username cannot be modified ... bound to one or more resources" -> 400 `mutability`;
 * - 404 -> 404 only when the operation addressed one id (get/replace/patch/delete): a 404 from any
 *   other call (a list, a lookup of a manager) must not tell a client its resource is gone, or
 *   SailPoint may re-create it;
 * - other 409s (a user who still manages others) -> 409 without scimType;
 * - other 400s -> 400 `invalidValue`;
 * - 429, 502/503/504, other 5xx, timeouts, dropped connections, an exhausted retry budget -> 503
 *   with `retryAfterSeconds` (JumpCloud's `Retry-After` when known);
 * - 401/403/redirects -> 500: the bridge's key is wrong and the client cannot fix that;
 * - invalid-request/invalid-response and anything else -> 500.
 */
export function toScimError(err: unknown, context: UpstreamErrorContext): ScimError {
  if (err instanceof ScimError) return err;
  if (!(err instanceof JumpCloudError)) return internal();
  switch (err.kind) {
    case 'network':
    case 'timeout':
    case 'budget-exhausted':
      return unavailable(err);
    case 'invalid-request':
    case 'invalid-response':
      return internal();
    case 'http':
      return fromHttpStatus(err, context);
  }
}

function fromHttpStatus(err: JumpCloudError, context: UpstreamErrorContext): ScimError {
  const status = err.status ?? 0;
  if (err.isAuthFailure()) {
    return ScimError.status(500, 'The bridge could not authenticate to JumpCloud; the operator must check the JumpCloud API key and organization id.');
  }
  if (err.isRateLimited() || status >= 500) return unavailable(err);
  if (err.isAlreadyExists()) return ScimError.of('uniqueness', uniquenessDetail(context));
  if (status === 400 && /username cannot be modified/i.test(err.message)) {
    return ScimError.of('mutability', 'Attribute "userName" cannot be changed: the JumpCloud user is bound to one or more resources (systems or applications), so JumpCloud refuses to rename it.');
  }
  if (err.isNotFound()) {
    if (context.id !== undefined && OPERATIONS_ON_ONE_ID.has(context.operation)) {
      return ScimError.status(404, `${context.resourceType} ${context.id} not found.`);
    }
    // A 404 on a call that did not address the resource itself is the bridge's problem.
    return internal();
  }
  if (status === 409) {
    // Not a duplicate: e.g. deleting a user who still manages other users.
    return ScimError.status(409, `JumpCloud refused to ${context.operation} the ${context.resourceType.toLowerCase()} because it conflicts with other JumpCloud objects (for example, the user still manages other users).`);
  }
  if (status === 400 || status === 422) {
    return ScimError.of('invalidValue', `JumpCloud refused the ${context.resourceType.toLowerCase()}: one or more attribute values are not acceptable to JumpCloud.`);
  }
  return internal();
}

function uniquenessDetail(context: UpstreamErrorContext): string {
  return context.resourceType === 'User'
    ? 'A user with this userName or work e-mail address already exists in JumpCloud (JumpCloud e-mail addresses are unique across all organizations).'
    : 'A group with this displayName already exists in JumpCloud.';
}

function unavailable(err: JumpCloudError): ScimError {
  const seconds = err.retryAfterSeconds !== undefined && err.retryAfterSeconds > 0 ? Math.ceil(err.retryAfterSeconds) : DEFAULT_RETRY_AFTER_SECONDS;
  return ScimError.status(503, UNAVAILABLE, { retryAfterSeconds: seconds });
}

function internal(): ScimError {
  return ScimError.status(500, 'The bridge failed to complete the request; the error was logged.');
}
