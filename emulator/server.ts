import { createServer, type RequestListener, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createEmulator, type EmulatorSeams } from './app';
import type { EmulatorContext, EmulatorOptions, SeedDocument } from './context';
import { createMultiOrgEmulator, type MultiOrgSeams } from './multi-org/front';
import type { MultiOrgConfig } from './multi-org/multi-org-config';

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43121` (no trailing slash). */
  url: string;
  port: number;
  ctx: EmulatorContext;
  /** Stops listening and destroys open keep-alive sockets, so a test process can exit. */
  close(): Promise<void>;
}

/** A running multi-organisation emulator (`startMultiOrgEmulator`). */
export interface RunningMultiOrgEmulator {
  /** Base URL, e.g. `http://127.0.0.1:43121` (no trailing slash). */
  url: string;
  port: number;
  /** The provider (multi-tenant administrator) key: the configured one, else a random one. */
  providerKey: string;
  /** The ids of the organisations served (lower-case), in configuration order. */
  organizationIds(): string[];
  /** The context of organisation `id` (any hex case); throws for an id it does not serve. */
  org(id: string): EmulatorContext;
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
  const listening = await listenOn(app, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return { ...listening, ctx };
}

/**
 * Starts an emulator of several organisations (`createMultiOrgEmulator`: one whole emulator per
 * organisation behind a front choosing it by `x-api-key` and `x-org-id`) on `host` (default
 * 127.0.0.1) and `port` (default 0). Throws on an invalid configuration before listening.
 */
export async function startMultiOrgEmulator(
  opts: MultiOrgConfig & { port?: number; host?: string; seams?: MultiOrgSeams },
): Promise<RunningMultiOrgEmulator> {
  const { port, host, seams, ...config } = opts;
  const front = createMultiOrgEmulator(config, seams);
  const listening = await listenOn(front.app, port ?? 0, host ?? '127.0.0.1');
  return {
    ...listening,
    providerKey: front.providerKey,
    organizationIds: () => [...front.organizations.keys()],
    org(id) {
      const emulator = front.organizations.get(id.toLowerCase());
      if (!emulator) throw new Error(`the emulator serves no organisation ${id}`);
      return emulator.ctx;
    },
  };
}

/** Listens with `handler`; answers the URL and a close that does not wait for keep-alive sockets. */
async function listenOn(handler: RequestListener, port: number, host: string): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const server = createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listen(server, port, host);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the emulator is not listening on a TCP port');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
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
