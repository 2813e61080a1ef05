import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Command } from 'commander';

/**
 * GETs the bridge's /healthz on this host; resolves true on a 200 within the timeout. With
 * `tls` it speaks HTTPS to loopback without verifying the certificate: the probe checks that the
 * process answers, and the certificate is issued for the public name, not 127.0.0.1.
 */
export function probeHealth(port: number, timeoutMs: number, tls = false): Promise<boolean> {
  return new Promise((resolve) => {
    const options = { host: '127.0.0.1', port, path: '/healthz', timeout: timeoutMs };
    const onResponse = (res: import('node:http').IncomingMessage): void => {
      res.resume();
      resolve(res.statusCode === 200);
    };
    const req = tls ? httpsRequest({ ...options, rejectUnauthorized: false }, onResponse) : httpRequest(options, onResponse);
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** `healthcheck`: exit 0 when the local bridge answers /healthz (the image's HEALTHCHECK; slim images have no curl). */
export function registerHealthcheck(program: Command): void {
  program
    .command('healthcheck')
    .description('exit 0 if the bridge on this host answers /healthz (for container health checks)')
    .option('--port <port>', 'the bridge port', process.env.PORT ?? '8080')
    .option('--timeout <ms>', 'how long to wait', '3000')
    .action(async (opts: { port: string; timeout: string }) => {
      const healthy = await probeHealth(Number(opts.port), Number(opts.timeout), Boolean(process.env.TLS_CERT_FILE));
      if (!healthy) console.error(`bridge on port ${opts.port} is not healthy`);
      process.exitCode = healthy ? 0 : 1;
    });
}
