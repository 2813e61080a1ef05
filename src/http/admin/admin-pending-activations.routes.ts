import { Router } from 'express';
import type { PendingActivationsProvider } from '../../provider/admin-pending-activations.provider';

/** `GET /pending-activations`: who has not yet set a password in JumpCloud, and since when. */
export function adminPendingActivationsRoutes(pending: PendingActivationsProvider): Router {
  const router = Router();
  router.get('/pending-activations', async (_req, res) => {
    res.json(await pending.list());
  });
  return router;
}
