import type { RequestHandler } from 'express';

/**
 * The console's Content-Security-Policy: scripts, styles and data from the bridge only, no
 * inline script or style, no framing, no plugins; the chart may draw data: images.
 */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Headers on every /console response. They replace the app-wide API policy (`default-src 'none'`,
 * which would block the console's own script) and forbid caching: HTML and API answers carry
 * journal data that must not linger in a shared machine's cache. Assets may then relax caching.
 */
export function consoleHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
