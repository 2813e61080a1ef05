import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { methodLabel, scimRouteTemplate } from './metrics-route-template';

/** Latency buckets in seconds, up to SailPoint's 60 s timeout (and past it, to see who got there). */
export const SCIM_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 45, 60, 90];

/** Why the bridge refused a SCIM request before serving it. */
export type RejectionReason = 'client_concurrency' | 'upstream_pushback';

/** The SCIM-side metrics; created on the bridge's own registry (never the global default). */
export interface ScimRequestMetrics {
  requests: Counter<'route' | 'method' | 'status'>;
  duration: Histogram<'route' | 'method' | 'status_class'>;
  inFlight: Gauge;
  rejected: Counter<'reason'>;
}

/** Registers the SCIM request metrics on `registry`. */
export function createScimRequestMetrics(registry: Registry): ScimRequestMetrics {
  return {
    requests: new Counter({
      name: 'scim_bridge_scim_requests_total',
      help: 'SCIM requests answered, by route template, method and HTTP status.',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'scim_bridge_scim_request_duration_seconds',
      help: 'Time from a SCIM request arriving to its answer being sent, by route template, method and status class (2xx, 4xx, 5xx).',
      labelNames: ['route', 'method', 'status_class'] as const,
      buckets: SCIM_LATENCY_BUCKETS,
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'scim_bridge_scim_requests_in_flight',
      help: 'SCIM requests being served right now.',
      registers: [registry],
    }),
    rejected: new Counter({
      name: 'scim_bridge_scim_requests_rejected_total',
      help: 'SCIM requests refused before being served: client_concurrency (the client had too many in flight) or upstream_pushback (JumpCloud is known to be pushing back).',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
  };
}

/**
 * Counts and times every request below the SCIM base (mount it there, before the SCIM router):
 * labels are the route template, the method and the status, never anything the client typed.
 * A request whose connection closes before an answer counts with status `aborted`.
 */
export function scimRequestMetrics(metrics: ScimRequestMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Captured now: the routers below rewrite req.url (e.g. the /Users suffix tolerance).
    const route = scimRouteTemplate(req.path);
    const method = methodLabel(req.method);
    metrics.inFlight.inc();
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      metrics.inFlight.dec();
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.requests.inc({ route, method, status });
      metrics.duration.observe({ route, method, status_class: status === 'aborted' ? 'aborted' : `${status[0]}xx` }, seconds);
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
