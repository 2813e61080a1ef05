import type { Attempt, RequestKind, SoakLedger } from './soak-ledger';

/** How a client repeats a request, the way SailPoint's connector does: on 429, 5xx and broken connections. */
export interface ClientRetryRules {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff base when no Retry-After came: attempt n waits up to base * 2^(n-1) (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** One attempt's timeout (SailPoint: one minute). */
  timeoutMs: number;
}

export const SAILPOINT_RETRY_RULES: ClientRetryRules = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 5_000, timeoutMs: 60_000 };

/** The final answer of a request and every attempt it took. */
export interface Answer {
  /** Absent when the last attempt got no answer. */
  status?: number;
  body?: unknown;
  attempts: Attempt[];
}

const RETRYABLE = (status: number) => status === 429 || status >= 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One client's HTTP: bearer token, request ids it can find in the journal later, and the retry loop. */
export class SoakHttp {
  private sequence = 0;

  constructor(
    private readonly options: {
      baseUrl: string;
      token: string;
      ledger: SoakLedger;
      random: () => number;
      rules: ClientRetryRules;
      /** Prefix of every request id this client sends (x-request-id), e.g. `soak-7-c3`. */
      requestIdPrefix: string;
    },
  ) {}

  /** Sends a request until it gets a final answer or runs out of attempts. */
  async call(kind: RequestKind, method: string, path: string, body?: unknown): Promise<Answer> {
    const { ledger, rules } = this.options;
    const op = ++this.sequence;
    const attempts: Attempt[] = [];
    for (let n = 1; ; n++) {
      const requestId = `${this.options.requestIdPrefix}-o${op}-a${n}`;
      ledger.countRequest(kind);
      const attempt = await this.once(requestId, method, path, body);
      attempts.push({ requestId, status: attempt.status });
      if (method !== 'GET' && kind !== 'lookup') ledger.writeAttempts.set(requestId, attempt.status);
      if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) ledger.answered2xx.add(requestId);
      else ledger.countErrorAnswer(kind, attempt.status, attempt.body);
      const retryable = attempt.status === undefined || RETRYABLE(attempt.status);
      if (!retryable || n >= rules.maxAttempts) return { status: attempt.status, body: attempt.body, attempts };
      ledger.countRetry(attempt.status === undefined ? 'network' : String(attempt.status));
      await sleep(attempt.retryAfterMs ?? this.backoff(n));
    }
  }

  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.rules;
    return Math.floor(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)) * this.options.random());
  }

  private async once(requestId: string, method: string, path: string, body: unknown): Promise<{ status?: number; body?: unknown; retryAfterMs?: number }> {
    try {
      const res = await fetch(`${this.options.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          'content-type': 'application/scim+json',
          accept: 'application/scim+json',
          'x-request-id': requestId,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.rules.timeoutMs),
      });
      const text = await res.text();
      const retryAfter = res.headers.get('retry-after');
      return {
        status: res.status,
        body: text === '' ? undefined : safeJson(text),
        retryAfterMs: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined,
      };
    } catch {
      return {};
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
