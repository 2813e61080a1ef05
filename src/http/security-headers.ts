import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** One year, the usual HSTS lifetime (and the minimum preload lists accept). */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/**
 * helmet's security headers, tuned for a JSON API. The bridge serves no HTML, so the
 * Content-Security-Policy is the strictest there is (`default-src 'none'; frame-ancestors
 * 'none'`): if a browser ever renders a response, nothing in it runs, loads or frames. Framing
 * is denied outright. Strict-Transport-Security is sent only when the bridge itself serves TLS:
 * over plain HTTP the header is ignored by browsers, and behind a TLS-terminating proxy the
 * proxy owns that decision.
 */
export function securityHeaders(options: { tls: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: options.tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  });
}
