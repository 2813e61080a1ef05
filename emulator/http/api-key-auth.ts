import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { EmulatorOptions } from '../context';

/** Where a missing key is sent when `missingKeyAnswer` is `redirect` (JumpCloud's console login). */
export const LOGIN_PATH = '/login';

/**
 * Checks `x-api-key` against `options.apiKey` (read per request: options may change at run time).
 * Missing or wrong: 401 `{"error":"Unauthorized","message":…}`; a missing key may instead answer
 * 302 to a login page (seen on JumpCloud, unconfirmed: `missingKeyAnswer`).
 */
export function apiKeyAuth(options: EmulatorOptions): RequestHandler {
  return (req, res, next) => {
    const key = req.get('x-api-key');
    if (key === undefined || key === '') {
      if (options.missingKeyAnswer === 'redirect') {
        res.redirect(302, `${LOGIN_PATH}?redirect=${encodeURIComponent(req.originalUrl)}`);
        return;
      }
      res.status(401).json({ error: 'Unauthorized', message: 'Missing API key' });
      return;
    }
    if (!sameSecret(key, options.apiKey)) {
      res.status(401).json({ error: 'Unauthorized', message: 'Invalid API key' });
      return;
    }
    next();
  };
}

/** Constant-time comparison, so the emulator does not teach a timing side channel by example. */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
