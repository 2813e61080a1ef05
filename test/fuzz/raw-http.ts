import { connect } from 'node:net';

/** One request exactly as written on the wire: nothing is validated or normalised. */
export interface RawRequest {
  method: string;
  /** The request target as sent (may be malformed on purpose). */
  target: string;
  /** Header lines as sent, in order; a value may hold anything but CR/LF. */
  headers: [string, string][];
  /** The body bytes; `Content-Length` is added unless a header already frames the body. */
  body?: Buffer;
  /**
   * Half-close after writing (a client that sent all it will send). Node's server then aborts a
   * request still in progress, so only requests with broken framing (which would otherwise wait
   * for bytes that never come) use it.
   */
  halfClose?: boolean;
}

/** What came back; `status` 0 when the server closed the connection without an answer. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connect to the end of the answer. */
  elapsedMs: number;
}

/**
 * Sends one request on its own connection (`Connection: close`) and reads the answer to the end.
 * Written by hand because Node's HTTP clients refuse the malformed requests a fuzzer must send
 * (bad header values, wrong framing, invalid targets).
 */
export function sendRaw(port: number, request: RawRequest, timeoutMs = 15_000): Promise<RawResponse> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${request.method} ${request.target}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is the server closing: read what came
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ ...parseResponse(Buffer.concat(chunks)), elapsedMs: performance.now() - started });
    });
    socket.on('connect', () => (request.halfClose ? socket.end(serialise(request)) : socket.write(serialise(request))));
  });
}

function serialise(request: RawRequest): Buffer {
  const names = new Set(request.headers.map(([name]) => name.toLowerCase()));
  const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`)];
  if (!names.has('host')) lines.push('Host: 127.0.0.1');
  if (!names.has('connection')) lines.push('Connection: close');
  if (request.body && !names.has('content-length') && !names.has('transfer-encoding')) lines.push(`Content-Length: ${request.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body ?? Buffer.alloc(0)]);
}

/** Parses one HTTP/1.1 answer (Content-Length, chunked, or read to close). */
export function parseResponse(raw: Buffer): Omit<RawResponse, 'elapsedMs'> {
  // Interim answers (100 Continue to `Expect: 100-continue`) come first: the final one follows.
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 16).toString('latin1'))) {
    const interimEnd = raw.indexOf('\r\n\r\n');
    if (interimEnd < 0) break;
    raw = raw.subarray(interimEnd + 4);
  }
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) return { status: 0, headers: {}, body: '' };
  const [statusLine = '', ...headerLines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') body = dechunk(body);
  else if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < data.length) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
