import { Router } from 'express';
import type { AdminDriftProvider } from '../../provider/admin-drift.provider';

/** `GET /drift?limit=&cursor=&resource=`: open drift (owned attributes changed outside the bridge), oldest first. */
export function adminDriftRoutes(drift: AdminDriftProvider): Router {
  const router = Router();
  router.get('/drift', async (req, res) => {
    res.json(await drift.list(req.query as Record<string, unknown>));
  });
  return router;
}
