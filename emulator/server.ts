import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createEmulator, type EmulatorSeams } from './app';
import type { EmulatorContext, EmulatorOptions, SeedDocument } from './context';

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43121` (no trailing slash). */
  url: string;
  port: number;
  ctx: EmulatorContext;
  /** Stops listening and destroys open keep-alive sockets, so a test process can exit. */
  close(): Promise<void>;
}

/**
 * Starts an emulator on `host` (default 127.0.0.1) and `port` (default 0: an ephemeral port),
 * loading `seed` first when given; `seams` replaces test seams such as the fault dice.
 */
export async function startEmulator(
  opts: { port?: number; host?: string; options?: Partial<EmulatorOptions>; seed?: SeedDocument; seams?: EmulatorSeams } = {},
): Promise<RunningEmulator> {
  const { app, ctx } = createEmulator(opts.options, opts.seams);
  if (opts.seed) ctx.seed(opts.seed);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(app);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, opts.port ?? 0, host);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    ctx,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}
