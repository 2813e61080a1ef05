import type { ErrorRequestHandler, RequestHandler, Router } from 'express';
import type { BridgeConfig } from '../config/load-config';
import type { CallEvent, JumpCloudClient, RetryWaitEvent } from '../jumpcloud';
import type { AuditJournal } from '../lifecycle/audit-journal';
import { ClientConcurrency, clientConcurrencyLimit } from '../http/limits-client-concurrency';
import { currentRequestDeadline, requestDeadline } from '../http/limits-deadline';
import { scimRequestMetrics } from '../http/metrics.middleware';
import { metricsRoutes } from '../http/metrics.routes';
import { ThrottleGate } from '../http/throttle-gate';
import { upstreamPushbackErrors, upstreamShortCircuit } from '../http/throttle.middleware';
import { BridgeMetrics } from './bridge-metrics';

/** The hooks the JumpCloud client is built with. */
export interface JumpCloudHooks {
  onCall: (event: CallEvent) => void;
  onRetryWait?: (event: RetryWaitEvent) => void;
  requestDeadline: () => number | undefined;
}

/** What the HTTP app mounts from the operations side: /metrics, and the SCIM request's wrappers. */
export interface OperationsHttp {
  /** `GET /metrics`, absent when METRICS_ENABLED=false. */
  routes?: Router;
  /** Before the SCIM router, on its base path (request metrics). */
  scimBefore: RequestHandler[];
  /** Right after SCIM auth (per-client concurrency, upstream short-circuit, request deadline). */
  afterAuth: RequestHandler[];
  /** After the SCIM router, on its base path, before the one error middleware (upstream pushback answers). */
  scimErrors: ErrorRequestHandler[];
}

/** Metrics, inbound limits and upstream throttling of one bridge, built from its configuration. */
export interface Operations {
  /** Absent when METRICS_ENABLED=false: nothing is collected. */
  metrics?: BridgeMetrics;
  gate: ThrottleGate;
  http: OperationsHttp;
  /** The JumpCloud client's hooks; `alsoOnCall` (the audit call log) sees every attempt too. */
  jumpcloudHooks(alsoOnCall?: (event: CallEvent) => void): JumpCloudHooks;
  /** Exports the client's concurrency queue and counts the journal's lifecycle events. */
  watch(parts: { jumpcloud: JumpCloudClient; journal?: AuditJournal }): void;
}

/**
 * Builds the bridge's operations side: one metrics registry per bridge (prom-client, never the
 * global one), the per-client concurrency limit, the request deadline and the upstream throttle
 * gate, wired so that the JumpCloud client feeds the gate and the metrics.
 */
export function buildOperations(config: BridgeConfig, options: { processMetrics?: boolean; tenant?: string } = {}): Operations {
  const metrics = config.metrics.enabled ? new BridgeMetrics({ processMetrics: options.processMetrics, tenant: options.tenant }) : undefined;
  const gate = new ThrottleGate();
  const concurrency = new ClientConcurrency(config.limits.maxConcurrentPerClient);
  const limit = concurrency.limit;
  metrics?.watchGate(gate);
  const tokens = [config.metrics.token, config.adminToken].filter((token): token is string => typeof token === 'string' && token !== '');
  return {
    metrics,
    gate,
    http: {
      routes: metrics ? metricsRoutes(metrics.registry, { tokens }) : undefined,
      scimBefore: metrics ? [scimRequestMetrics(metrics.scim)] : [],
      afterAuth: [
        clientConcurrencyLimit(concurrency, {
          onReject: () => metrics?.scim.rejected.inc({ reason: 'client_concurrency' }),
          holdAfterCloseMs: config.limits.requestDeadlineMs,
        }),
        upstreamShortCircuit(gate, { limit, onReject: () => metrics?.scim.rejected.inc({ reason: 'upstream_pushback' }) }),
        requestDeadline(config.limits.requestDeadlineMs),
      ],
      scimErrors: [upstreamPushbackErrors(gate, { limit })],
    },
    jumpcloudHooks: (alsoOnCall) => ({
      onCall: (event) => {
        alsoOnCall?.(event);
        gate.noteUpstreamAnswer(event.status);
        metrics?.observeCall(event);
      },
      onRetryWait: metrics?.observeRetryWait,
      requestDeadline: currentRequestDeadline,
    }),
    watch: ({ jumpcloud, journal }) => {
      if (!metrics) return;
      metrics.watchConcurrency(jumpcloud.limit);
      journal?.observe(metrics.observeAuditRecords);
    },
  };
}
