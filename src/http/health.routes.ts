import { Router } from 'express';

/** What the health route reports about the process. */
export interface HealthInfo {
  /** Which JumpCloud the bridge talks to. */
  jumpcloud: 'jumpcloud' | 'emulator';
  version: string;
}

/** A readiness verdict as the composition root computes it (the HTTP layer only renders it). */
export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail: string }>;
  /** Which change feed runs and how far behind it is (informational: it never makes the bridge unready). */
  changefeed?: Record<string, unknown>;
}

/**
 * `GET /healthz`: the process is alive (no upstream call). `GET /readyz`: the bridge can serve,
 * i.e. JumpCloud accepts its key; 503 when not, so orchestrators hold traffic back.
 */
export function healthRoutes(info: HealthInfo, readiness: () => Promise<Readiness>): Router {
  const router = Router();
  const started = Date.now();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: info.version, jumpcloud: info.jumpcloud, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });
  router.get('/readyz', async (_req, res) => {
    const report = await readiness();
    res.status(report.ready ? 200 : 503).json({ status: report.ready ? 'ready' : 'not ready', jumpcloud: info.jumpcloud, checks: report.checks, ...(report.changefeed ? { changefeed: report.changefeed } : {}) });
  });
  return router;
}
