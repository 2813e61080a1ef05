import type { IncomingHttpHeaders } from 'node:http';
import { sameSecret } from './auth.middleware';

/** Headers a reverse proxy adds: a request carrying one did not really start on this host. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const;

/** True for 127.0.0.0/8, ::1 and their IPv4-mapped IPv6 forms. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Who may read /metrics: the tokens accepted from other hosts (empty: loopback only). */
export interface MetricsAccessPolicy {
  tokens: readonly string[];
}

/** The verdict on one scrape. */
export type MetricsAccess = { allowed: true } | { allowed: false; status: 401 | 403; detail: string };

/**
 * Decides whether a scrape may read /metrics. Loopback peers need no token (a Prometheus agent or
 * `curl` on the same host) UNLESS the request carries a proxy header: a reverse proxy on the same
 * host would otherwise turn every outside request into a loopback one. Anyone else must present
 * `Authorization: Bearer` with METRICS_TOKEN or ADMIN_TOKEN (compared in constant time).
 */
export function metricsAccess(peer: string | undefined, headers: IncomingHttpHeaders, policy: MetricsAccessPolicy): MetricsAccess {
  const proxied = PROXY_HEADERS.some((name) => headers[name] !== undefined);
  const header = headers.authorization;
  if (header === undefined && isLoopbackAddress(peer) && !proxied) return { allowed: true };
  if (policy.tokens.length === 0) {
    return {
      allowed: false,
      status: 403,
      detail: '/metrics is served to loopback clients only (set METRICS_TOKEN to let a scraper on another host in with a bearer token).',
    };
  }
  const [scheme, ...rest] = (header ?? '').trim().split(/\s+/);
  const presented = /^bearer$/i.test(scheme ?? '') ? rest.join(' ') : undefined;
  // Check every token (no early exit) so timing does not tell which one matched.
  let matched = false;
  for (const token of policy.tokens) if (presented !== undefined && sameSecret(presented, token)) matched = true;
  if (matched) return { allowed: true };
  return {
    allowed: false,
    status: 401,
    detail: header ? 'The credentials in the Authorization header are not valid for /metrics (it takes METRICS_TOKEN or ADMIN_TOKEN).' : 'Authentication required: send "Authorization: Bearer <METRICS_TOKEN>".',
  };
}
