/** URN of the SCIM error response (RFC 7644 §3.12). */
export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/**
 * The `scimType` values of RFC 7644 §3.12 (Table 9) plus RFC 9865's cursor errors, each with the
 * one HTTP status it travels with. One table, so a scimType can never be sent with a wrong status.
 */
export const SCIM_TYPE_STATUS = {
  /** §3.12: the filter syntax is invalid or names an unknown attribute or operator. */
  invalidFilter: 400,
  /** §3.12: the filter would return more results than the server is willing to process. */
  tooMany: 400,
  /** §3.12: one or more unique attribute values are already in use. */
  uniqueness: 409,
  /** §3.12: an attempt to modify an immutable or read-only attribute. */
  mutability: 400,
  /** §3.12: the request body structure was invalid or did not conform to the schema. */
  invalidSyntax: 400,
  /** §3.12: the `path` attribute was invalid or malformed. */
  invalidPath: 400,
  /** §3.12: the path filter yielded no match (PATCH remove without target). */
  noTarget: 400,
  /** §3.12: a required value was missing or the value is not compatible with the attribute. */
  invalidValue: 400,
  /** §3.12: the SCIM protocol version is not supported. */
  invalidVers: 400,
  /** §3.12: the request cannot be completed because it would expose sensitive information. */
  sensitive: 403,
  /** RFC 9865 §4: the cursor value is invalid. */
  invalidCursor: 400,
  /** RFC 9865 §4: the cursor has expired. */
  expiredCursor: 400,
} as const;

export type ScimType = keyof typeof SCIM_TYPE_STATUS;

/**
 * HTTP statuses RFC 7644 §3.12 lists for errors carried without a scimType, plus 415 (RFC 9110
 * §15.5.16) for a body in a media type other than SCIM's JSON.
 */
export type PlainErrorStatus = 307 | 308 | 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 429 | 500 | 501 | 502 | 503 | 504;

/** A SCIM protocol error: the only kind of error the HTTP layer turns into a response body. */
export class ScimError extends Error {
  readonly status: number;
  readonly scimType?: ScimType;
  /** Seconds the client should wait before retrying (429/503), sent as `Retry-After`. */
  readonly retryAfterSeconds?: number;

  private constructor(status: number, detail: string, scimType?: ScimType, retryAfterSeconds?: number) {
    super(detail);
    this.name = 'ScimError';
    this.status = status;
    this.scimType = scimType;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** An error with a scimType; its status comes from the RFC 7644 §3.12 table. */
  static of(scimType: ScimType, detail: string): ScimError {
    return new ScimError(SCIM_TYPE_STATUS[scimType], detail, scimType);
  }

  /** An error identified by its status alone (404, 401, 412, 501, 503 ...). */
  static status(status: PlainErrorStatus, detail: string, options: { retryAfterSeconds?: number } = {}): ScimError {
    return new ScimError(status, detail, undefined, options.retryAfterSeconds);
  }

  /** The RFC 7644 §3.12 error body. `status` is a string there, by the RFC. */
  toJSON(): { schemas: string[]; status: string; scimType?: ScimType; detail: string } {
    return {
      schemas: [SCIM_ERROR_SCHEMA],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}
