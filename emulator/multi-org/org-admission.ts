import { sameSecret } from '../http/api-key-auth';
import { orgHeaderRefusal, type OrgHeaderRefusal } from '../http/org-header';
import type { OrgKeyOtherOrg } from './multi-org-config';

/** The keys of a multi-organisation emulator. Organisation ids are lower-case. */
export interface Keyring {
  /** The multi-tenant administrator key: every organisation in `orgIds`, chosen by `x-org-id`. */
  providerKey: string;
  orgIds: readonly string[];
  /** Per-organisation keys: organisation id -> its key. */
  orgKeys: ReadonlyMap<string, string>;
  orgKeyOtherOrg: OrgKeyOtherOrg;
}

/** Which organisation a request acts on, or why it acts on none. */
export type Admission = { admitted: true; orgId: string } | ({ admitted: false } & OrgHeaderRefusal);

/**
 * Chooses the organisation of a request from its `x-api-key` and `x-org-id`, as JumpCloud does:
 * - no key: 401; a key that is none of the ring's: 401 (the key is checked before the org);
 * - the provider key: `x-org-id` missing 401, malformed 400, not one of its orgs 404;
 * - a per-organisation key: its own org when `x-org-id` is absent or names it; another org (known
 *   or not: no existence leak) 404 and malformed 400, unless `orgKeyOtherOrg` is `ignore`.
 * Every key is compared in constant time, and all of them on every call.
 */
export function admit(apiKey: string | undefined, orgIdHeader: string | undefined, keyring: Keyring): Admission {
  if (apiKey === undefined || apiKey === '') return { admitted: false, status: 401, body: { error: 'Unauthorized', message: 'Missing API key' } };
  const isProvider = sameSecret(apiKey, keyring.providerKey);
  let keyOrg: string | undefined;
  for (const [orgId, key] of keyring.orgKeys) if (sameSecret(apiKey, key)) keyOrg = orgId;
  if (isProvider) return fromHeader(orgIdHeader, (wanted) => keyring.orgIds.includes(wanted));
  if (keyOrg === undefined) return { admitted: false, status: 401, body: { error: 'Unauthorized', message: 'Invalid API key' } };
  if (orgIdHeader === undefined || orgIdHeader === '' || keyring.orgKeyOtherOrg === 'ignore') return { admitted: true, orgId: keyOrg };
  return fromHeader(orgIdHeader, (wanted) => wanted === keyOrg);
}

function fromHeader(orgIdHeader: string | undefined, administers: (lowerCaseOrgId: string) => boolean): Admission {
  const refusal = orgHeaderRefusal(orgIdHeader, administers);
  return refusal ? { admitted: false, ...refusal } : { admitted: true, orgId: (orgIdHeader as string).toLowerCase() };
}
