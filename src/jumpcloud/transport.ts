import axios, { type AxiosInstance } from 'axios';
import { ConcurrencyLimit } from './concurrency-limit';
import { proxySettingByApi } from './environment-proxy';
import { directExchange, type DirectAnswer } from './direct-http';
import { BRIDGE_VERSION } from '../version';
import { JumpCloudError } from './jumpcloud-error';
import type { JumpCloudEndpoints } from './regions';
import {
  classifyFailure,
  decideRetry,
  parseRetryAfter,
  type AttemptFailure,
  type RetryMode,
  type RetryPolicy,
  type RetryRuntime,
} from './retry-policy';

/** The minimal logger the client accepts; it never receives the key, headers or bodies. */
export interface JumpCloudLogger {
  debug(message: string, meta?: object): void;
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

/** One attempt, reported to the `onCall` hook (for metrics). */
export interface CallEvent {
  method: string;
  /** Route template with its API prefix, e.g. `/api/systemusers/{id}`: low cardinality. */
  route: string;
  /** HTTP status, or undefined when no answer came. */
  status: number | undefined;
  /** 1 for the first attempt. */
  attempt: number;
  durationMs: number;
  /** Time spent queued for a concurrency slot. */
  waitedMs: number;
}

/** A wait before a retry, reported to the `onRetryWait` hook (for metrics: time lost to rate limits). */
export interface RetryWaitEvent {
  method: string;
  /** Route template with its API prefix, as in `CallEvent`. */
  route: string;
  /** Status of the failed attempt, or undefined when no answer came. */
  status: number | undefined;
  /** `retry-after`: JumpCloud said how long; `backoff`: the policy's own exponential backoff. */
  reason: 'retry-after' | 'backoff';
  delayMs: number;
}

/** Which JumpCloud API a call goes to. */
export type Api = 'v1' | 'v2' | 'insights';

/** Ordered query parameters, so encodings like `filter[0]`, `filter[1]` are exact. */
export type QueryParams = readonly (readonly [string, string])[];

/** A call, described as data. */
export interface CallSpec {
  api: Api;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Route template below the API base, e.g. `/systemusers/{id}`. */
  route: string;
  /** Values for `{name}` placeholders; URL-encoded here. */
  params?: Record<string, string>;
  query?: QueryParams;
  body?: unknown;
  retryMode: RetryMode;
  /**
   * For `verify-before-retry`: after an ambiguous failure, looks for the object the call would
   * have created; a non-undefined answer is returned as the call's result instead of repeating it.
   */
  verify?: (deadlineMs: number) => Promise<unknown>;
  /** An error answer to treat as success (e.g. 409 "Already Exists" on a member add). */
  acceptError?: (error: JumpCloudError) => boolean;
  /** Shared deadline when this call is part of another (a verify lookup). */
  deadlineMs?: number;
  /**
   * For a DELETE: a 404 on a retry that follows an AMBIGUOUS failure (a dropped connection, a
   * 502/503/504) means the earlier attempt took effect, so the call succeeded (`goneOnRetry`).
   * A 404 to the first attempt, or after only unprocessed failures (429, 408), stays a 404.
   */
  goneOnRetryIsSuccess?: boolean;
}

/** What the transport hands back. */
export interface CallResult {
  status: number;
  data: unknown;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** True when the result came from a verify lookup rather than this call's own answer. */
  verified: boolean;
  /** The error answer accepted by `acceptError`, if any. */
  acceptedError?: JumpCloudError;
  /** True when a delete's retry found the object gone after an ambiguous attempt (`goneOnRetryIsSuccess`). */
  goneOnRetry?: boolean;
}

/** Everything the transport needs; built by the client's constructor. */
export interface TransportOptions {
  endpoints: JumpCloudEndpoints;
  apiKey: string;
  orgId?: string;
  timeoutMs: number;
  retry: RetryPolicy;
  runtime: RetryRuntime;
  limit: ConcurrencyLimit;
  logger?: JumpCloudLogger;
  onCall?: (event: CallEvent) => void;
  /** Called before each wait between attempts (for metrics). Must not throw. */
  onRetryWait?: (event: RetryWaitEvent) => void;
  /**
   * The deadline (epoch ms) of whatever the call serves, e.g. the SCIM request, so that several
   * calls in a row cannot add up past the caller's own timeout; undefined = only the retry budget.
   */
  requestDeadline?: () => number | undefined;
}

const PREFIX: Record<Api, string> = { v1: '/api', v2: '/api/v2', insights: '/insights/directory/v1' };

/** Encodes ordered query pairs (spaces as %20, brackets encoded). */
export function encodeQuery(query: QueryParams | undefined): string {
  if (!query || query.length === 0) return '';
  return '?' + query.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&');
}

function fillRoute(route: string, params: Record<string, string> | undefined): string {
  return route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === '') throw new Error(`missing path parameter ${name} for ${route}`);
    return encodeURIComponent(value);
  });
}

