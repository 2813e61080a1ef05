import { JUMPCLOUD_REGIONS, JumpCloudClient, JumpCloudError, resolveEndpoints, type JumpCloudRegion } from '../jumpcloud';
import type { CheckLine } from './check-report';

/** The JumpCloud the checks call, and with which key. */
export interface JumpCloudUnderCheck {
  apiKey: string;
  region: JumpCloudRegion;
  baseUrl?: string;
  orgId?: string;
  timeoutMs: number;
  /** Says the target is the embedded emulator (no real organisation is checked). */
  emulator?: boolean;
}

function where(target: JumpCloudUnderCheck): string {
  if (target.emulator) return `the embedded emulator at ${target.baseUrl}`;
  if (target.baseUrl) return `JUMPCLOUD_BASE_URL ${target.baseUrl}`;
  return `region ${target.region} (${new URL(resolveEndpoints({ region: target.region }).v1).host})`;
}

function organisation(target: JumpCloudUnderCheck): string {
  return target.orgId ? `organisation ${target.orgId} (x-org-id)` : "the key's own organisation";
}

/** What a failed call means and what to change, per HTTP status or network failure. */
function failure(err: unknown, target: JumpCloudUnderCheck, what: string): Pick<CheckLine, 'detail' | 'fix'> {
  if (!(err instanceof JumpCloudError)) return { detail: `${what} failed unexpectedly: ${(err as Error).message}`, fix: 'run again with LOG_LEVEL=debug and report it' };
  const otherRegions = JUMPCLOUD_REGIONS.filter((r) => r !== target.region).join(' or ');
  const status = err.status;
  if (status === 401) {
    return {
      detail: `JumpCloud rejected the API key (HTTP 401) at ${where(target)}`,
      fix: `set JUMPCLOUD_API_KEY to the API key of the bridge's service-account administrator; a key works only in its own region (JUMPCLOUD_REGION=${target.region}: try ${otherRegions}); a multi-tenant (MSP) key also needs JUMPCLOUD_ORG_ID`,
    };
  }
  if (status === 403) {
    return {
      detail: `JumpCloud refused ${what} with this key (HTTP 403)`,
      fix: "give the bridge's service-account administrator a role that can read and manage users and user groups (e.g. Manager or Administrator)",
    };
  }
  if (status === 400 || status === 404) {
    return target.orgId
      ? { detail: `JumpCloud refused ${organisation(target)} (HTTP ${status})`, fix: 'set JUMPCLOUD_ORG_ID to the 24-hex id of an organisation this key administers, or unset it for a single-organisation key' }
      : { detail: `JumpCloud answered HTTP ${status} to ${what} at ${where(target)}`, fix: 'check JUMPCLOUD_BASE_URL: it must be the origin of a JumpCloud API (or unset, to use JUMPCLOUD_REGION)' };
  }
  if (status !== undefined && status >= 300 && status < 400) {
    return { detail: `JumpCloud answered a redirect (HTTP ${status}) at ${where(target)}`, fix: 'the key is missing or empty, or JUMPCLOUD_BASE_URL points at a web page: check JUMPCLOUD_API_KEY and JUMPCLOUD_BASE_URL' };
  }
  if (status === 429 || (status !== undefined && status >= 500)) {
    return { detail: `JumpCloud answered HTTP ${status} to ${what}`, fix: 'JumpCloud is rate limiting or unwell: run check again in a minute (and see status.jumpcloud.com)' };
  }
  return {
    detail: `cannot reach JumpCloud at ${where(target)} (${err.kind}${err.code ? ` ${err.code}` : ''})`,
    fix: 'allow HTTPS egress from this host to JumpCloud (DNS, firewall, proxy), and check JUMPCLOUD_REGION / JUMPCLOUD_BASE_URL',
  };
}

/**
 * Calls JumpCloud with the configured key the way the bridge will: a one-user page (the key, its
 * region and organisation, and the right to list users), a one-group page (the right to list user
 * groups, SailPoint's entitlements) and one Directory Insights query (the change feed; without it
 * the bridge falls back to its reconciliation scan, so a refusal is a warning).
 */
export async function checkJumpCloud(target: JumpCloudUnderCheck): Promise<CheckLine[]> {
  // One attempt each: an operator waiting on `check` wants the answer, not the retry budget.
  const client = new JumpCloudClient({ apiKey: target.apiKey, region: target.region, baseUrl: target.baseUrl, orgId: target.orgId, timeoutMs: target.timeoutMs, retry: { maxAttempts: 1 } });
  const lines: CheckLine[] = [];
  try {
    const users = await client.users.listPage({ limit: 1, fields: ['_id'] });
    lines.push({ status: 'PASS', name: 'jumpcloud.key', detail: `JumpCloud accepted the key at ${where(target)}, ${organisation(target)}` });
    lines.push({ status: 'PASS', name: 'jumpcloud.users', detail: `the key can list users (${users.totalCount} in the organisation)` });
  } catch (err) {
    lines.push({ status: 'FAIL', name: 'jumpcloud.key', ...failure(err, target, 'listing users') });
    lines.push({ status: 'SKIP', name: 'jumpcloud.users', detail: 'not tried: the key was not accepted' });
    lines.push({ status: 'SKIP', name: 'jumpcloud.groups', detail: 'not tried: the key was not accepted' });
    lines.push({ status: 'SKIP', name: 'jumpcloud.insights', detail: 'not tried: the key was not accepted' });
    return lines;
  }
  try {
    const groups = await client.groups.listPage({ limit: 1 });
    lines.push({ status: 'PASS', name: 'jumpcloud.groups', detail: `the key can list user groups (${groups.totalCount ?? 'unknown number'} in the organisation)` });
  } catch (err) {
    lines.push({ status: 'FAIL', name: 'jumpcloud.groups', ...failure(err, target, 'listing user groups') });
  }
  try {
    await client.events.query({ service: ['directory'], start_time: new Date(Date.now() - 3600_000).toISOString(), limit: 1 });
    lines.push({ status: 'PASS', name: 'jumpcloud.insights', detail: 'the key can read Directory Insights (the change feed reads JumpCloud changes from it)' });
  } catch (err) {
    const refused = err instanceof JumpCloudError && err.isAuthFailure();
    lines.push({
      status: 'WARN',
      name: 'jumpcloud.insights',
      detail: refused ? 'Directory Insights refused the key: the change feed will use the slower reconciliation scan' : failure(err, target, 'reading Directory Insights').detail,
      fix: refused ? 'give the service account access to Directory Insights (a plan that includes it) for a prompt change feed' : 'check Directory Insights reachability (api.<region>.jumpcloud.com)',
    });
  }
  return lines;
}
