import { ScimError } from '../scim-error';

/**
 * How many values a PATCH may leave in one multi-valued attribute. JumpCloud holds two e-mail
 * addresses (`email`, `alternateEmail`) and short `phoneNumbers`, `addresses` and `attributes`
 * arrays (NOTES.md); a client never needs more than a few. The cap is generous, the same for
 * every attribute, and it keeps one request from carrying thousands of values that would cost
 * CPU here and junk in JumpCloud (issue 12, finding 1).
 */
export const DEFAULT_MAX_VALUES_PER_ATTRIBUTE = 100;

/**
 * Refuses a write that leaves `count` values in the multi-valued attribute `name` when that is
 * more than `limit` AND more than it held before: a resource that already holds more (a user in
 * many groups) can still lose values or be patched elsewhere.
 * @throws ScimError 400 `invalidValue` (RFC 7644 §3.12) naming the attribute and the limit.
 */
export function checkValueCount(name: string, count: number, countBefore: number, limit: number): void {
  if (count <= limit || count <= countBefore) return;
  throw ScimError.of('invalidValue', `"${name}" may hold at most ${limit} values (the bridge's cap per multi-valued attribute); this operation would leave more than ${limit}: send fewer values.`);
}
