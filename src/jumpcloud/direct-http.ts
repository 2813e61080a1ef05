import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';

/** Content codings asked for and undone (axios' list, less the legacy ones). */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

/** One HTTP exchange as the transport describes it. */
export interface DirectRequest {
  method: string;
  /** Absolute http(s) URL. */
  url: string;
  headers: Record<string, string>;
  /** A JSON body, serialized here; undefined = none. */
  body?: unknown;
  timeoutMs: number;
}

/** The answer: status, lower-cased headers, the body parsed as JSON (or the text when it is not JSON). */
export interface DirectAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  data: unknown;
}

/** A failure with the code the transport classifies by (ECONNRESET, ECONNREFUSED, ETIMEDOUT, ...). */
export class DirectHttpError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'DirectHttpError';
  }
}

type Decoder = (body: Buffer, done: (error: Error | null, result: Buffer) => void) => void;

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  // RFC 9110 says zlib-wrapped; some servers send raw deflate: try both, as axios does.
  deflate: (body, done) => inflate(body, (error, result) => (error ? inflateRaw(body, done) : done(null, result))),
  br: brotliDecompress,
};

/**
 * One JumpCloud call on node:http(s) and the global keep-alive agents: a JSON body with its
 * length, the whole attempt (answer body included) inside `timeoutMs` by a wall-clock timer,
 * redirects handed back as answers (never followed), gzip/deflate/br undone, the body parsed as
 * JSON when it is JSON (axios' `responseType: 'json'` with silent parsing: other text stays text).
 *
 * Hand-written because axios, for this client's one kind of call, cost about 0.13-0.2 ms of CPU
 * per call in config merging, header objects, transforms and stream plumbing (measured beside a
 * bare node:http call in one run, issue 13): a fifth of a one-call GET. axios still carries every
 * call that an environment proxy (HTTPS_PROXY) applies to (`transport.ts`).
 */
export function directExchange(request: DirectRequest): Promise<DirectAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const headers: Record<string, string> = { ...request.headers, 'Accept-Encoding': ACCEPTED_ENCODINGS };
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const fail = (error: DirectHttpError): void => {
      if (settle()) reject(error);
    };
    const succeed = (answer: DirectAnswer): void => {
      if (settle()) resolve(answer);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: request.method, headers }, (res) => receive(req, res, succeed, fail));
    req.on('error', (error: NodeJS.ErrnoException) => fail(new DirectHttpError(error.message, error.code ?? 'ERR_NETWORK')));
    const timer = setTimeout(() => {
      const error = new DirectHttpError(`timeout of ${request.timeoutMs}ms exceeded`, 'ETIMEDOUT');
      fail(error);
      req.destroy(error);
    }, request.timeoutMs);
    req.end(body);
  });
}

function receive(req: ClientRequest, res: IncomingMessage, succeed: (answer: DirectAnswer) => void, fail: (error: DirectHttpError) => void): void {
  const chunks: Buffer[] = [];
  let length = 0;
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  });
  res.on('aborted', () => fail(new DirectHttpError('the connection closed before the answer was complete', 'ECONNRESET')));
  res.on('error', (error: NodeJS.ErrnoException) => fail(new DirectHttpError(error.message, error.code ?? 'ECONNRESET')));
  res.on('end', () => {
    const raw = Buffer.concat(chunks, length);
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const decoder = raw.length > 0 ? DECODERS[encoding] : undefined;
    const finish = (error: Error | null, decoded: Buffer): void => {
      if (error) {
        fail(new DirectHttpError(`the answer could not be decoded (${encoding})`, 'ERR_BAD_RESPONSE'));
        req.destroy();
        return;
      }
      const headers = { ...res.headers };
      if (decoder) delete headers['content-encoding'];
      succeed({ status: res.statusCode ?? 0, headers, data: parsedBody(decoded.toString('utf8')) });
    };
    if (decoder) decoder(raw, finish);
    else finish(null, raw);
  });
}

/** JSON when it parses, the text otherwise (a proxy's HTML error page must still classify by status). */
function parsedBody(text: string): unknown {
  if (text === '') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
