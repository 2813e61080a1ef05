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

/**
 * The nock target: JumpCloud is the fixture. Each step's `jumpcloud` calls become interceptors
 * for that step only; a call the bridge makes that none of them matches, and an interceptor left
 * unused, both fail the step, naming the call.
 */
export function nockTarget(scim: { baseUrl: string; token: string; send: (request: ScimWireRequest) => Promise<ScimWireResponse> }): ReplayTarget {
  let unexpected: string[] = [];
  let expected: { call: JumpCloudCall; path: string; used: boolean }[] = [];
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
    },
    async afterStep() {
      nock.emitter.removeListener('no match', onNoMatch);
      nock.cleanAll();
      const problems = unexpected.map((call) => `unexpected JumpCloud call ${call}`);
      for (const entry of expected) if (!entry.used) problems.push(`missing JumpCloud call ${describeCall({ method: entry.call.method, path: entry.path })}`);
      return problems;
    },
  };
}
