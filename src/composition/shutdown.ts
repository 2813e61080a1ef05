import type { Server } from 'node:http';
import type { Logger } from '../logging/logger';
import type { InFlightRequests } from './shutdown-requests';

/** One thing to close once no request is in flight (the change-feed poller, the database...). */
export interface ShutdownStep {
  /** Named in the log when it fails. */
  name: string;
  close(): Promise<void> | void;
}

/** What a shutdown did, for the log and for tests. */
export interface ShutdownOutcome {
  /** True when every in-flight request finished before the deadline. */
  drained: boolean;
  /** Requests still running at the deadline (their connections were cut). */
  abandoned: number;
  /** Steps whose close threw (the later steps still ran). */
  failedSteps: string[];
}

/** Resolves after `ms`, with a timer that does not keep the process alive. */
function delay(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}

/**
 * Graceful shutdown, in the order that loses nothing: stop accepting connections, let in-flight
 * requests finish (each settles its journal record before answering) for at most `timeoutMs`,
 * cut whatever is left, then close `steps` one after the other. A step that fails is logged and
 * the next still runs, so the database is closed even when an earlier step throws.
 */
export async function shutDownGracefully(
  server: Server,
  requests: InFlightRequests,
  options: { timeoutMs: number; steps: readonly ShutdownStep[]; logger: Logger },
): Promise<ShutdownOutcome> {
  const { logger } = options;
  const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
  requests.beginDraining();
  // Kept-alive connections with no request would otherwise hold server.close() open forever.
  server.closeIdleConnections();
  const inFlight = requests.count;
  if (inFlight > 0) logger.info('shutdown: waiting for in-flight requests', { inFlight, timeoutMs: options.timeoutMs });
  const drained = (await Promise.race([requests.drained().then(() => 'drained' as const), delay(options.timeoutMs)])) === 'drained';
  const abandoned = drained ? 0 : requests.count;
  if (!drained) logger.warn('shutdown: deadline reached, cutting requests still in flight (their journal records stay pending and are reported as interrupted at the next start)', { abandoned, timeoutMs: options.timeoutMs });
  // Connections whose answer went out before draining began are still kept alive: close them.
  server.closeAllConnections();
  await stopped;

  const failedSteps: string[] = [];
  for (const step of options.steps) {
    try {
      await step.close();
    } catch (err) {
      failedSteps.push(step.name);
      logger.error('shutdown: closing failed', { step: step.name, error: (err as Error).message });
    }
  }
  logger.info('shutdown complete', { drained, abandoned, failedSteps });
  return { drained, abandoned, failedSteps };
}
