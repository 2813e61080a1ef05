import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BridgeConfig } from '../config/load-config';

/**
 * Listens on HOST:PORT (port 0 = an ephemeral port) and resolves, once bound, with the URL an
 * operator can open (a wildcard host shown as localhost; https when the bridge serves TLS).
 */
export function listenOn(server: Server, config: Pick<BridgeConfig, 'port' | 'host' | 'tls'>): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      resolve(`${config.tls ? 'https' : 'http'}://${shownHost}:${port}`);
    });
  });
}
