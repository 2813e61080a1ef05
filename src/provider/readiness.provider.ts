import type { JumpCloudClient } from '../jumpcloud/jumpcloud-client';
import { JumpCloudError } from '../jumpcloud/jumpcloud-error';

/** One readiness check's verdict, in words an operator can act on (never JumpCloud's own text). */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

/** The readiness report: ready only when every check passes. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** Explains a failed JumpCloud call to an operator without quoting JumpCloud. */
function explain(err: unknown): string {
  if (!(err instanceof JumpCloudError)) return 'JumpCloud check failed unexpectedly';
  if (err.status === 401 || err.status === 403) return `JumpCloud rejected the API key (HTTP ${err.status}): check JUMPCLOUD_API_KEY, JUMPCLOUD_REGION and JUMPCLOUD_ORG_ID`;
  if (err.status === 400 || err.status === 404) return `JumpCloud refused the organisation (HTTP ${err.status}): check JUMPCLOUD_ORG_ID`;
  if (err.status !== undefined && err.status >= 300 && err.status < 400) return `JumpCloud answered a redirect (HTTP ${err.status}): the key is probably missing or the base URL wrong`;
  if (err.status !== undefined) return `JumpCloud answered HTTP ${err.status}`;
  return `JumpCloud is unreachable (${err.kind})`;
}

/**
 * Builds the readiness probe: one cheap authenticated JumpCloud call (a one-user page), its
 * verdict cached for `cacheMs` so frequent probes do not spend JumpCloud's rate limit.
 */
export function createReadinessProbe(client: JumpCloudClient, options: { cacheMs?: number; timeoutMs?: number; now?: () => number } = {}): () => Promise<ReadinessReport> {
  const cacheMs = options.cacheMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  let cached: { at: number; report: Promise<ReadinessReport> } | undefined;

  async function probe(): Promise<ReadinessReport> {
    try {
      await client.users.listPage({ limit: 1, fields: ['_id'] }, { deadlineMs: Date.now() + timeoutMs });
      return { ready: true, checks: { jumpcloud: { ok: true, detail: 'JumpCloud accepted the API key' } } };
    } catch (err) {
      return { ready: false, checks: { jumpcloud: { ok: false, detail: explain(err) } } };
    }
  }

  return () => {
    if (!cached || now() - cached.at >= cacheMs) cached = { at: now(), report: probe() };
    return cached.report;
  };
}
