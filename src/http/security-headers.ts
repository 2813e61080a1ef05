import helmet from 'helmet';
import type { RequestHandler, Response } from 'express';

/** One year, the usual HSTS lifetime (and the minimum preload lists accept). */
const HSTS_MAX_AGE_SECONDS = 31_536_000;

/** What helmet does to a response, captured once. */
interface HeaderEdits {
  set: readonly (readonly [string, string])[];
  removed: readonly string[];
}

/**
 * Runs helmet's middleware once against a recording response and keeps what it did. helmet's
 * headers depend on its options only (no nonce, nothing from the request), and running its twelve
 * middlewares on every request was a visible share of a GET's CPU (issue 13). helmet stays the
 * source of every value; `test/http/security-headers.test.ts` asserts each header on real answers.
 */
function recordHelmet(middleware: RequestHandler): HeaderEdits {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader(name: string, value: unknown) {
      set.push([name, String(value)]);
      return recorder;
    },
    removeHeader(name: string) {
      removed.push(name);
    },
  };
  let finished = false;
  void middleware({} as never, recorder as unknown as Response, () => {
    finished = true;
  });
  // Were helmet ever to depend on the request or go asynchronous, replaying would be wrong: refuse to start.
  if (!finished) throw new Error('helmet did not finish synchronously: its headers cannot be computed once');
  return { set, removed };
}

/**
 * helmet's security headers, tuned for a JSON API. The bridge serves no HTML, so the
 * Content-Security-Policy is the strictest there is (`default-src 'none'; frame-ancestors
 * 'none'`): if a browser ever renders a response, nothing in it runs, loads or frames. Framing
 * is denied outright. Strict-Transport-Security is sent only when the bridge itself serves TLS:
 * over plain HTTP the header is ignored by browsers, and behind a TLS-terminating proxy the
 * proxy owns that decision. Computed by helmet once at start and replayed on each response.
 */
export function securityHeaders(options: { tls: boolean }): RequestHandler {
  const edits = recordHelmet(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
      xFrameOptions: { action: 'deny' },
      strictTransportSecurity: options.tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
    }),
  );
  return (_req, res, next) => {
    for (const [name, value] of edits.set) res.setHeader(name, value);
    for (const name of edits.removed) res.removeHeader(name);
    next();
  };
}
