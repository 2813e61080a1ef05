import express, { type RequestHandler } from 'express';
import { ScimError } from '../../scim/scim-error';

/** Media types accepted for request bodies (RFC 7644 §3.1: application/scim+json; JSON too, as clients send it). */
const JSON_TYPES = ['application/scim+json', 'application/json'];

/**
 * Parses SCIM JSON bodies. A body with another media type is refused with 415 rather than
 * silently ignored (a client would otherwise believe an empty PATCH succeeded).
 */
export function scimJsonBody(limit: string): RequestHandler[] {
  const parse = express.json({ limit, type: JSON_TYPES, strict: false });
  const requireJson: RequestHandler = (req, _res, next) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(req.method) && !req.is(JSON_TYPES)) {
      next(ScimError.status(415, `Send the request body as application/scim+json (or application/json); got ${JSON.stringify(req.headers['content-type'] ?? 'no Content-Type')}.`));
      return;
    }
    next();
  };
  return [requireJson, parse];
}
