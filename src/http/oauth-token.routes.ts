import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { isOAuthClientId } from '../config/oauth-client-id';
import type { Logger } from '../logging/logger';
import { currentRequestContext } from '../logging/request-context';
import type { OAuthAccessTokens } from './oauth-access-tokens';
import type { FailureThrottle } from './oauth-failure-throttle';

/** Where the token endpoint lives: fixed, outside the SCIM base and its authentication. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/** Largest token request body: a grant type and two credentials need far less. */
const TOKEN_BODY_LIMIT = '8kb';

/** RFC 6749 §5.2 error codes this endpoint sends, plus `temporarily_unavailable` for the failure backoff. */
type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'unsupported_grant_type' | 'temporarily_unavailable';

/** The challenge sent with `invalid_client` (RFC 6749 §5.2: the scheme the client should use). */
const CLIENT_CHALLENGE = 'Basic realm="oauth", charset="UTF-8"';

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: OAuthErrorCode,
    description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(description);
  }
}

export interface OAuthTokenRouteOptions {
  tokens: OAuthAccessTokens;
  throttle: FailureThrottle;
  logger?: Logger;
}

/** Client credentials as presented, and how. */
interface PresentedClient {
  id: string;
  /** Candidate secrets: the Basic form-decoded value and the raw one (clients differ on §2.3.1 encoding). */
  secrets: string[];
  via: 'basic' | 'body';
}

/** One body parameter: a single string, or absent; repeated or non-string values are refused (RFC 6749 §3.2). */
function param(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `The parameter ${name} must be given once, as a string.`);
  return value;
}

/** RFC 6749 §2.3.1 / appendix B: Basic credentials are form-urlencoded before base64; undo that when it applies. */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Reads the client's credentials from the Basic header or the body (never both, RFC 6749 §2.3). */
function presentedClient(req: Request, body: Record<string, unknown>): PresentedClient {
  const header = req.headers.authorization;
  const bodyId = param(body, 'client_id');
  const bodySecret = param(body, 'client_secret');
  if (header !== undefined) {
    const [scheme = '', encoded = '', ...rest] = header.trim().split(/\s+/);
    if (!/^basic$/i.test(scheme) || rest.length > 0) throw new OAuthError(401, 'invalid_client', 'Client authentication must use HTTP Basic (client_id:client_secret) or the client_id and client_secret body parameters.');
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError(401, 'invalid_client', 'The Basic credentials must be base64 of client_id:client_secret.');
    if (bodySecret !== undefined) throw new OAuthError(400, 'invalid_request', 'Send the client credentials either in the Authorization header or in the body, not both.');
    const rawId = decoded.slice(0, colon);
    const rawSecret = decoded.slice(colon + 1);
    const id = formDecode(rawId);
    if (bodyId !== undefined && bodyId !== id && bodyId !== rawId) throw new OAuthError(400, 'invalid_request', 'The client_id in the body differs from the one in the Authorization header.');
    return { id, secrets: [...new Set([formDecode(rawSecret), rawSecret])], via: 'basic' };
  }
  if (bodyId === undefined || bodyId === '') throw new OAuthError(401, 'invalid_client', 'Client authentication required: send client_id:client_secret with HTTP Basic, or client_id and client_secret in the body.');
  if (bodySecret === undefined) throw new OAuthError(401, 'invalid_client', 'The client_secret is missing (only confidential clients are served).');
  return { id: bodyId, secrets: [bodySecret], via: 'body' };
}

/** Sends an RFC 6749 §5.2 error response. */
function sendError(res: Response, error: OAuthError): void {
  if (error.code === 'invalid_client' && error.status === 401) res.setHeader('WWW-Authenticate', CLIENT_CHALLENGE);
  if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.status(error.status).json({ error: error.code, error_description: error.message });
}

/**
 * `POST /oauth/token`: the client credentials grant (RFC 6749 §4.4). The body is a form
 * (application/x-www-form-urlencoded, §4.4.2) or JSON; the client authenticates with HTTP Basic
 * (§2.3.1, SailPoint's default) or with client_id/client_secret in the body. Success is
 * `{access_token, token_type: "Bearer", expires_in}` (§5.1); failures are §5.2 errors. Every
 * answer carries `Cache-Control: no-store`. Failed client authentications back off per address
 * and per address + client id (429 with Retry-After while waiting).
 */
