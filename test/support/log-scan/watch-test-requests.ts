import { registerSecretsInBody, registerSecretsInHeaders } from './sent-credentials';

interface SuperagentRequestBase {
  prototype: {
    send(this: unknown, data: unknown): unknown;
    set(this: unknown, field: unknown, value?: unknown): unknown;
  };
}

const WATCHED = Symbol.for('jumpcloud-scim-bridge.log-scan.watched');

/**
 * Registers, as secrets of the current test file, every password, client secret and credential a
 * test sends over HTTP: through supertest (superagent's `send` and `set`, which `.auth()` also
 * uses) and through `fetch` (the replay client, the child-process tests). Watching the client side
 * catches what every harness and test sends without each one listing its passwords, including
 * the ones the bridge rejects before they reach JumpCloud.
 */
export function watchTestRequests(): void {
  // superagent's request prototype, which supertest's Test extends; loaded in the test's own module registry.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RequestBase = require('superagent/lib/request-base') as SuperagentRequestBase;
  const proto = RequestBase.prototype as SuperagentRequestBase['prototype'] & { [WATCHED]?: true };
  if (!proto[WATCHED]) {
    proto[WATCHED] = true;
    const send = proto.send;
    const set = proto.set;
    proto.send = function (data) {
      registerSecretsInBody(data);
      return send.call(this, data);
    };
    proto.set = function (field, value) {
      registerSecretsInHeaders(typeof field === 'string' ? { [field]: value } : field);
      return set.call(this, field, value);
    };
  }
  const scope = globalThis as typeof globalThis & { [WATCHED]?: true };
  if (!scope[WATCHED] && typeof scope.fetch === 'function') {
    scope[WATCHED] = true;
    const fetch = scope.fetch;
    scope.fetch = function (this: unknown, input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) {
      registerSecretsInHeaders(init?.headers);
      registerSecretsInBody(init?.body);
      return fetch.call(this, input, init);
    } as typeof fetch;
  }
}
