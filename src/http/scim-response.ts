import type { Response } from 'express';
import { SCIM_CONTENT_TYPE } from '../scim/media-type';

/**
 * Sends a SCIM JSON body with the SCIM media type (RFC 7644 §3.1).
 *
 * A body whose ETag is already set (a resource: its provider has answered If-None-Match itself) is
 * written directly: express' `send` would parse and rebuild the Content-Type, copy the body into
 * a Buffer and test freshness again, on every resource answered (issue 13). Any other body (lists,
 * errors) goes through `send`, which gives it express' weak ETag and 304 handling as before.
 */
export function sendScim(res: Response, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  if (res.getHeader('ETag') === undefined) {
    res.status(status).type(SCIM_CONTENT_TYPE).send(json);
    return;
  }
  res.statusCode = status;
  res.setHeader('Content-Type', SCIM_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(json));
  // Node itself sends no body in the answer to a HEAD.
  res.end(json);
}
