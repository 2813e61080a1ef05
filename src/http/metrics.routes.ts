import { Router } from 'express';
import type { Registry } from 'prom-client';
import { ScimError } from '../scim/scim-error';
import { plainJsonErrors } from './error.middleware';
import { metricsAccess, type MetricsAccessPolicy } from './metrics-access';

/**
 * `GET /metrics`: the bridge's registry in the Prometheus text format, behind `metricsAccess`
 * (loopback without a token, other hosts with METRICS_TOKEN or ADMIN_TOKEN). Errors are plain
 * JSON: the callers are scrapers and operators, not SCIM clients.
 */
export function metricsRoutes(registry: Pick<Registry, 'metrics' | 'contentType'>, policy: MetricsAccessPolicy): Router {
  const router = Router();
  router.use('/metrics', plainJsonErrors());
  router.get('/metrics', async (req, res, next) => {
    const access = metricsAccess(req.socket.remoteAddress, req.headers, policy);
    if (!access.allowed) {
      if (access.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      next(ScimError.status(access.status, access.detail));
      return;
    }
    const body = await registry.metrics();
    res.setHeader('Cache-Control', 'no-store');
    res.type(registry.contentType).send(body);
  });
  return router;
}
