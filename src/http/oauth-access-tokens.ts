import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { sameSecret } from './auth.middleware';

/** One OAuth client allowed the client credentials grant (RFC 6749 §4.4). */
export interface OAuthClientCredential {
  id: string;
  secret: string;
}

/** What verifying a presented access token found. */
export type AccessTokenCheck = { ok: true; clientId: string } | { ok: false; reason: 'expired' | 'invalid' };

/** The part of the token service the SCIM authentication needs. */
export interface AccessTokenVerifier {
  verify(token: string): AccessTokenCheck;
}

/** An issued access token, as the token endpoint returns it (RFC 6749 §5.1). */
export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

export interface OAuthAccessTokensOptions {
  clients: readonly OAuthClientCredential[];
  /** HMAC key of the HS256 signature. */
  signingKey: string | Buffer;
  ttlSeconds: number;
  /** Milliseconds since the epoch; injectable so expiry can be tested without waiting. */
  now?: () => number;
}

/** `iss` of every token this bridge issues, and the only one it accepts. */
export const ACCESS_TOKEN_ISSUER = 'jumpcloud-scim-bridge';
/** `aud` of the tokens: the SCIM endpoints (a token minted for anything else is refused). */
export const ACCESS_TOKEN_AUDIENCE = 'jumpcloud-scim-bridge/scim';
/** JWT `typ` header of OAuth access tokens (RFC 9068 §2.1), so no other JWT can pass for one. */
const ACCESS_TOKEN_TYPE = 'at+jwt';

/**
 * Authenticates OAuth clients and issues and verifies their short-lived access tokens: JWTs
 * signed with HS256 carrying iss, aud, sub = client_id, client_id, iat, exp and jti (RFC 9068
 * §2.2). Verification pins the algorithm (no `none`, no key confusion), the issuer, the audience
 * and the type, and requires `sub` to be a client still configured, so removing a client revokes
 * its tokens at the next restart even when the signing key is kept.
 */
export class OAuthAccessTokens implements AccessTokenVerifier {
  private readonly clients: readonly OAuthClientCredential[];
  private readonly signingKey: string | Buffer;
  private readonly ttlSeconds: number;
  private readonly now: () => number;

  constructor(options: OAuthAccessTokensOptions) {
    if (options.clients.length === 0) throw new Error('OAuthAccessTokens needs at least one client');
    this.clients = options.clients;
    this.signingKey = options.signingKey;
    this.ttlSeconds = options.ttlSeconds;
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether `id` and `secret` are the credentials of one configured client. Every client is
   * compared (no early exit) in constant time, so timing tells neither which id exists nor how
   * much of a secret was right.
   */
  authenticateClient(id: string, secret: string): boolean {
    let matched = false;
    for (const client of this.clients) {
      const idOk = sameSecret(id, client.id);
      const secretOk = sameSecret(secret, client.secret);
      if (idOk && secretOk) matched = true;
    }
    return matched;
  }

  /** Mints an access token for an authenticated client. */
  issue(clientId: string): IssuedAccessToken {
    const iat = Math.floor(this.now() / 1000);
    const accessToken = jwt.sign(
      { iss: ACCESS_TOKEN_ISSUER, aud: ACCESS_TOKEN_AUDIENCE, sub: clientId, client_id: clientId, iat, exp: iat + this.ttlSeconds, jti: randomUUID() },
      this.signingKey,
      { algorithm: 'HS256', header: { alg: 'HS256', typ: ACCESS_TOKEN_TYPE } },
    );
    return { accessToken, expiresIn: this.ttlSeconds };
  }

  /** Checks a presented bearer value; never throws. */
  verify(token: string): AccessTokenCheck {
    // Cheap shape check first: static tokens and junk never reach the JWT parser.
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: 'invalid' };
    try {
      const decoded = jwt.verify(token, this.signingKey, {
        algorithms: ['HS256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        clockTimestamp: Math.floor(this.now() / 1000),
        complete: true,
      });
      const payload = decoded.payload;
      if (decoded.header.typ !== ACCESS_TOKEN_TYPE || typeof payload !== 'object' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
        return { ok: false, reason: 'invalid' };
      }
      const subject = payload.sub;
      if (!this.clients.some((client) => client.id === subject)) return { ok: false, reason: 'invalid' };
      return { ok: true, clientId: subject };
    } catch (err) {
      // Only a genuine, correctly signed token is ever reported as expired (verify checks the signature first).
      return { ok: false, reason: (err as Error).name === 'TokenExpiredError' ? 'expired' : 'invalid' };
    }
  }
}
