import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { ACCEPTED_ENCODINGS, DirectHttpError, directExchange } from '../../src/jumpcloud/direct-http';

const USER = { _id: '5f0c1b2a3d4e5f6a7b8c9d0e', username: 'ada', email: 'ada@example.com', note: 'é ü 漢字' };
const ENCODED: Record<string, (body: Buffer) => Buffer> = { gzip: gzipSync, deflate: deflateSync, 'raw-deflate': deflateRawSync, br: brotliCompressSync };

/**
 * The JumpCloud client's direct HTTP exchange (issue 13) against a real HTTP server: what it
 * sends, how it decodes and parses, and how it fails (with the socket's code, which the transport
 * classifies retries by).
 */
describe('direct HTTP exchange', () => {
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
        } else if (path === '/corrupt') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('not gzip at all');
        } else if (path === '/redirect') {
          res.writeHead(302, { location: '/login' }).end('<html>login</html>');
        } else if (path === '/trickle') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"a":');
          // The rest never comes within the caller's timeout, though bytes did arrive.
          setTimeout(() => res.end('1}'), 400).unref();
        } else if (path === '/reset') {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
          res.write('{"partial":');
          setImmediate(() => res.socket?.destroy());
        } else if (path === '/error') {
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '7' }).end(JSON.stringify({ message: 'Service Unavailable' }));
        } else if (path === '/empty') {
          res.writeHead(204).end();
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body === '' ? USER : { echoed: JSON.parse(body) as unknown }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const exchange = (path: string, extra: { method?: string; body?: unknown; timeoutMs?: number } = {}) =>
    directExchange({ method: extra.method ?? 'GET', url: `${base}${path}`, headers: { 'x-api-key': 'k', Accept: 'application/json' }, body: extra.body, timeoutMs: extra.timeoutMs ?? 2000 });

  it('sends the method, headers and a JSON body with its length, asks for compressed answers, and parses the JSON answer', async () => {
    seen.length = 0;
    const answer = await exchange('/api/systemusers', { method: 'POST', body: { username: 'zoë' } });
    expect(answer).toMatchObject({ status: 200, data: { echoed: { username: 'zoë' } } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/api/systemusers', body: '{"username":"zoë"}' });
    expect(seen[0]?.headers).toMatchObject({ 'x-api-key': 'k', 'content-length': String(Buffer.byteLength('{"username":"zoë"}')), 'accept-encoding': ACCEPTED_ENCODINGS });
  });

  it.each(Object.keys(ENCODED))('decodes a %s answer', async (coding) => {
    const answer = await exchange(`/encoded/${coding}`);
    expect(answer.data).toEqual(USER);
    expect(answer.headers['content-encoding']).toBeUndefined();
  });

  it('hands a redirect back as an answer with its text (never followed), an error status with its headers, and an empty body as ""', async () => {
    expect(await exchange('/redirect')).toMatchObject({ status: 302, data: '<html>login</html>' });
    const error = await exchange('/error');
    expect(error).toMatchObject({ status: 503, data: { message: 'Service Unavailable' } });
    expect(error.headers['retry-after']).toBe('7');
    expect(await exchange('/empty')).toMatchObject({ status: 204, data: '' });
  });

  it('times out the whole attempt (ETIMEDOUT) even while bytes trickle in', async () => {
    const started = Date.now();
    const failure = await exchange('/trickle', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DirectHttpError);
    expect((failure as DirectHttpError).code).toBe('ETIMEDOUT');
    expect(Date.now() - started).toBeLessThan(380);
  });

  it('fails with the socket code when the connection drops mid-answer or nobody listens, and ERR_BAD_RESPONSE on a body that does not decode', async () => {
    expect(((await exchange('/reset').catch((e: unknown) => e)) as DirectHttpError).code).toBe('ECONNRESET');
    expect(((await exchange('/corrupt').catch((e: unknown) => e)) as DirectHttpError).code).toBe('ERR_BAD_RESPONSE');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await directExchange({ method: 'GET', url: `http://127.0.0.1:${port}/x`, headers: {}, timeoutMs: 2000 }).catch((e: unknown) => e);
    expect((refused as DirectHttpError).code).toBe('ECONNREFUSED');
  });
});
