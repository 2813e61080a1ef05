import { request } from 'node:http';
import type { Command } from 'commander';

/** GETs the bridge's /healthz on this host; resolves true on a 200 within the timeout. */
export function probeHealth(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/healthz', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
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
      const healthy = await probeHealth(Number(opts.port), Number(opts.timeout));
      if (!healthy) console.error(`bridge on port ${opts.port} is not healthy`);
      process.exitCode = healthy ? 0 : 1;
    });
}
