import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip, inflate, inflateRaw } from 'node:zlib';
import axios, { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/** Content codings the lean adapter asks for and undoes (axios' own list, less the legacy ones). */
export const ACCEPTED_ENCODINGS = 'gzip, deflate, br';

type Decoder = (body: Buffer, done: (error: Error | null, result: Buffer) => void) => void;

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  // RFC 9110 says zlib-wrapped; some servers send raw deflate: try both, as axios does.
  deflate: (body, done) => inflate(body, (error, result) => (error ? inflateRaw(body, done) : done(null, result))),
  br: brotliDecompress,
};

/** Whether the lean path can serve this request exactly as axios' http adapter would. */
function leanPathApplies(config: InternalAxiosRequestConfig): boolean {
  return (
    config.proxy === false &&
    (config.data === undefined || typeof config.data === 'string') &&
    config.params === undefined &&
    config.socketPath === undefined &&
    config.httpAgent === undefined &&
    config.httpsAgent === undefined &&
    typeof config.url === 'string' &&
    /^https?:\/\//i.test(config.url)
  );
}

/** The timeout error axios gives with `transitional.clarifyTimeoutError` (the transport reads its code). */
function timeoutError(config: InternalAxiosRequestConfig, req: ClientRequest): AxiosError {
  return new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ETIMEDOUT, config, req);
}

/**
 * An axios adapter for the JumpCloud client's one kind of call: an absolute http(s) URL, a JSON
 * string or no body, no proxy (the environment's proxy, when there is one, goes to axios' own
 * adapter), keep-alive sockets of Node's global agents, a timeout per attempt, redirects never
 * followed (they come back as answers), gzip/deflate/br undone. Hand-written because axios' http
 * adapter cost about 0.1 ms of CPU per call in stream plumbing this client never uses (measured
 * beside it in one run, issue 13); axios keeps its config, headers, transforms and errors, so the
 * transport and its tests see axios as before (`test/jumpcloud/lean-http-adapter.test.ts`).
 */
export function leanHttpAdapter(): AxiosAdapter {
  const fallback = axios.getAdapter('http');
  return (config) => (leanPathApplies(config) ? send(config) : fallback(config));
}

function send(config: InternalAxiosRequestConfig): Promise<AxiosResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(config.url as string);
    const headers = AxiosHeaders.from(config.headers).toJSON(true) as Record<string, string>;
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'accept-encoding')) headers['Accept-Encoding'] = ACCEPTED_ENCODINGS;
    const body = config.data as string | undefined;
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const fail = (error: AxiosError): void => {
      if (settle()) reject(error);
    };
    const succeed = (response: AxiosResponse): void => {
      if (settle()) resolve(response);
    };
    const req = requestFn(url, { method: (config.method ?? 'get').toUpperCase(), headers }, (res) => receive(config, req, res, succeed, fail));
    req.on('error', (error: NodeJS.ErrnoException) => fail(AxiosError.from(error, error.code, config, req)));
    if (config.timeout) {
      // The whole attempt, answer body included, within the timeout (a wall-clock timer, not the
      // socket's idle timer: a trickling answer must not outlive the attempt's share of the budget).
      timer = setTimeout(() => {
        const error = timeoutError(config, req);
        fail(error);
        req.destroy(error);
      }, config.timeout);
    }
    req.end(body);
  });
}

function receive(
  config: InternalAxiosRequestConfig,
  req: ClientRequest,
  res: IncomingMessage,
  resolve: (response: AxiosResponse) => void,
  fail: (error: AxiosError) => void,
): void {
  const chunks: Buffer[] = [];
  let length = 0;
  const limit = config.maxContentLength ?? -1;
  res.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    if (limit > -1 && length > limit) {
      fail(new AxiosError(`maxContentLength size of ${limit} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, req));
      req.destroy();
    }
  });
  res.on('aborted', () => fail(new AxiosError('stream has been aborted', AxiosError.ERR_BAD_RESPONSE, config, req)));
  res.on('error', (error: NodeJS.ErrnoException) => fail(AxiosError.from(error, error.code, config, req)));
  res.on('end', () => {
    const raw = Buffer.concat(chunks, length);
    const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
    const decoder = raw.length > 0 && config.decompress !== false ? DECODERS[encoding] : undefined;
    const finish = (error: Error | null, decoded: Buffer): void => {
      if (error) {
        fail(AxiosError.from(error, AxiosError.ERR_BAD_RESPONSE, config, req));
        return;
      }
      const headers = { ...res.headers };
      if (decoder) delete headers['content-encoding'];
      const response: AxiosResponse = { data: decoded.toString('utf8'), status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, config, request: req };
      const validate = config.validateStatus;
      if (!response.status || !validate || validate(response.status)) {
        resolve(response);
      } else {
        fail(new AxiosError(`Request failed with status code ${response.status}`, response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST, config, req, response));
      }
    };
    if (decoder) decoder(raw, finish);
    else finish(null, raw);
  });
}
