import express, { type RequestHandler } from 'express';
import { ACCEPTED_BODY_MEDIA_TYPES } from '../../scim/media-type';
import { ScimError } from '../../scim/scim-error';

const JSON_TYPES = [...ACCEPTED_BODY_MEDIA_TYPES];

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
