import { createHmac, timingSafeEqual } from 'node:crypto';
import { ScimError } from '../scim-error';

/** What a cursor carries: where the next page starts, which query it belongs to, until when. */
export interface CursorPosition {
  /** 0-based offset of the next result in the query's stable order. */
  offset: number;
  /** Fingerprint of the query the cursor was issued for (see `queryFingerprint`). */
  fingerprint: string;
  /** Expiry, in whole seconds since the epoch. */
  expiresAt: number;
}

const FORMAT_VERSION = 1;
/** RFC 9865 §2.1: a cursor uses only RFC 3986 unreserved characters; base64url and `.` are. */
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const LONGEST_TOKEN = 512;

/**
 * Encodes and verifies RFC 9865 cursors: an opaque `<payload>.<signature>` pair, base64url, the
 * signature an HMAC-SHA256 of the payload under the service's secret. A client cannot forge a
 * position or move a cursor to another query without the secret, so every cursor the bridge
 * accepts is one it issued.
 */
export class CursorCodec {
  private readonly key: Buffer;

  /** @param secret signing key; at least 32 bytes (a configured secret, or random per process). */
  constructor(secret: string | Buffer) {
    this.key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
    if (this.key.length < 32) throw new Error('The cursor signing key must be at least 32 bytes long.');
  }

  /** The cursor string for a position (RFC 9865 §2.2 `nextCursor`). */
  encode(position: CursorPosition): string {
    const payload = Buffer.from(JSON.stringify([FORMAT_VERSION, position.offset, position.fingerprint, position.expiresAt]), 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /**
   * Verifies and reads a cursor. Expiry and query binding are the caller's to check; this only
   * proves the cursor is intact and was issued by a holder of the key.
   *
   * @throws ScimError 400 `invalidCursor` (RFC 9865 §2.3) for anything malformed, altered or foreign.
   */
  decode(token: string): CursorPosition {
    if (token.length > LONGEST_TOKEN || !TOKEN.test(token)) throw invalidCursor(token);
    const [payload = '', signature = ''] = token.split('.');
    const expected = Buffer.from(this.sign(payload), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor(token);
    let fields: unknown;
    try {
      fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalidCursor(token);
    }
    if (!Array.isArray(fields) || fields.length !== 4) throw invalidCursor(token);
    const [version, offset, fingerprint, expiresAt] = fields as unknown[];
    if (version !== FORMAT_VERSION || !isCount(offset) || typeof fingerprint !== 'string' || !isCount(expiresAt)) throw invalidCursor(token);
    return { offset, fingerprint, expiresAt };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload, 'utf8').digest('base64url');
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The one invalidCursor detail: says what to do, quotes (a bounded prefix of) the value. */
export function invalidCursor(token: string): ScimError {
  const shown = token.length > 40 ? `${token.slice(0, 40)}...` : token;
  return ScimError.of('invalidCursor', `The cursor '${shown}' is not a cursor this service issued, or it was altered; send an empty cursor to start from the first page.`);
}
