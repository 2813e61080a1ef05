import type { RequestHandler } from 'express';
import type { RecordedRequest, RequestLog } from '../context';

/** The log of requests received, oldest first, for test assertions (`GET /__emulator/requests`). */
export class InMemoryRequestLog implements RequestLog {
  private entries: RecordedRequest[] = [];
  private nextSeq = 1;

  /** Appends a request; the returned entry is live, so its status and body can be filled later. */
  record(entry: Omit<RecordedRequest, 'seq'>): RecordedRequest {
    const recorded: RecordedRequest = { seq: this.nextSeq++, ...entry };
    this.entries.push(recorded);
    return recorded;
  }

  /** Every request, oldest first (copies: callers cannot change the log). */
  list(): RecordedRequest[] {
    return this.entries.map((entry) => structuredClone(entry));
  }

  /** Number of requests kept. */
  count(): number {
    return this.entries.length;
  }

  clear(): void {
    this.entries = [];
  }
}

/** Which requests the middleware leaves out of the log. */
export interface RequestLogOptions {
  /** Default: the emulator's own `/__emulator` controls, so the log holds only API traffic. */
  exclude?: (path: string) => boolean;
}

const CONTROL_PREFIX = '/__emulator';

/**
 * Records every API request as it arrives, before any check, so requests the emulator rejects
 * (401, 400) or faults (429, 5xx, dropped) are in the log too. `x-api-key` is redacted. The body
 * is read when the exchange ends (a body parser mounted later has filled it by then) and the
 * status when the response finishes; a dropped connection leaves `status` unset.
 */
export function requestLogMiddleware(log: RequestLog, options: RequestLogOptions = {}): RequestHandler {
  const exclude = options.exclude ?? ((path: string) => path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`));
  return (req, res, next) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    if (exclude(path)) {
      next();
      return;
    }
    const entry = log.record({
      time: new Date().toISOString(),
      method: req.method,
      path,
      query: { ...(req.query as Record<string, unknown>) },
      headers: redactedHeaders(req.headers),
      body: undefined,
    });
    const settle = (status: number | undefined) => {
      if (entry.body === undefined && req.body !== undefined) entry.body = structuredClone(req.body);
      if (status !== undefined && entry.status === undefined) entry.status = status;
    };
    res.once('finish', () => settle(res.statusCode));
    res.once('close', () => settle(res.writableFinished ? res.statusCode : undefined));
    next();
  };
}

function redactedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = name === 'x-api-key' ? '[REDACTED]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
