import type { RequestHandler } from 'express';
import type { EmulatorOptions } from '../context';

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/** A refusal of the `x-org-id` check: the status and JumpCloud-shaped body to answer. */
export interface OrgHeaderRefusal {
  status: 400 | 401 | 404;
  body: Record<string, unknown>;
}

/**
 * The `x-org-id` check of a multi-tenant (MSP) key, as NOTES.md describes it: missing or empty
 * 401; not a 24-hex ObjectId 400; an org the key does not administer 404 (the same answer whether
 * or not the org exists). `administers` receives the id lower-cased. Undefined: the header passes.
 */
export function orgHeaderRefusal(orgId: string | undefined, administers: (lowerCaseOrgId: string) => boolean): OrgHeaderRefusal | undefined {
  if (orgId === undefined || orgId === '') {
    return { status: 401, body: { error: 'Unauthorized', message: 'This API key administers several organizations: the x-org-id header is required' } };
  }
  if (!OBJECT_ID.test(orgId)) return { status: 400, body: { message: 'Bad Request: x-org-id must be a 24-hex organization id' } };
  if (!administers(orgId.toLowerCase())) return { status: 404, body: { message: 'Not Found: organization' } };
  return undefined;
}

/**
 * Multi-tenant mode (`options.orgIds` non-empty): `x-org-id` is required (`orgHeaderRefusal`).
 * In single-tenant mode the header is ignored, as JumpCloud ignores it for a single-org key.
 * This emulator keeps ONE directory: the header selects nothing, it is only checked (the
 * multi-organisation front, emulator/multi-org, is the one whose header selects a directory).
 */
export function orgHeader(options: EmulatorOptions): RequestHandler {
  return (req, res, next) => {
    if (options.orgIds.length === 0) {
      next();
      return;
    }
    const refusal = orgHeaderRefusal(req.get('x-org-id'), (wanted) => options.orgIds.some((known) => known.toLowerCase() === wanted));
    if (refusal) {
      res.status(refusal.status).json(refusal.body);
      return;
    }
    next();
  };
}

/** True for a 24-hex organisation id. */
export function isOrgId(value: string): boolean {
  return OBJECT_ID.test(value);
}
