import type { Response } from 'express';

/** RFC 7644 §3.1: SCIM bodies are `application/scim+json`. */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** Sends a SCIM JSON body with the SCIM media type. */
export function sendScim(res: Response, status: number, body: unknown): void {
  res.status(status).type(`${SCIM_MEDIA_TYPE}; charset=utf-8`).send(JSON.stringify(body));
}
