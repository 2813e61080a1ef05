import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

/** One request as it crossed the wire: the raw URL (exact query encoding) and the raw body. */
export interface WireRequest {
  method: string;
  /** Path and raw query string, exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body text ('' when none). */
  body: string;
}

/** A running proxy. */
export interface RecordingProxy {
  url: string;
  requests: WireRequest[];
  close(): Promise<void>;
}

/**
 * A transparent HTTP proxy on 127.0.0.1 (ephemeral port) in front of `target`, recording every
 * request byte-exact. The client under test talks to it as if it were JumpCloud; answers come
 * from the target (the emulator), so the client sees realistic responses.
 */
export async function startRecordingProxy(target: { host: string; port: number }): Promise<RecordingProxy> {
  const requests: WireRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: body.toString('utf8') });
      const upstream = httpRequest({ host: target.host, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, connection: 'close' } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502).end();
      });
      upstream.end(body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('recording proxy is not on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}
