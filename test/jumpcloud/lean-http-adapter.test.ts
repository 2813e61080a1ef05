import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import axios, { AxiosError } from 'axios';
import { ACCEPTED_ENCODINGS, leanHttpAdapter } from '../../src/jumpcloud/lean-http-adapter';

const USER = { _id: '5f0c1b2a3d4e5f6a7b8c9d0e', username: 'ada', email: 'ada@example.com', note: 'é ü 漢字' };
const ENCODED: Record<string, (body: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, 'raw-deflate': deflateRawSync, br: brotliCompressSync };

/**
 * The JumpCloud client's lean axios adapter (issue 13) against a real HTTP server: what it sends,
 * how it decodes, and how it fails, in the shapes the transport relies on (axios responses and
 * AxiosErrors with the socket's code).
 */
describe('lean http adapter', () => {
  let server: Server;
  let base: string;
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        const path = req.url ?? '';
        if (path.startsWith('/encoded/')) {
          const coding = path.slice('/encoded/'.length);
          res.setHeader('content-type', 'application/json');
          res.setHeader('content-encoding', coding === 'raw-deflate' ? 'deflate' : coding);
          res.end((ENCODED[coding] as (b: Buffer) => Buffer)(Buffer.from(JSON.stringify(USER))));
        } else if (path === '/redirect') {
          res.writeHead(302, { location: '/login' }).end('');
        } else if (path === '/trickle') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"a":');
          // The rest never comes within the client's timeout, though bytes did arrive.
          setTimeout(() => res.end('1}'), 400).unref();
        } else if (path === '/reset') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"partial":');
          setImmediate(() => res.socket?.destroy());
        } else if (path === '/error') {
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' }).end(JSON.stringify({ message: 'Service Unavailable' }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body === '' ? USER : { echoed: JSON.parse(body) as unknown }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (extra: Record<string, unknown> = {}) =>
    axios.create({ adapter: leanHttpAdapter(), proxy: false, maxRedirects: 0, validateStatus: () => true, responseType: 'json', headers: { 'x-api-key': 'k', Accept: 'application/json' }, transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: true }, ...extra });

  it('sends the method, headers, a JSON body with its length, and asks for compressed answers', async () => {
    seen.length = 0;
    const answer = await client().request({ method: 'POST', url: `${base}/api/systemusers`, data: { username: 'zoë' } });
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ echoed: { username: 'zoë' } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/systemusers', body: '{"username":"zoë"}' });
    expect(seen[0]?.headers).toMatchObject({ 'x-api-key': 'k', 'content-type': 'application/json', 'content-length': String(Buffer.byteLength('{"username":"zoë"}')), 'accept-encoding': ACCEPTED_ENCODINGS });
  });

  it.each(Object.keys(ENCODED))('decodes a %s answer', async (coding) => {
    const answer = await client().get(`${base}/encoded/${coding}`);
    expect(answer.data).toEqual(USER);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it('hands a redirect back as an answer (never followed) and an error status with its headers', async () => {
    const redirect = await client().get(`${base}/redirect`);
    expect(redirect.status).toBe(302);
    const error = await client().get(`${base}/error`);
    expect(error.status).toBe(503);
    expect(error.headers['retry-after']).toBe('7');
    expect(error.data).toEqual({ message: 'Service Unavailable' });
  });

  it('times out the whole attempt (ETIMEDOUT) even while bytes trickle in', async () => {
    const started = Date.now();
    const failure = await client({ timeout: 100 }).get(`${base}/trickle`).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AxiosError);
    expect((failure as AxiosError).code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(380);
  });

  it('fails with the socket code when the connection drops mid-answer, and with ECONNREFUSED when nobody listens', async () => {
    const dropped = await client().get(`${base}/reset`).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(AxiosError);
    expect(['ECONNRESET', 'ERR_BAD_RESPONSE']).toContain((dropped as AxiosError).code);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await client().get(`http://127.0.0.1:${port}/x`).catch((e: unknown) => e);
    expect((refused as AxiosError).code).toBe('ECONNREFUSED');
  });

  it('leaves what it does not serve (a proxy from the environment, query params) to axios own adapter', async () => {
    seen.length = 0;
    const answer = await client({ proxy: undefined }).get(`${base}/api/systemusers`, { params: { limit: 1 } });
    expect(answer.data).toEqual(USER);
    // axios' own adapter names itself in the User-Agent; the lean one sends none.
    expect(seen[0]?.headers['user-agent']).toMatch(/^axios\//);
    seen.length = 0;
    await client().get(`${base}/api/systemusers`);
    expect(seen[0]?.headers['user-agent']).toBeUndefined();
  });
});
