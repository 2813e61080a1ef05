import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createSecureContext } from 'node:tls';
import { ConfigError, type BridgeConfig } from '../config/load-config';

/** Reads one PEM file named by a setting, or fails with a ConfigError naming the setting. */
function readPem(setting: 'TLS_CERT_FILE' | 'TLS_KEY_FILE', path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ConfigError([`${setting}: cannot read "${path}" (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`]);
  }
}

/**
 * The bridge's listening server: HTTPS when TLS_CERT_FILE and TLS_KEY_FILE are set, with
 * TLS_MIN_VERSION (TLSv1.2 at the oldest: the config schema cannot express anything older) and
 * Node's maintained cipher list; plain HTTP otherwise (a TLS-terminating proxy in front). A
 * certificate and key that do not load, or do not belong together, stop the start with a
 * ConfigError rather than a server that fails every handshake.
 */
export function createBridgeServer(app: RequestListener, tls: BridgeConfig['tls']): Server {
  if (!tls) return createHttpServer(app);
  const cert = readPem('TLS_CERT_FILE', tls.certFile);
  const key = readPem('TLS_KEY_FILE', tls.keyFile);
  try {
    // Builds the context once up front: OpenSSL checks the PEM syntax and that the key matches the certificate.
    createSecureContext({ cert, key, minVersion: tls.minVersion });
  } catch (err) {
    throw new ConfigError([`TLS_CERT_FILE and TLS_KEY_FILE: not a usable PEM certificate and matching private key (${(err as Error).message})`]);
  }
  return createHttpsServer({ cert, key, minVersion: tls.minVersion, honorCipherOrder: true }, app);
}
