import type { Response } from 'express';
import { SCIM_CONTENT_TYPE } from '../scim/media-type';

/** Sends a SCIM JSON body with the SCIM media type (RFC 7644 §3.1). */
export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(body));
}
