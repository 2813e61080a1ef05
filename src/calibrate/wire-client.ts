import axios, { type AxiosInstance } from 'axios';
import { JumpCloudError, resolveEndpoints, type JumpCloudEndpoints, type JumpCloudRegion } from '../jumpcloud';

/** The JumpCloud `calibrate` measures: the same settings as `serve` (JUMPCLOUD_*). */
export interface CalibrationTarget {
  apiKey: string;
  region: JumpCloudRegion;
  baseUrl?: string;
  /** Sent as `x-org-id` (multi-tenant keys). */
  orgId?: string;
  timeoutMs: number;
}

/** One raw answer: whatever status JumpCloud chose, never followed nor retried. */
export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One raw request; `url` is relative to the chosen API (`v1`, `v2`, `insights`). */
export interface WireRequest {
  api: keyof JumpCloudEndpoints;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, already encoded (the probes choose the exact query form they measure). */
  url: string;
  body?: unknown;
  /** Leave `x-api-key` out (the missing-key probe). */
  withoutKey?: boolean;
}

/**
 * JumpCloud's wire API as `calibrate` must see it: the raw status of every answer (a redirect is
 * an answer, not something to follow; NOTES.md "Hosts, auth, headers"), no retry, no
 * interpretation. A connection failure or timeout throws `JumpCloudError` (kind `network` or
 * `timeout`) that names the method and path only: never the key, headers or bodies.
 */
export class WireClient {
  private readonly http: AxiosInstance;
  readonly endpoints: JumpCloudEndpoints;

  /** Builds the client; the key lives only in the headers of each request. */
  constructor(private readonly target: CalibrationTarget) {
    this.endpoints = resolveEndpoints({ region: target.region, baseUrl: target.baseUrl });
    this.http = axios.create({
      maxRedirects: 0,
      validateStatus: () => true,
      timeout: target.timeoutMs,
      responseType: 'json',
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true },
    });
  }

  /** Sends one request and answers whatever came back; throws only when nothing came back. */
  async send(request: WireRequest): Promise<WireAnswer> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (request.body !== undefined) headers['Content-Type'] = 'application/json';
    if (!request.withoutKey) headers['x-api-key'] = this.target.apiKey;
    if (this.target.orgId) headers['x-org-id'] = this.target.orgId;
    const path = request.url.split('?')[0] ?? request.url;
    try {
      const response = await this.http.request({ method: request.method, url: `${this.endpoints[request.api]}${request.url}`, headers, data: request.body });
      const flat: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) if (value !== undefined && value !== null) flat[name.toLowerCase()] = String(value);
      return { status: response.status, headers: flat, body: response.data as unknown };
    } catch (error) {
      const code = (error as { code?: string }).code;
      const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
      throw new JumpCloudError({
        kind: timedOut ? 'timeout' : 'network',
        message: timedOut ? `no answer within ${this.target.timeoutMs} ms` : `the connection failed${code ? ` (${code})` : ''}`,
        method: request.method,
        path,
        code,
      });
    }
  }
}

/** A JumpCloudError for an answer a step cannot go on with; carries the status, never the body text. */
export function unexpectedAnswer(request: Pick<WireRequest, 'method' | 'url'>, answer: WireAnswer, what: string): JumpCloudError {
  const hint = isTransient(answer.status) ? ' (try again later)' : '';
  return new JumpCloudError({ kind: 'http', status: answer.status, message: `${what} answered HTTP ${answer.status}${hint}`, method: request.method, path: request.url.split('?')[0] ?? request.url });
}

/** Statuses that say "try later" rather than "this is how JumpCloud behaves". */
export function isTransient(status: number): boolean {
  return status === 429 || status >= 500;
}