function flattenHeaders(headers: DirectAnswer['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined || value === null) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

/** JumpCloud's own words from an error body: `{message}`, `{error}`, or short text. */
function messageOf(data: unknown, status: number): string {
  if (data && typeof data === 'object') {
    const record = data as Record<string, unknown>;
    if (typeof record.message === 'string' && record.message !== '') return record.message;
    if (typeof record.error === 'string' && record.error !== '') return record.error;
  }
  if (typeof data === 'string' && data.trim() !== '' && !data.trimStart().startsWith('<')) return data.trim().slice(0, 500);
  return `HTTP ${status}`;
}

function detailsOf(data: unknown): unknown[] | undefined {
  if (data && typeof data === 'object' && Array.isArray((data as Record<string, unknown>).details)) {
    return (data as { details: unknown[] }).details;
  }
  return undefined;
}

/** A network error's code, from axios or the socket beneath it. */
function errorCodeOf(error: unknown): string {
  const candidate = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
  if (typeof candidate.code === 'string' && candidate.code !== 'ERR_NETWORK') return candidate.code;
  if (typeof candidate.cause?.code === 'string') return candidate.cause.code;
  if (typeof candidate.message === 'string' && /socket hang up/i.test(candidate.message)) return 'SOCKET_HANG_UP';
  return typeof candidate.code === 'string' ? candidate.code : 'UNKNOWN';
}

type Attempt =
  | { ok: true; response: CallResult }
  | { ok: false; error: JumpCloudError; failure: AttemptFailure; retryAfterMs: number | undefined };

/**
 * The one place HTTP happens: one axios instance, auth headers, no redirects, a timeout per
 * attempt, the concurrency limit per attempt (a retry's wait holds no slot), and the retry loop.
 */
export class Transport {
  private readonly http: AxiosInstance;
  private readonly proxy: Record<Api, false | undefined>;
  /** Headers of a call with a JSON body, and of one without (no Content-Type). */
  private readonly headers: { withBody: Record<string, string>; withoutBody: Record<string, string> };

  /** Builds the call headers (the key lives only there and in the axios instance's defaults) and the axios instance. */
  constructor(private readonly options: TransportOptions) {
    const headers: Record<string, string> = {
      'x-api-key': options.apiKey,
      // Names the bridge in JumpCloud's Directory Insights events (their `useragent`).
      'User-Agent': `jumpcloud-scim-bridge/${BRIDGE_VERSION}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
    };
    if (options.orgId !== undefined && options.orgId !== '') headers['x-org-id'] = options.orgId;
    const { 'Content-Type': _contentType, ...withoutBody } = headers;
    this.headers = { withBody: headers, withoutBody };
    // Only for calls an environment proxy applies to (see exchange): axios then does the proxying.
    this.http = axios.create({
      headers,
      // A missing key has been seen to answer 302 to a login page: never follow, classify instead.
      maxRedirects: 0,
      validateStatus: () => true,
      responseType: 'json',
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    });
    this.proxy = proxySettingByApi(options.endpoints);
  }

  /** Runs a call under the retry policy; resolves with a 2xx (or accepted) answer or throws `JumpCloudError`. */
  async call(spec: CallSpec): Promise<CallResult> {
    const { retry: policy, runtime } = this.options;
    const path = PREFIX[spec.api] + fillRoute(spec.route, spec.params);
    const route = PREFIX[spec.api] + spec.route;
    const url = this.options.endpoints[spec.api] + fillRoute(spec.route, spec.params) + encodeQuery(spec.query);
    const deadline = Math.min(spec.deadlineMs ?? runtime.now() + policy.totalBudgetMs, this.options.requestDeadline?.() ?? Infinity);

    // Whether an earlier attempt may have taken effect although its answer was lost.
    let ambiguousEarlier = false;
    for (let attempt = 1; ; attempt += 1) {
      const remaining = deadline - runtime.now();
      if (remaining <= 0) {
        throw new JumpCloudError({ kind: 'budget-exhausted', message: `No time left in the ${policy.totalBudgetMs} ms budget`, method: spec.method, path, attempts: attempt - 1 });
      }
      const outcome = await this.attempt(spec, { url, path, route, attempt, timeoutMs: Math.min(this.options.timeoutMs, remaining) });
      if (outcome.ok) return outcome.response;

      const { error, failure, retryAfterMs } = outcome;
      if (spec.goneOnRetryIsSuccess && ambiguousEarlier && error.status === 404) {
        this.options.logger?.info('JumpCloud delete had landed before its answer was lost; the retry found it gone', { method: spec.method, route, attempt });
        return { status: 404, data: undefined, headers: {}, verified: false, goneOnRetry: true };
      }
      const failureClass = classifyFailure(policy, failure);
      if (failureClass === 'ambiguous') ambiguousEarlier = true;
      if (failureClass === 'final') throw error;
      if (failureClass === 'ambiguous' && spec.retryMode === 'unambiguous-only') throw error;

      const elapsedMs = policy.totalBudgetMs - (deadline - runtime.now());
      const decision = decideRetry(policy, { attemptsMade: attempt, elapsedMs, retryAfterMs, random: runtime.random() });
      if (!decision.retry) {
        // Out of retries, but a create that may have landed is still worth one look before failing.
        if (failureClass === 'ambiguous' && spec.retryMode === 'verify-before-retry' && deadline > runtime.now()) {
          const found = await this.verify(spec, deadline, error);
          if (found !== undefined) return { status: 200, data: found, headers: {}, verified: true };
        }
        if (decision.reason === 'attempts') throw error;
        throw error.with({
          kind: 'budget-exhausted',
          message: `Gave up after ${attempt} attempt(s): the next wait would pass the ${policy.totalBudgetMs} ms budget (last answer: ${error.message})`,
        });
      }
      this.options.logger?.warn('JumpCloud call failed; retrying', {
        method: spec.method,
        route,
        status: error.status,
        code: error.code,
        attempt,
        delayMs: decision.delayMs,
      });
      this.options.onRetryWait?.({ method: spec.method, route, status: error.status, reason: retryAfterMs === undefined ? 'backoff' : 'retry-after', delayMs: decision.delayMs });
      await runtime.sleep(decision.delayMs);

      if (failureClass === 'ambiguous' && spec.retryMode === 'verify-before-retry') {
        const found = await this.verify(spec, deadline, error);
        if (found !== undefined) {
          this.options.logger?.info('JumpCloud create had landed before the connection failed; using the existing object', { method: spec.method, route, attempt });
          return { status: 200, data: found, headers: {}, verified: true };
        }
      }
    }
  }

  /**
   * One attempt's HTTP. Direct on node:http (direct-http.ts: axios cost a fifth of a one-call GET)
   * unless the environment names a proxy for this API, in which case axios, with its proxy
   * handling (credentials, tunnelling), makes the call. Either way the same answer shape.
   */
  private async exchange(spec: CallSpec, url: string, timeoutMs: number): Promise<DirectAnswer> {
    if (this.proxy[spec.api] === false) {
      const headers = spec.body === undefined ? this.headers.withoutBody : this.headers.withBody;
      return directExchange({ method: spec.method, url, headers, body: spec.body, timeoutMs });
    }
    const response = await this.http.request({ method: spec.method, url, data: spec.body, timeout: timeoutMs });
    return { status: response.status, headers: response.headers as DirectAnswer['headers'], data: response.data };
  }

  private async verify(spec: CallSpec, deadline: number, original: JumpCloudError): Promise<unknown> {
    if (!spec.verify) throw original;
    try {
      return await spec.verify(deadline);
    } catch (lookupError) {
      // The create may have landed and we cannot tell: repeating could duplicate, so report the original failure.
      const reason = lookupError instanceof JumpCloudError ? lookupError.message : 'lookup failed';
      throw original.with({ message: `${original.message} (outcome unknown: the check for an earlier success failed: ${reason})` });
    }
  }

  private async attempt(spec: CallSpec, at: { url: string; path: string; route: string; attempt: number; timeoutMs: number }): Promise<Attempt> {
    const { runtime, limit, onCall, logger } = this.options;
    const queuedAt = runtime.now();
    let waitedMs = 0;
    let startedAt = queuedAt;
    const report = (status: number | undefined): void => {
      const event: CallEvent = { method: spec.method, route: at.route, status, attempt: at.attempt, durationMs: runtime.now() - startedAt, waitedMs };
      // Passed as is (winston copies meta into its own entry), and dropped at once below debug.
      logger?.debug('JumpCloud call', event);
      onCall?.(event);
    };
    const base = { method: spec.method, path: at.path, attempts: at.attempt };

    let response: DirectAnswer;
    try {
      response = await limit.run(() => {
        startedAt = runtime.now();
        waitedMs = startedAt - queuedAt;
        return this.exchange(spec, at.url, at.timeoutMs);
      });
    } catch (thrown) {
      report(undefined);
      const code = errorCodeOf(thrown);
      const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
      // Built from the code alone: the axios error holds the config, and with it the key.
      const error = new JumpCloudError({
        ...base,
        kind: timedOut ? 'timeout' : 'network',
        code,
        message: timedOut ? `No answer within ${at.timeoutMs} ms` : `Connection failed (${code})`,
      });
      return { ok: false, error, failure: { errorCode: code }, retryAfterMs: undefined };
    }
    report(response.status);

    const headers = flattenHeaders(response.headers);
    if (response.status >= 200 && response.status < 300) {
      return { ok: true, response: { status: response.status, data: response.data, headers, verified: false } };
    }
    const retryAfterMs = parseRetryAfter(headers['retry-after'], runtime.now());
    const redirected = response.status >= 300 && response.status < 400;
    const error = new JumpCloudError({
      ...base,
      kind: 'http',
      status: response.status,
      message: redirected
        ? `JumpCloud answered ${response.status} (a redirect, refused: a missing or wrong API key can cause it)`
        : messageOf(response.data, response.status),
      retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
      requestId: headers['x-request-id'],
      details: detailsOf(response.data),
    });
    if (spec.acceptError?.(error)) {
      return { ok: true, response: { status: response.status, data: response.data, headers, verified: false, acceptedError: error } };
    }
    return { ok: false, error, failure: { status: response.status }, retryAfterMs };
  }
}
