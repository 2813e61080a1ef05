import type { CheckLine } from './check-report';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** How the check authenticates to the bridge, as SailPoint would. */
export type BridgeCredential = { bearer: string } | { basic: { username: string; password: string } };

/** One request SailPoint's Test Connection (and its first aggregation) makes, and what a good answer holds. */
interface Probe {
  name: string;
  path: string;
  /** Why SailPoint needs it, said when it fails. */
  role: string;
  accept(body: Record<string, unknown>): string | undefined;
}

const listed = (body: Record<string, unknown>): unknown[] => (Array.isArray(body.Resources) ? (body.Resources as unknown[]) : []);
const idsOf = (body: Record<string, unknown>): unknown[] => listed(body).map((r) => (r as { id?: unknown }).id);

const PROBES: readonly Probe[] = [
  {
    name: 'scim.ServiceProviderConfig',
    path: '/ServiceProviderConfig',
    role: 'Test Connection reads the service provider configuration',
    accept: (b) => (Array.isArray(b.schemas) && b.schemas.includes('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig') ? 'the features the bridge supports' : undefined),
  },
  {
    name: 'scim.ResourceTypes',
    path: '/ResourceTypes',
    role: 'Test Connection lists the resource types',
    accept: (b) => (idsOf(b).includes('User') && idsOf(b).includes('Group') ? 'User and Group' : undefined),
  },
  { name: 'scim.ResourceTypes/User', path: '/ResourceTypes/User', role: 'Test Connection reads the User resource type', accept: (b) => (b.id === 'User' ? `endpoint ${String(b.endpoint)}` : undefined) },
  { name: 'scim.ResourceTypes/Group', path: '/ResourceTypes/Group', role: 'Test Connection reads the Group resource type', accept: (b) => (b.id === 'Group' ? `endpoint ${String(b.endpoint)}` : undefined) },
  {
    name: 'scim.Schemas',
    path: '/Schemas',
    role: 'Discover Schema builds the account schema from it',
    accept: (b) => (idsOf(b).includes(CORE_USER) ? `${listed(b).length} schemas` : undefined),
  },
  {
    name: 'scim.Schemas/User',
    path: `/Schemas/${CORE_USER}`,
    role: 'Discover Schema reads the core User schema',
    accept: (b) => {
      const names = Array.isArray(b.attributes) ? (b.attributes as { name?: unknown }[]).map((a) => a.name) : [];
      return names.includes('userName') ? `${names.length} attributes, userName among them` : undefined;
    },
  },
  {
    name: 'scim.Users',
    path: '/Users?startIndex=1&count=1',
    role: 'account aggregation pages through /Users (the bridge reads JumpCloud for it)',
    accept: (b) => (Array.isArray(b.schemas) && b.schemas.includes(LIST_RESPONSE) ? `${String(b.totalResults)} accounts` : undefined),
  },
  {
    name: 'scim.Groups',
    path: '/Groups?startIndex=1&count=1',
    role: 'entitlement aggregation pages through /Groups (the bridge reads JumpCloud for it)',
    accept: (b) => (Array.isArray(b.schemas) && b.schemas.includes(LIST_RESPONSE) ? `${String(b.totalResults)} entitlements` : undefined),
  },
];

function authorization(credential: BridgeCredential): string {
  if ('bearer' in credential) return `Bearer ${credential.bearer}`;
  return `Basic ${Buffer.from(`${credential.basic.username}:${credential.basic.password}`).toString('base64')}`;
}

/** The fix for an answer that is not what SailPoint expects. */
function fixFor(status: number, base: string, probe: Probe): string {
  if (status === 401 || status === 403) return "SailPoint's API token must be one of SCIM_BEARER_TOKEN (or Basic: SCIM_BASIC_USERNAME and SCIM_BASIC_PASSWORD); give the same to check with --token";
  if (status === 404) return `the Host URL must be the SCIM base (origin + SCIM_BASE_PATH, e.g. ${new URL(base).origin}/scim/v2), with nothing after it`;
  if (status >= 500) return 'fix the jumpcloud.* lines above first (the bridge reads JumpCloud to answer this), then see the bridge log for this request';
  return `${probe.role}: see the bridge log for this request`;
}

/**
 * Runs, against the bridge at `base` (the SCIM base URL), the discovery requests SailPoint's
 * "Test Connection" makes, then the first page of account and entitlement aggregation; one line
 * each. A base ending in `/Users` works (the bridge tolerates it) but is flagged.
 */
export async function checkDiscovery(base: string, credential: BridgeCredential, timeoutMs = 15000): Promise<CheckLine[]> {
  const lines: CheckLine[] = [];
  const trimmed = base.replace(/\/+$/, '');
  if (/\/Users$/i.test(trimmed)) {
    lines.push({
      status: 'WARN',
      name: 'scim.hostUrl',
      detail: `${trimmed} ends in /Users: the bridge tolerates it, but requests then go to /Users/Users, /Users/Schemas...`,
      fix: `enter ${trimmed.replace(/\/Users$/i, '')} as the Host URL`,
    });
  }
  for (const probe of PROBES) {
    const url = `${trimmed}${probe.path}`;
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: authorization(credential), accept: 'application/scim+json' }, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
    } catch (err) {
      lines.push({ status: 'FAIL', name: probe.name, detail: `no answer from ${url} (${(err as Error).message})`, fix: 'is the bridge running and reachable from here at this URL (scheme, host, port, TLS)?' });
      // The same failure would repeat for every request: say it once.
      break;
    }
    const text = await res.text();
    let body: Record<string, unknown> | undefined;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = undefined;
    }
    const found = res.status === 200 && body ? probe.accept(body) : undefined;
    if (found !== undefined) {
      lines.push({ status: 'PASS', name: probe.name, detail: `200: ${found}` });
      continue;
    }
    const said = body && typeof body.detail === 'string' ? `: ${body.detail}` : '';
    lines.push({ status: 'FAIL', name: probe.name, detail: `GET ${probe.path} answered ${res.status}${res.status === 200 ? ' without what SailPoint expects' : said}`, fix: fixFor(res.status, trimmed, probe) });
  }
  return lines;
}
