import express, { type RequestHandler } from 'express';
import { ACCEPTED_BODY_MEDIA_TYPES } from '../../scim/media-type';
import { ScimError } from '../../scim/scim-error';
import { MAX_JSON_BODY_DEPTH, nestsDeeperThan } from '../json-body-depth';

const JSON_TYPES = [...ACCEPTED_BODY_MEDIA_TYPES];

/** An error of express's body parser (http-errors): every one of its own failures carries a `type`. */
interface ParserError {
  type?: string;
  status?: number;
}

/** The request's Content-Encoding when it is a compression the body parser inflates, else undefined. */
function compressionOf(header: string | undefined): string | undefined {
  const encoding = (header ?? '').trim().toLowerCase();
  return ['gzip', 'deflate', 'br'].includes(encoding) ? encoding : undefined;
}

/**
 * Parses SCIM JSON bodies. A body with another media type is refused with 415 rather than
 * silently ignored (a client would otherwise believe an empty PATCH succeeded). A compressed body
 * that does not inflate, and a body nested deeper than `MAX_JSON_BODY_DEPTH`, are a 400
 * invalidSyntax (RFC 7644 §3.12) before any handler sees them.
 */
export function scimJsonBody(limit: string): RequestHandler[] {
  const parseJson = express.json({ limit, type: JSON_TYPES, strict: false });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(JSON_TYPES)) {
      next(ScimError.status(415, `Send the request body as application/scim+json (or application/json); got ${JSON.stringify(req.headers['content-type'] ?? 'no Content-Type')}.`));
      return;
    }
    next();
  };
  const parse: RequestHandler = (req, res, next) =>
    parseJson(req, res, (err?: unknown) => {
      const parserError = err as ParserError | undefined;
      const compression = compressionOf(req.headers['content-encoding']);
      // zlib's own error, passed on by the parser with status 400 and no type of its own.
      if (parserError && parserError.type === undefined && parserError.status === 400 && compression) {
        next(ScimError.of('invalidSyntax', `The request body is not valid ${compression} data, as its Content-Encoding says it is.`));
        return;
      }
      if (err === undefined && nestsDeeperThan(req.body, MAX_JSON_BODY_DEPTH)) {
        next(ScimError.of('invalidSyntax', `The request body nests JSON objects and arrays more than ${MAX_JSON_BODY_DEPTH} levels deep; this service accepts at most ${MAX_JSON_BODY_DEPTH}.`));
        return;
      }
      next(err);
    });
  return [requireJson, parse];
}
