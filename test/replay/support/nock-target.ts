import nock from 'nock';
import { canonicalPath } from '../../../src/fixtures/query-path';
import { fillTemplate, matchValue, preview, type Captures } from '../../../src/fixtures/template';
import type { FixtureStep, JumpCloudCall } from '../../../src/fixtures/fixture-types';
import type { ReplayTarget } from '../../../src/fixtures/replay-engine';
import type { ScimWireRequest, ScimWireResponse } from '../../../src/fixtures/scim-http-client';

/** The JumpCloud origin the bridge calls on the nock target (never reached: nock answers). */
export const NOCK_JUMPCLOUD_ORIGIN = 'https://console.jumpcloud.com';

function describeCall(call: { method: string; path: string }): string {
  return `${call.method} ${call.path}`;
}

function bodyMatches(expected: unknown, actual: unknown, captures: Captures): boolean {
  const problems: string[] = [];
  // A scratch copy: matching a request body must not capture into the story.
  matchValue(expected, actual, 'body', new Map(captures), problems);
  return problems.length === 0;
}

/** A page of the user list: what the bridge reads ahead for a client paging (page-read-ahead.ts). */
function isUserListPage(call: JumpCloudCall, path: string): boolean {
  return call.method === 'GET' && canonicalPath(path).startsWith('/api/systemusers?');
}

function callKey(method: string, path: string): string {
  return `${method} ${canonicalPath(path)}`;
}

/**
 * The nock target: JumpCloud is the fixture. Each step's `jumpcloud` calls become interceptors
 * for that step only; a call the bridge makes that none of them matches, and an interceptor left
 * unused, both fail the step, naming the call.
 *
 * One allowance, given `steps` (the fixture's): the user-list page the NEXT step reads may come
 * during this one, since a bridge reading an aggregation ahead asks for it in the background once
 * it has answered this step. Answered early from the next step's recording, it is then that
 * step's call already made; whether it comes early or on time, it must come exactly once.
 */
export function nockTarget(scim: { baseUrl: string; token: string; send: (request: ScimWireRequest) => Promise<ScimWireResponse> }, steps: readonly FixtureStep[] = []): ReplayTarget {
  let unexpected: string[] = [];
  let expected: { call: JumpCloudCall; path: string; used: boolean }[] = [];
  /** Next-step list pages already answered during the step before theirs. */
  const answeredEarly = new Set<string>();
  const onNoMatch = (req: { method?: string; path?: string; href?: string }, _options?: unknown, body?: unknown) => {
    const url = req.path ?? req.href ?? '?';
    if (!String(req.href ?? url).includes('127.0.0.1')) unexpected.push(`${req.method ?? '?'} ${url}${body === undefined || body === '' ? '' : ` ${preview(body)}`}`);
  };
  return {
    ...scim,
    async beforeStep(step: FixtureStep, captures: Captures) {
      unexpected = [];
      expected = [];
      nock.emitter.on('no match', onNoMatch);
      const scope = nock(NOCK_JUMPCLOUD_ORIGIN);
      for (const call of step.jumpcloud ?? []) {
        const path = fillTemplate(call.path, captures);
        if (isUserListPage(call, path) && answeredEarly.delete(callKey(call.method, path))) continue;
        const entry = { call, path, used: false };
        expected.push(entry);
        const wanted = canonicalPath(path);
        const bodyMatcher = call.body === undefined ? undefined : (body: unknown) => bodyMatches(call.body, body, captures);
        const interceptor = scope.intercept((uri: string) => canonicalPath(uri) === wanted, call.method, bodyMatcher as never);
        const reply = call.reply;
        if ('error' in reply) {
          interceptor.reply((_uri, _body, callback) => {
            entry.used = true;
            const error = Object.assign(new Error(`connection failed (${reply.error})`), { code: reply.error });
            (callback as unknown as (err: Error) => void)(error);
          });
        } else {
          const body = fillTemplate(reply.body, captures);
          interceptor.reply(() => {
            entry.used = true;
            return [reply.status, body === undefined ? '' : JSON.stringify(body), { 'content-type': 'application/json', ...reply.headers }];
          });
        }
      }
      const next = steps[steps.indexOf(step) + 1];
      for (const call of next?.jumpcloud ?? []) {
        if ('error' in call.reply || call.body !== undefined) continue;
        let path: string;
        try {
          path = fillTemplate(call.path, captures);
        } catch {
          continue;
        }
        if (!isUserListPage(call, path) || expected.some((entry) => callKey(entry.call.method, entry.path) === callKey(call.method, path))) continue;
        const reply = call.reply;
        const body = fillTemplate(reply.body, captures);
        const wanted = canonicalPath(path);
        scope
          .intercept((uri: string) => canonicalPath(uri) === wanted, call.method)
          .optionally()
          .reply(() => {
            answeredEarly.add(callKey(call.method, path));
            return [reply.status, body === undefined ? '' : JSON.stringify(body), { 'content-type': 'application/json', ...reply.headers }];
          });
      }
    },
    async afterStep() {
      nock.emitter.removeListener('no match', onNoMatch);
      nock.cleanAll();
      const problems = unexpected.map((call) => `unexpected JumpCloud call ${call}`);
      for (const entry of expected) {
        if (entry.used) continue;
        // A page read ahead may have been asked for in the step before and answered only as this one began.
        if (isUserListPage(entry.call, entry.path) && answeredEarly.delete(callKey(entry.call.method, entry.path))) continue;
        problems.push(`missing JumpCloud call ${describeCall({ method: entry.call.method, path: entry.path })}`);
      }
      return problems;
    },
  };
}
