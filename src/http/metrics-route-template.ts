/**
 * The route TEMPLATE of a SCIM request path (relative to the SCIM base), for metric labels: ids,
 * URNs and anything a client typed become placeholders, so a label can never carry a userName,
 * an id or a token, and the number of label values stays small whatever clients send.
 */

/** Top-level SCIM endpoints, lower-cased -> canonical spelling (express matches case-insensitively). */
const ENDPOINTS: Record<string, string> = {
  users: '/Users',
  groups: '/Groups',
  bulk: '/Bulk',
  '.search': '/.search',
  serviceproviderconfig: '/ServiceProviderConfig',
  serviceproviderconfigs: '/ServiceProviderConfigs',
  resourcetypes: '/ResourceTypes',
  schemas: '/Schemas',
  me: '/Me',
};

/** Endpoints with one addressable child (`/Users/{id}`, `/Schemas/{urn}`), and its placeholder. */
const CHILD: Record<string, string> = {
  '/Users': '{id}',
  '/Groups': '{id}',
  '/ResourceTypes': '{name}',
  '/Schemas': '{urn}',
};

/** Label for any path that is no SCIM endpoint (a 404). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Maps a path below the SCIM base (query string allowed) to its template, e.g.
 * `/Users/5f1b...` -> `/Users/{id}`, `/users/.search` -> `/Users/.search`,
 * `/Users/Users/{id}` (a Host URL ending in /Users) -> `/Users/{id}`, `/nope` -> `unmatched`.
 */
export function scimRouteTemplate(path: string): string {
  const clean = (path.split('?')[0] ?? '').replace(/\/+$/, '');
  let segments = clean.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return '/';
  // The tolerated mistaken base (users-suffix-tolerance.middleware): `/Users/<endpoint>/...`.
  const second = segments[1]?.toLowerCase();
  if (segments[0]?.toLowerCase() === 'users' && second !== undefined && second !== '.search' && ENDPOINTS[second] !== undefined) {
    segments = segments.slice(1);
  }
  const endpoint = ENDPOINTS[segments[0]?.toLowerCase() ?? ''];
  if (endpoint === undefined) return UNMATCHED_ROUTE;
  if (segments.length === 1) return endpoint;
  // RFC 7644 §3.11: /Me may be followed by anything; it is one (unsupported) endpoint.
  if (endpoint === '/Me') return endpoint;
  const child = CHILD[endpoint];
  if (child === undefined) return UNMATCHED_ROUTE;
  if (segments.length === 2) {
    if ((endpoint === '/Users' || endpoint === '/Groups') && segments[1]?.toLowerCase() === '.search') return `${endpoint}/.search`;
    return `${endpoint}/${child}`;
  }
  return UNMATCHED_ROUTE;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The HTTP method as a label: the standard ones as sent, anything else `OTHER`. */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}
