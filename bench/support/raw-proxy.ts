/**
 * The yardstick of `npm run bench`: a raw keep-alive HTTP proxy that passes bytes to one target
 * and back, in its own process. Usage: `node raw-proxy.js <target origin>`; prints
 * `raw proxy listening on http://127.0.0.1:PORT` when ready.
 * Hand-written on node:http so the yardstick does only what any proxy must (parse, pass bytes,
 * reuse connections), with no package's features in its figure and no new dependency.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const target = new URL(process.argv[2] ?? '');
// Keep-alive to the target too, as the bridge's JumpCloud client does.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
    answer.pipe(res);
  });
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`raw proxy listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
