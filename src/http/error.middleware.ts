import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from '../logging/logger';
import { ScimError } from '../scim/scim-error';
import { SCIM_CONTENT_TYPE, SCIM_MEDIA_TYPE } from '../scim/media-type';

/** Errors thrown by express's body parsers carry these (http-errors). */
interface BodyParserError {
  type?: string;
  status?: number;
  /** entity.too.large: the limit in bytes. */
  limit?: number;
}

/**
 * Express's router decodes each route parameter with decodeURIComponent and, when that fails,
 * passes on the URIError marked with status 400 (a `%` not followed by two hex digits, or escapes
 * that are not UTF-8: `%`, `%zz`, `%FF`, `%C0%AE`).
 */
function isMalformedRouteParameter(err: unknown): boolean {
  return err instanceof URIError && (err as { status?: unknown }).status === 400;
}

/** Maps anything thrown while serving a request to the SCIM error the client should see. */
function toScimError(err: unknown, requestId: string): ScimError {
  if (err instanceof ScimError) return err;
  // RFC 7644 §3.12: 400 without a scimType is "request is unparsable, syntactically incorrect".
  if (isMalformedRouteParameter(err)) return ScimError.status(400, 'The request path is not validly percent-encoded (RFC 3986 §2.1): each % must begin a %XX escape, and the escapes must spell UTF-8.');
  const parserError = err as BodyParserError;
  switch (parserError?.type) {
    case 'entity.parse.failed':
      return ScimError.of('invalidSyntax', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return ScimError.status(
        413,
        typeof parserError.limit === 'number'
          ? `The request body is larger than this service accepts (at most ${parserError.limit} bytes).`
          : 'The request body is larger than this service accepts.',
      );
    // raw-body's names for a client that broke its own request: a fault of the client, not of the
    // bridge, so a 400 (logged at info without a stack) rather than a 500 (issue 12, finding 12).
    // A disconnect mid-body and a malformed chunk size both reach here as request.aborted.
    case 'request.aborted':
      return ScimError.status(400, 'The client closed the connection before the request body was complete.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return ScimError.of('invalidSyntax', 'The request body must be UTF-8 encoded JSON.');
    default:
      return ScimError.status(500, `Internal error while serving the request; quote request id ${requestId} to the operator.`);
  }
}

/** Marks a response whose errors render as plain JSON `{error, detail}` (routes that are not SCIM). */
const PLAIN_ERRORS = 'plainJsonErrors';

/**
 * Routes mounted after this render their errors as plain JSON `{error, detail}` instead of a
 * SCIM error body (the admin endpoints: their callers are operators' tools, not SCIM clients).
 * The same error middleware still decides status and detail, so nothing else differs.
 */
export function plainJsonErrors(): RequestHandler {
  return (_req, res, next) => {
    res.locals[PLAIN_ERRORS] = true;
    next();
  };
}

/** Sends the error in the body style the route asked for. */
function sendError(res: Response, error: ScimError): void {
  if (res.locals[PLAIN_ERRORS] === true) {
    res.status(error.status).json({ error: STATUS_CODES[error.status] ?? 'Error', detail: error.message });
    return;
  }
  res.status(error.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(error));
}

/**
 * THE error middleware: every failure leaves the bridge here, as an RFC 7644 §3.12 error body
 * (or `{error, detail}` on routes marked by `plainJsonErrors`). It cannot throw: a failure while
 * rendering falls back to a fixed body.
 */
export function scimErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    const requestId = String(res.locals.requestId ?? '');
    try {
      const scimError = toScimError(err, requestId);
      // 501 is the answer RFC 7644 §3.11 prescribes for an endpoint this service does not offer
      // (/Me): the client asked for it, nothing failed here; no stack, no error-level line.
      if (scimError.status >= 500 && scimError.status !== 501) logger.error('request failed', { err });
      else logger.info('request rejected', { status: scimError.status, scimType: scimError.scimType, detail: scimError.message });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (scimError.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.ceil(scimError.retryAfterSeconds)));
      sendError(res, scimError);
    } catch {
      try {
        if (res.headersSent) res.destroy();
        else if (res.locals[PLAIN_ERRORS] === true) res.status(500).type('application/json').send('{"error":"Internal Server Error","detail":"Internal error."}');
        else res.status(500).type(SCIM_MEDIA_TYPE).send('{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500","detail":"Internal error."}');
      } catch {
        // Nothing left to do for this response; the process must survive.
      }
    }
  };
}

/** Unknown routes: a SCIM 404 instead of express's HTML page. */
export function notFound(): RequestHandler {
  return (req, _res, next) => next(ScimError.status(404, `No resource at ${req.method} ${req.path}.`));
}
