/** What went wrong, as a type rather than as words inside a message. */
export type JumpCloudErrorKind =
  /** JumpCloud answered with a non-2xx status (including a refused 3xx redirect). */
  | 'http'
  /** The connection failed or dropped (ECONNRESET, ECONNREFUSED, socket hang up, ...). */
  | 'network'
  /** No answer within the per-call timeout. */
  | 'timeout'
  /** Retries would have run past the total time budget (or the budget ran out while waiting). */
  | 'budget-exhausted'
  /** The bridge tried to send something invalid (a programming error): nothing was sent. */
  | 'invalid-request'
  /** JumpCloud answered 2xx with a body the client cannot read. */
  | 'invalid-response';

/** The facts a `JumpCloudError` carries; deliberately no headers, config, key or request body. */
export interface JumpCloudErrorInit {
  kind: JumpCloudErrorKind;
  message: string;
  method: string;
  /** Path only, never the query string (which may carry filter values). */
  path: string;
  status?: number;
  /** Network error code (ECONNRESET, ETIMEDOUT, ...). */
  code?: string;
  retryAfterSeconds?: number;
  requestId?: string;
  attempts?: number;
  /** google.rpc `details` from the error body (e.g. the failed password rule), when present. */
  details?: unknown[];
}

const RPC_CODE = /rpc error: code = (\w+)/;

/**
 * A failed JumpCloud call. Safe to log and to serialize: it never holds the API key, request
 * headers, axios config or request body (and never wraps the axios error as `cause`, which would).
 */
export class JumpCloudError extends Error {
  override readonly name = 'JumpCloudError';
  readonly kind: JumpCloudErrorKind;
  readonly status: number | undefined;
  readonly method: string;
  readonly path: string;
  readonly code: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  readonly details: unknown[] | undefined;

  /** Builds the error from plain facts (see `JumpCloudErrorInit`). */
  constructor(init: JumpCloudErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.code = init.code;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
    this.details = init.details;
  }

  /** A copy with a different kind/message/attempt count (used when retries give up). */
  with(changes: Partial<JumpCloudErrorInit>): JumpCloudError {
    return new JumpCloudError({ ...this.toJSON(), ...changes });
  }

  /** 404: the object does not exist (or not in this org). */
  isNotFound(): boolean {
    return this.status === 404;
  }

  /** 429: JumpCloud refused for rate; it did not process the request. */
  isRateLimited(): boolean {
    return this.status === 429;
  }

  /** 401/403 (or a refused redirect to a login page): the key, org id or its rights are wrong. */
  isAuthFailure(): boolean {
    return this.status === 401 || this.status === 403 || (this.status !== undefined && this.status >= 300 && this.status < 400);
  }

  /** 409: e.g. deleting a user who is another user's manager, or a duplicate group name. */
  isConflict(): boolean {
    return this.status === 409;
  }

  /**
   * The object already exists. JumpCloud says so with 400 "User already exists" for users and 409
   * "Already Exists" for groups and members; its text is the only signal, so it is read here once.
   */
  isAlreadyExists(): boolean {
    return (this.status === 400 || this.status === 409) && /already exists/i.test(this.message);
  }

  /** The gRPC status name inside messages like `rpc error: code = InvalidArgument desc = ...`. */
  rpcCode(): string | undefined {
    return RPC_CODE.exec(this.message)?.[1];
  }

  /** Plain facts only: what `JSON.stringify` and loggers see. */
  toJSON(): JumpCloudErrorInit & { name: string } {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      code: this.code,
      retryAfterSeconds: this.retryAfterSeconds,
      requestId: this.requestId,
      attempts: this.attempts,
      details: this.details,
    };
  }
}
