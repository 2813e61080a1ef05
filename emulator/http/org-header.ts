import type { RequestHandler } from 'express';
import type { EmulatorOptions } from '../context';

const OBJECT_ID = /^[0-9a-fA-F]{24}$/;

/**
 * Multi-tenant mode (`options.orgIds` non-empty): `x-org-id` is required. Missing: 401;
 * not a 24-hex ObjectId: 400; an org the key does not administer: 404 (NOTES.md). In
 * single-tenant mode the header is ignored, as JumpCloud ignores it for a single-org key.
 * The emulator keeps ONE directory: the header selects nothing, it is only checked.
 */
export function orgHeader(options: EmulatorOptions): RequestHandler {
  return (req, res, next) => {
    if (options.orgIds.length === 0) {
      next();
      return;
    }
    const orgId = req.get('x-org-id');
    if (orgId === undefined || orgId === '') {
      res.status(401).json({ error: 'Unauthorized', message: 'This API key administers several organizations: the x-org-id header is required' });
      return;
    }
    if (!OBJECT_ID.test(orgId)) {
      res.status(400).json({ message: 'Bad Request: x-org-id must be a 24-hex organization id' });
      return;
    }
    const wanted = orgId.toLowerCase();
    if (!options.orgIds.some((known) => known.toLowerCase() === wanted)) {
      res.status(404).json({ message: 'Not Found: organization' });
      return;
    }
    next();
  };
}
