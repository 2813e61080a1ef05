import { Router } from 'express';
import type { EmulatorContext } from '../context';
import { organizationOf } from '../default-options';
import { readPaging } from '../http/query-params';

/**
 * `GET /api/organizations` (v1 `Organization_List`): the organisations the API key administers,
 * shaped as JumpCloud.SDK.V1.json's `organizationslist` (`{totalCount, results: [{_id,
 * displayName, logoUrl}]}`). Single-tenant: the one organisation users are printed with;
 * multi-tenant: every configured org id. Tools learn from it which organisation a key acts on
 * before they write (e.g. `calibrate`).
 */
export function organizationsRouter(ctx: EmulatorContext): Router {
  const router = Router();
  router.get('/organizations', (req, res) => {
    const ids = ctx.options.orgIds.length > 0 ? ctx.options.orgIds : [organizationOf(ctx.options)];
    const { skip, limit } = readPaging(req.query);
    const results = ids.map((id, index) => ({
      _id: id,
      displayName: ids.length === 1 ? 'JumpCloud emulator' : `JumpCloud emulator ${index + 1}`,
      logoUrl: '',
    }));
    res.json({ totalCount: results.length, results: results.slice(skip, skip + limit) });
  });
  return router;
}
