import express, { type RequestHandler } from 'express';

/** Body limit on the API routes: far above any user or group body. */
export const API_BODY_LIMIT = '1mb';
/** Body limit on `/__emulator/seed`: a seed of 100,000 users is tens of megabytes. */
export const SEED_BODY_LIMIT = '256mb';

/**
 * Parses JSON bodies (also when a client omits the charset or uses a `+json` type). A malformed
 * body fails with body-parser's error, which the error handler turns into a 400 `{message}`.
 */
export function jsonBody(limit: string): RequestHandler {
  return express.json({ limit, type: ['application/json', 'application/*+json'] });
}
