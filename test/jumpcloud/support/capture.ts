import nock from 'nock';

/** One request as nock saw it: raw path with query string, lower-cased headers, parsed body. */
export interface Captured {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A reply: status, body, headers. */
export type Reply = [number, unknown?, Record<string, string>?];

/**
 * Intercepts `count` requests of any method/path on `origin`, records each, and answers with the
 * replies in order (the last one repeats).
 */
export function captureAll(origin: string, replies: Reply[], count = replies.length): Captured[] {
  const seen: Captured[] = [];
  let index = 0;
  const reply = function (this: { req: { headers: Record<string, string | string[] | undefined> } }, method: string) {
    return (path: string, body: unknown): [number, unknown, Record<string, string>] => {
      seen.push({ method, path, headers: { ...this.req.headers }, body: body === '' ? undefined : body });
      const answer = replies[Math.min(index, replies.length - 1)] as Reply;
      index += 1;
      return [answer[0], answer[1] ?? '', answer[2] ?? {}];
    };
  };
  for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
    nock(origin)
      .intercept(/.*/, method)
      .times(count)
      .reply(function (path, body) {
        return reply.call(this as never, method)(path, body);
      });
  }
  return seen;
}

/** A socket-level error as node raises it (nock 14 needs an Error instance, not a plain object). */
export function socketError(code: string, message = `read ${code}`): Error {
  return Object.assign(new Error(message), { code });
}
