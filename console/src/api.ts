/**
 * The console's calls to its own server (`/console/api/...`, relative to the page). The session
 * lives in an HttpOnly cookie the script never sees; the CSRF token is kept in memory only (never
 * local storage) and sent on every state-changing request.
 */

/** An answer other than 2xx: `status` and the server's `error` code (`signed_out`, `csrf`, ...) or SCIM detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SessionInfo {
  csrfToken: string;
  expiresAt: string;
  idleExpiresAt: string;
  /** With TENANTS_FILE: the tenants this session may see (the picker's choices). */
  tenants?: string[];
}

let csrfToken: string | undefined;
let tenant: string | undefined;

/** Chooses the tenant whose data the pages read (undefined: a bridge without tenants). */
export function setTenant(id: string | undefined): void {
  tenant = id;
}

/** The tenant the pages show, if the bridge has tenants. */
export function currentTenant(): string | undefined {
  return tenant;
}

/** Where the data routes are: `api/` on a bridge without tenants, `api/tenants/<id>/` with them. */
export function dataPrefix(): string {
  return tenant === undefined ? 'api/' : `api/tenants/${encodeURIComponent(tenant)}/`;
}

/** A data route's path (`overview`, `events?...`) for the current tenant. */
export function dataPath(route: string): string {
  return `${dataPrefix()}${route}`;
}

/** Remembers (or forgets) the session's CSRF token. */
export function setSession(session: SessionInfo | undefined): void {
  csrfToken = session?.csrfToken;
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = 'error';
  let message = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.detail === 'string') message = body.detail;
    else if (typeof body.error === 'string') message = `The server answered ${response.status} (${body.error}).`;
  } catch {
    // Not JSON: the status says enough.
  }
  return new ApiError(response.status, code, message);
}

/** A JSON call; `undefined` for 204. Throws ApiError on a non-2xx answer. */
export async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await errorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
