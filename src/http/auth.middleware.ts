import { hash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { currentRequestContext } from '../logging/request-context';
import { ScimError } from '../scim/scim-error';
import type { AccessTokenVerifier } from './oauth-access-tokens';

/** The credentials SCIM clients may present. */
export interface ScimCredentials {
  /** Accepted bearer tokens (several during a rotation). */
  bearerTokens: readonly string[];
  basic?: { username: string; password: string };
  /** Verifies the access tokens issued by POST /oauth/token, when OAuth clients are configured. */
  accessTokens?: AccessTokenVerifier;
  /**
   * Challenge with Basic too even when it is not configured: with tenants, a tenant's 401 must not
   * differ from an unknown tenant's, or the challenge would tell which tenants exist.
   */
  challengeBasic?: boolean;
}

/** Who authenticated (a label for logs and the audit trail), or why a bearer token was refused. */
interface AuthOutcome {
  client?: string;
  /** Set when the bearer value was an access token of ours that has expired (RFC 6750 §3.1 invalid_token). */
  expiredToken?: boolean;
}

/**
 * Compares secrets in constant time; hashing first makes lengths equal and hides them. Every
 * credential check of the bridge (SCIM and admin) goes through this one comparison.
 */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(secretDigest(presented), secretDigest(expected));
}

/** SHA-256 of a secret (one-shot: no Hash object), what `sameSecret` compares. */
function secretDigest(secret: string): Buffer {
  return hash('sha256', secret, 'buffer');
}

/**
 * Digests of the configured secrets, computed once each: every SCIM request is checked against
 * every bearer token, and hashing them all again per request was measurable (issue 13). Keyed by
 * the configured value, so a credential changed at run time gets its own digest; the presented
 * value is never a key (its lookup time would depend on it).
 */
const configuredDigests = new Map<string, Buffer>();
function configuredDigest(secret: string): Buffer {
  let digest = configuredDigests.get(secret);
  if (digest === undefined) {
    digest = secretDigest(secret);
    configuredDigests.set(secret, digest);
  }
  return digest;
}

/** Which configured credential matches, as a label for logs and the audit trail (never the secret). */
function authenticate(header: string | undefined, credentials: ScimCredentials): AuthOutcome {
  if (!header) return {};
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const value = rest.join(' ');
  if (/^bearer$/i.test(scheme ?? '')) {
    // Check every token (no early exit) so timing does not tell which slot matched.
    const presented = secretDigest(value);
    let matched: number | undefined;
    credentials.bearerTokens.forEach((token, index) => {
      if (timingSafeEqual(presented, configuredDigest(token)) && matched === undefined) matched = index;
    });
    if (matched !== undefined) return { client: `bearer#${matched + 1}` };
    const check = credentials.accessTokens?.verify(value);
    if (check?.ok) return { client: `oauth:${check.clientId}` };
    return { expiredToken: check?.ok === false && check.reason === 'expired' };
  }
  if (/^basic$/i.test(scheme ?? '') && credentials.basic) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return {};
    const userOk = sameSecret(decoded.slice(0, colon), credentials.basic.username);
    const passwordOk = sameSecret(decoded.slice(colon + 1), credentials.basic.password);
    return userOk && passwordOk ? { client: `basic:${credentials.basic.username}` } : {};
  }
  return {};
}

/**
 * Requires a valid bearer token (static, or an OAuth access token issued by this bridge) or Basic credential on every SCIM route (there is no switch that
 * turns this off). A failure is a 401 with a SCIM error body and a `WWW-Authenticate` challenge.
 */
export function requireScimAuth(credentials: ScimCredentials): RequestHandler {
  const challenge = ['Bearer realm="SCIM"', ...(credentials.basic || credentials.challengeBasic ? ['Basic realm="SCIM", charset="UTF-8"'] : [])].join(', ');
  return (req, res, next) => {
    const { client, expiredToken } = authenticate(req.headers.authorization, credentials);
    if (!client) {
      // RFC 6750 §3.1: tell an OAuth client its token expired, so it fetches a new one instead of giving up.
      res.setHeader('WWW-Authenticate', expiredToken ? challenge.replace('Bearer realm="SCIM"', 'Bearer realm="SCIM", error="invalid_token", error_description="The access token expired"') : challenge);
      next(
        ScimError.status(
          401,
          expiredToken
            ? 'The access token has expired; request a new one from the token endpoint.'
            : req.headers.authorization
              ? 'The credentials in the Authorization header are not valid for this service.'
              : 'Authentication required: send "Authorization: Bearer <token>" (or HTTP Basic credentials when configured).',
        ),
      );
      return;
    }
    res.locals.client = client;
    const context = currentRequestContext();
    if (context) context.client = client;
    next();
  };
}
