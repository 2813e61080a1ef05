import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { probeHealth } from '../../src/cli/healthcheck.command';

/** The image's HEALTHCHECK: healthy only on a 200 from /healthz. */
describe('probeHealth', () => {
  let server: Server;
  let status = 200;
  let port = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/healthz' ? status : 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is healthy on a 200, unhealthy otherwise, and when nothing listens', async () => {
    status = 200;
    expect(await probeHealth(port, 2000)).toBe(true);
    status = 503;
    expect(await probeHealth(port, 2000)).toBe(false);
    expect(await probeHealth(1, 500)).toBe(false);
  });

  it('fails (rather than hangs) when a TLS probe meets a plain-HTTP server', async () => {
    status = 200;
    expect(await probeHealth(port, 2000, true)).toBe(false);
  });
});
