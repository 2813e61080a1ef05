/** Where the bridge's public origin comes from: the configured one, else the request's Host within limits. */
export interface PublicOriginOptions {
  /** PUBLIC_BASE_URL: the origin, whatever the request says. */
  publicBaseUrl?: string;
  /** PUBLIC_HOSTS: the Host values (name[:port], lower case) a request may carry when publicBaseUrl is unset. */
  publicHosts?: readonly string[];
}

/**
 * A Host value as RFC 9110 §7.2 allows it (uri-host [":" port], RFC 3986 §3.2.2): a bracketed IPv6
 * literal, or a name / IPv4 address of letters, digits, dots and hyphens, then an optional port.
 * No user info, path, backslash or percent sign can slip into a URL built from it. Linear: one
 * character class per part, nothing nested.
 */
const WELL_FORMED_HOST = /^(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9.-]{1,253})(?::\d{1,5})?$/;

/** Whether `host` is a Host value the bridge may put into a URL (port, if any, within 1-65535). */
export function isWellFormedHost(host: string): boolean {
  if (!WELL_FORMED_HOST.test(host)) return false;
  const port = /:(\d{1,5})$/.exec(host.startsWith('[') ? host.slice(host.indexOf(']')) : host)?.[1];
  return port === undefined || (Number(port) >= 1 && Number(port) <= 65535);
}

/**
 * The public origin (scheme://host[:port]) to build `Location` and `meta.location` from
 * (RFC 7644 §3.1), or undefined when the request's Host may not be used: the configured
 * PUBLIC_BASE_URL first; else the request's scheme and Host, when the Host is well formed and,
 * if PUBLIC_HOSTS is set, listed there (so a caller cannot make the bridge announce URLs on a
 * host the operator never named).
 */
export function publicOrigin(request: { protocol: string; get(name: 'host'): string | undefined }, options: PublicOriginOptions): string | undefined {
  if (options.publicBaseUrl !== undefined) return options.publicBaseUrl;
  const host = request.get('host');
  // HTTP/1.0 may send no Host at all: the bridge then names itself as the caller reached it, locally.
  if (host === undefined || host === '') return `${request.protocol}://localhost`;
  if (!isWellFormedHost(host)) return undefined;
  if (options.publicHosts !== undefined && !options.publicHosts.includes(host.toLowerCase())) return undefined;
  return `${request.protocol}://${host}`;
}
