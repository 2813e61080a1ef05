import { Router, type Request } from 'express';
import { sameSecret } from './auth.middleware';

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

/** Who may read the readiness details: the holder of this token (ADMIN_TOKEN); unset = nobody. */
export interface ReadinessDetailsAccess {
  detailsToken?: string;
}

/** Whether the request carries `Authorization: Bearer <detailsToken>` (constant-time comparison). */
function mayReadDetails(req: Request, access: ReadinessDetailsAccess): boolean {
  if (access.detailsToken === undefined) return false;
  const [scheme, ...rest] = (req.headers.authorization ?? '').trim().split(/\s+/);
  return /^bearer$/i.test(scheme ?? '') && sameSecret(rest.join(' '), access.detailsToken);
}

/**
 * `GET /healthz`: the process is alive (no upstream call). `GET /readyz`: the bridge can serve,
 * i.e. JumpCloud accepts its key; 503 when not, so orchestrators hold traffic back. /readyz is
 * open to every address (probes carry no credential), so an anonymous caller gets the verdict and
 * each check's name and ok only; the details (file paths, error text, the change feed) go to the
 * holder of `access.detailsToken` alone.
 */
export function healthRoutes(info: HealthInfo, readiness: () => Promise<Readiness>, access: ReadinessDetailsAccess = {}): Router {
  const router = Router();
  const started = Date.now();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: info.version, jumpcloud: info.jumpcloud, uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  });
  router.get('/readyz', async (req, res) => {
    const report = await readiness();
    const status = { status: report.ready ? 'ready' : 'not ready', jumpcloud: info.jumpcloud };
    res.status(report.ready ? 200 : 503);
    if (mayReadDetails(req, access)) {
      res.json({ ...status, checks: report.checks, ...(report.changefeed ? { changefeed: report.changefeed } : {}) });
      return;
    }
    res.json({ ...status, checks: Object.fromEntries(Object.entries(report.checks).map(([name, check]) => [name, { ok: check.ok }])) });
  });
  return router;
}