export function oauthTokenRoutes(options: OAuthTokenRouteOptions): Router {
  const router = Router();
  router.use(OAUTH_TOKEN_PATH, (_req, res, next) => {
    // §5.1: token responses (and errors) must never be cached.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    next();
  });
  router.post(
    OAUTH_TOKEN_PATH,
    express.urlencoded({ extended: false, limit: TOKEN_BODY_LIMIT }),
    express.json({ limit: TOKEN_BODY_LIMIT }),
    (req, res) => {
      try {
        const body: unknown = req.body;
        if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new OAuthError(400, 'invalid_request', 'The token request must be a form (application/x-www-form-urlencoded) or JSON object body.');
        }
        const fields = body as Record<string, unknown>;
        const grantType = param(fields, 'grant_type');
        if (grantType === undefined) throw new OAuthError(400, 'invalid_request', 'The grant_type parameter is missing; send grant_type=client_credentials.');
        if (grantType !== 'client_credentials') throw new OAuthError(400, 'unsupported_grant_type', `The grant type "${grantType.slice(0, 64)}" is not supported; only client_credentials is.`);
        const scope = param(fields, 'scope');
        const client = presentedClient(req, fields);

        const address = req.ip ?? 'unknown';
        // An id no configured client can have is a failure under the address alone: a per-client key
        // would let a guesser fill the throttle with ids of up to 8 KB each.
        const wellFormed = isOAuthClientId(client.id);
        const keys = wellFormed ? [`ip:${address}`, `client:${address}|${client.id}`] : [`ip:${address}`];
        const wait = options.throttle.waitSeconds(keys);
        if (wait > 0) throw new OAuthError(429, 'temporarily_unavailable', `Too many failed client authentications from this address; retry in ${wait} seconds.`, wait);

        // Check every candidate (no early exit) so timing does not tell which encoding matched.
        const verdicts = wellFormed ? client.secrets.map((secret) => options.tokens.authenticateClient(client.id, secret)) : [];
        if (!verdicts.includes(true)) {
          options.throttle.fail(keys);
          options.logger?.warn('oauth client authentication failed', { clientId: wellFormed ? client.id : '(malformed)', address, via: client.via });
          throw new OAuthError(401, 'invalid_client', 'The client credentials are not valid for this service.');
        }
        options.throttle.succeed(keys.slice(1));
        const label = `oauth:${client.id}`;
        res.locals.client = label;
        const context = currentRequestContext();
        if (context) context.client = label;
        const issued = options.tokens.issue(client.id);
        res.status(200).json({
          access_token: issued.accessToken,
          token_type: 'Bearer',
          expires_in: issued.expiresIn,
          // §3.3: the token grants the whole SCIM service, whatever scope was asked for; say so when one was.
          ...(scope !== undefined ? { scope: 'scim' } : {}),
        });
      } catch (err) {
        if (err instanceof OAuthError) sendError(res, err);
        else throw err;
      }
    },
  );
  router.all(OAUTH_TOKEN_PATH, (_req, res) => {
    res.setHeader('Allow', 'POST');
    res.status(405).json({ error: 'invalid_request', error_description: 'The token endpoint accepts POST only (RFC 6749 §3.2).' });
  });
  // Body parser failures (bad JSON, oversized body, bad charset) are the client's malformed request.
  const parserErrors: ErrorRequestHandler = (err, _req, res, next) => {
    const status = (err as { status?: unknown }).status;
    if (res.headersSent || typeof status !== 'number' || status >= 500) {
      next(err);
      return;
    }
    sendError(res, new OAuthError(status === 413 ? 413 : 400, 'invalid_request', status === 413 ? 'The token request body is too large.' : 'The token request body could not be parsed.'));
  };
  router.use(OAUTH_TOKEN_PATH, parserErrors);
  return router;
}
