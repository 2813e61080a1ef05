import { Router } from 'express';
import type { AdminAuditProvider } from '../../provider/admin-audit.provider';

/**
 * `GET /events?type=&user=&since=&until=&outcome=&limit=&cursor=`: the audit journal, newest
 * first, `{events, nextCursor?}`. `GET /users/{id}/history`: one person's lifecycle, oldest first.
 * Validation and lookups are the provider's; this only moves values in and JSON out.
 */
export function adminEventsRoutes(audit: AdminAuditProvider): Router {
  const router = Router();
  router.get('/events', async (req, res) => {
    res.json(await audit.events(req.query as Record<string, unknown>));
  });
  router.get('/users/:id/history', async (req, res) => {
    res.json(await audit.history(req.params.id));
  });
  return router;
}
