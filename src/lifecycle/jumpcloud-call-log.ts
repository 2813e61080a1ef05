import type { CallEvent } from '../jumpcloud';
import { currentRequestContext, type RequestContext } from '../logging/request-context';
import type { JumpCloudCallRecord } from './audit-record';

/**
 * The JumpCloud calls made while serving each request, for the audit records of its writes.
 * Fed by the JumpCloud client's `onCall` hook; keyed by the request's logging context (the
 * AsyncLocalStorage scope every request runs in), so concurrent requests never mix their calls,
 * and a finished request's list goes with its context (WeakMap: nothing to clean up).
 */
export class JumpCloudCallLog {
  private readonly byRequest = new WeakMap<RequestContext, { calls: JumpCloudCallRecord[]; taken: number }>();

  /** The `onCall` hook: records one attempt against the current request (none: ignored). */
  readonly record = (event: CallEvent): void => {
    const context = currentRequestContext();
    if (!context) return;
    let log = this.byRequest.get(context);
    if (!log) {
      log = { calls: [], taken: 0 };
      this.byRequest.set(context, log);
    }
    const call: JumpCloudCallRecord = { method: event.method, route: event.route, attempt: event.attempt };
    if (event.status !== undefined) call.status = event.status;
    // The dry-run client reports the writes it skipped with this flag (see jumpcloud/dry-run-client).
    if ((event as { dryRun?: unknown }).dryRun === true) call.dryRun = true;
    log.calls.push(call);
  };

  /**
   * The calls of the current request not yet taken by an earlier write of it, and marks them
   * taken: a /Bulk request's operations each get their own calls (they run one after another).
   */
  take(): JumpCloudCallRecord[] {
    const context = currentRequestContext();
    const log = context && this.byRequest.get(context);
    if (!log) return [];
    const calls = log.calls.slice(log.taken);
    log.taken = log.calls.length;
    return summarize(calls);
  }

  /** The calls of the current request not yet taken, without taking them (for an intent record). */
  peek(): JumpCloudCallRecord[] {
    const context = currentRequestContext();
    const log = context && this.byRequest.get(context);
    return log ? summarize(log.calls.slice(log.taken)) : [];
  }
}

/**
 * Identical consecutive attempts (same method, route, status, attempt number) folded into one
 * entry with a `count`: a 1,000-member group write is one line, not 1,000.
 */
function summarize(calls: JumpCloudCallRecord[]): JumpCloudCallRecord[] {
  const out: JumpCloudCallRecord[] = [];
  for (const call of calls) {
    const last = out[out.length - 1];
    if (last && last.method === call.method && last.route === call.route && last.status === call.status && last.attempt === call.attempt && last.dryRun === call.dryRun) {
      last.count = (last.count ?? 1) + 1;
    } else out.push({ ...call });
  }
  return out;
}
