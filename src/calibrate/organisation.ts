import type { WireClient } from './wire-client';

/** The organisation the key acts on, and JumpCloud's clock when it answered. */
export interface ActingOrganisation {
  id: string;
  displayName: string;
  /** JumpCloud's `Date` header, when sent: DI windows are measured on JumpCloud's clock. */
  serverTime?: Date;
}

/** Learning the organisation failed: what to tell the operator. */
export interface OrganisationProblem {
  problem: string;
}

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/**
 * Which organisation the key writes to, learned before any write with `GET /api/organizations`
 * (v1 `Organization_List`: the organisations the key administers). With JUMPCLOUD_ORG_ID the key
 * acts on that one (sent as `x-org-id`), which must be among them; without it a single-org key's
 * one organisation. A key administering several needs JUMPCLOUD_ORG_ID, as every call would.
 */
export async function learnOrganisation(wire: WireClient, configuredOrgId: string | undefined): Promise<ActingOrganisation | OrganisationProblem> {
  const answer = await wire.send({ api: 'v1', method: 'GET', url: '/organizations?limit=100' });
  if (answer.status === 401 || answer.status === 403) return { problem: `JumpCloud refused the key (HTTP ${answer.status}): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID` };
  if (answer.status >= 300 && answer.status < 400) return { problem: `JumpCloud answered a redirect (HTTP ${answer.status}): check JUMPCLOUD_API_KEY and JUMPCLOUD_BASE_URL` };
  // NOTES.md: a malformed x-org-id answers 400, an org the key does not administer 404.
  if (configuredOrgId && (answer.status === 400 || answer.status === 404)) return { problem: `JumpCloud refused JUMPCLOUD_ORG_ID ${configuredOrgId} (HTTP ${answer.status}): it is not an organisation this key administers` };
  const results = (answer.body as { results?: unknown } | null)?.results;
  if (answer.status !== 200 || !Array.isArray(results)) return { problem: `listing the key's organisations answered HTTP ${answer.status}: cannot tell which organisation would be written to` };
  const organisations = (results as Record<string, unknown>[])
    .filter((org) => typeof org._id === 'string' && OBJECT_ID.test(org._id))
    .map((org) => ({ id: String(org._id).toLowerCase(), displayName: typeof org.displayName === 'string' ? org.displayName : '' }));
  const date = answer.headers.date ? new Date(answer.headers.date) : undefined;
  const clock = date && !Number.isNaN(date.getTime()) ? { serverTime: date } : {};
  if (configuredOrgId) {
    const wanted = configuredOrgId.toLowerCase();
    const match = organisations.find((org) => org.id === wanted);
    if (!match) return { problem: `JUMPCLOUD_ORG_ID ${configuredOrgId} is not among the organisations this key administers` };
    return { ...match, ...clock };
  }
  const [only, ...more] = organisations;
  if (!only) return { problem: 'the key lists no organisation: cannot tell which organisation would be written to' };
  if (more.length > 0) return { problem: `the key administers ${organisations.length} organisations: set JUMPCLOUD_ORG_ID to the sandbox organisation to calibrate` };
  return { ...only, ...clock };
}

/** Whether `--yes-write-to` names the organisation the key acts on (ids compare case-insensitively). */
export function namesOrganisation(yesWriteTo: string | undefined, organisation: ActingOrganisation): boolean {
  return typeof yesWriteTo === 'string' && yesWriteTo.trim().toLowerCase() === organisation.id;
}
