import { SCIM_ERROR } from './fuzz-context';
import type { FuzzCase } from './fuzz-requests';
import { LEAKED_PASSWORD } from './hostile-values';
import type { RawResponse } from './raw-http';

/** One violated property, with what is needed to reproduce it. */
export interface Finding {
  property: string;
  detail: string;
  family?: string;
  request?: string;
}

/** A stack frame as V8 prints it, or a source path: never in an answer or a log line. */
const STACK = /\n\s+at \S.*:\d+:\d+\)?|\bat [\w$.<>]+ \((?:\/|node:)[^)]*:\d+:\d+\)|node_modules\/|\/src\/[\w/-]+\.[jt]s\b/;

/** A short printable form of a request for a finding (body cut, secrets stay in the test only). */
export function describeRequest(fuzzCase: FuzzCase): string {
  const { method, target, headers, body } = fuzzCase.request;
  const shownBody = body ? body.toString('utf8').slice(0, 400) : '';
  return `${method} ${target.slice(0, 300)} ${JSON.stringify(headers.map(([n, v]) => `${n}: ${v.slice(0, 80)}`))} ${shownBody}`;
}

/** Text that must not contain a secret, a fuzz password or a stack trace. */
export function leaksIn(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) if (text.includes(secret)) found.push(`secret ${secret.slice(0, 6)}…`);
  if (LEAKED_PASSWORD.test(text)) found.push('a password the client sent');
  if (STACK.test(text)) found.push('a stack trace or source path');
  return found;
}

/** True when an answer says that something was applied (so JumpCloud may have changed). */
function acknowledgesWrite(response: RawResponse, target: string): boolean {
  if (response.status < 200 || response.status >= 300) return false;
  if (!/\/Bulk(\?|$)/.test(target)) return true;
  // A Bulk answer is 200 even when every operation failed: look at the operations.
  const answer = safeJson(response.body) as { Operations?: { status?: unknown }[] } | undefined;
  return Array.isArray(answer?.Operations) && answer.Operations.some((op) => /^2\d\d$/.test(String(op.status)));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Checks one exchange against the fuzz properties:
 *  - never a 5xx, except throttling answers (429/503) that carry `Retry-After` and the 501 of
 *    RFC 7644 §3.11 for /Me, which this service does not offer;
 *  - an answer always, except to requests whose framing is broken (the server may just close);
 *  - a 4xx on the SCIM routes is a SCIM error document (RFC 7644 §3.12) with the same status,
 *    unless Node's HTTP parser refused the request before the app saw it;
 *  - no secret, client password or stack trace in the answer;
 *  - JumpCloud changed only when the answer acknowledged a write.
 */
export function checkExchange(fuzzCase: FuzzCase, response: RawResponse, mutations: number, secrets: readonly string[], scimBase: string): Finding[] {
  const findings: Finding[] = [];
  const add = (property: string, detail: string) => findings.push({ property, detail, family: fuzzCase.family, request: describeRequest(fuzzCase) });
  const { status } = response;
  if (status === 0) {
    if (fuzzCase.family !== 'framing') add('answers', 'the connection closed without an answer');
    return findings;
  }
  const throttled = (status === 503 || status === 429) && response.headers['retry-after'] !== undefined;
  // RFC 7644 §3.11: a service without /Me answers 501 there; that is the one 5xx a client may cause.
  const meNotOffered = status === 501 && new RegExp(`^${scimBase}/Me(?:[/?]|$)`).test(fuzzCase.request.target);
  if (status >= 500 && !throttled && !meNotOffered) add('no-5xx', `answered ${status}: ${response.body.slice(0, 300)}`);
  const parserRefusal = response.body === '' && response.headers['content-type'] === undefined;
  if (status >= 400 && status < 500 && fuzzCase.request.target.startsWith(`${scimBase}/`) && !parserRefusal) {
    const error = safeJson(response.body) as { schemas?: unknown; status?: unknown; detail?: unknown } | undefined;
    const isScimError = error !== undefined && Array.isArray(error.schemas) && error.schemas.includes(SCIM_ERROR) && String(error.status) === String(status);
    if (!isScimError) add('scim-error', `answered ${status} without a SCIM error document: ${response.body.slice(0, 200)}`);
  }
  for (const leak of leaksIn(`${JSON.stringify(response.headers)}\n${response.body}`, secrets)) add('no-leak-in-answer', `the answer holds ${leak}`);
  const writeAcknowledged = acknowledgesWrite(response, fuzzCase.request.target);
  if (mutations > 0 && !writeAcknowledged) add('no-change-without-write', `JumpCloud changed ${mutations} time(s) during a request answered ${status}: ${response.body.slice(0, 200)}`);
  return findings;
}

/** Checks log lines: no secret, client password or stack trace, and no error-level line. */
export function checkLogLines(lines: readonly string[], secrets: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  for (const line of lines) {
    for (const leak of leaksIn(line, secrets)) findings.push({ property: 'no-leak-in-log', detail: `a log line holds ${leak}: ${line.slice(0, 300)}` });
    const level = (safeJson(line) as { level?: string } | undefined)?.level;
    if (level === 'error') findings.push({ property: 'no-server-fault-logged', detail: line.slice(0, 400) });
  }
  return findings;
}
