import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import winston from 'winston';
import type { Router } from 'express';
import { createApp } from '../../src/http/app';
import { createLogger } from '../../src/logging/logger';

/** A bridge app served from the benchmark's own process, so its internals can be read directly. */
export interface InProcessBridge {
  /** The SCIM base URL, e.g. http://127.0.0.1:PORT/scim/v2. */
  base: string;
  /** An authenticated SCIM call with the SCIM media type. */
  scim(path: string, init?: RequestInit): Promise<Response>;
  close(): void;
}

/** Serves `router` at `basePath` on an ephemeral loopback port, behind the bridge's real app. */
export async function startInProcessBridge(router: Router, basePath: string, token: string): Promise<InProcessBridge> {
  const logger = createLogger({ level: 'warn', transports: [new winston.transports.Console({ silent: true })] });
  const app = createApp({ logger, health: { jumpcloud: 'emulator', version: 'bench' }, readiness: async () => ({ ready: true, checks: {} }), scim: { basePath, router } });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;
  return {
    base,
    scim: (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', ...init.headers } }),
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** `--name N` from the command line, a positive whole number, else `fallback`. */
export function numberArgument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive whole number`);
  return value;
}
