import { Router } from 'express';

/** What the health route reports about the process. */
export interface HealthInfo {
  /** Which JumpCloud the bridge talks to. */
  jumpcloud: 'jumpcloud' | 'emulator';
  version: string;
}

/** `GET /healthz`: the process is alive and serving (no upstream call; readiness is another route). */
export function healthRoutes(info: HealthInfo): Router {
  const router = Router();
  const started = Date.now();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: info.version, jumpcloud: info.jumpcloud, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });
  return router;
}
