import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type SecureVersion } from 'node:tls';
import request from 'supertest';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import type { RunningBridge } from '../../src/composition/start-bridge';
import { createBridgeServer } from '../../src/composition/tls-server';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';

/**
 * A throw-away self-signed certificate for 127.0.0.1, made by the openssl CLI (node:crypto cannot
 * write X.509 certificates). Test material only: generated per run, deleted afterwards.
 */
function selfSigned(dir: string, name: string): { certFile: string; keyFile: string; cert: Buffer } {
  const certFile = join(dir, `${name}.cert.pem`);
  const keyFile = join(dir, `${name}.key.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile, cert: readFileSync(certFile) };
}

/** Listens a server from createBridgeServer on 127.0.0.1 and records the handshake errors it sees. */
async function listenTls(server: Server): Promise<{ port: number; serverErrors: string[] }> {
  const serverErrors: string[] = [];
  server.on('tlsClientError', (err: NodeJS.ErrnoException) => serverErrors.push(err.code ?? err.message));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { port: (server.address() as AddressInfo).port, serverErrors };
}

/** One handshake at exactly `version`; resolves the protocol agreed or the client's error code. */
function handshake(port: number, ca: Buffer, version: SecureVersion): Promise<{ protocol?: string | null; error?: string }> {
  return new Promise((resolve) => {
    // SECLEVEL=0 lets this client offer TLS 1.0/1.1 at all, so a refusal is the server's doing.
    const socket = connect({ host: '127.0.0.1', port, ca, servername: 'localhost', minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' }, () => {
      const protocol = socket.getProtocol();
      socket.end();
      resolve({ protocol });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
  });
}

describe('optional TLS (TLS_CERT_FILE + TLS_KEY_FILE)', () => {
  let dir: string;
  let pair: ReturnType<typeof selfSigned>;
  let other: ReturnType<typeof selfSigned>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bridge-tls-'));
    pair = selfSigned(dir, 'bridge');
    other = selfSigned(dir, 'other');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tlsConfig = (minVersion: 'TLSv1.2' | 'TLSv1.3') => ({ certFile: pair.certFile, keyFile: pair.keyFile, minVersion });

  describe('with the default minimum (TLSv1.2)', () => {
    let server: Server;
    let port: number;
    let serverErrors: string[];
    beforeAll(async () => {
      server = createBridgeServer((_req, res) => res.end('ok'), tlsConfig('TLSv1.2')) as Server;
      ({ port, serverErrors } = await listenTls(server));
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it.each([['TLSv1.2'], ['TLSv1.3']] as const)('accepts a %s handshake', async (version) => {
      expect(await handshake(port, pair.cert, version)).toEqual({ protocol: version });
    });

    it.each([['TLSv1.1'], ['TLSv1']] as const)('refuses %s: the server rejects the client hello (protocol_version alert)', async (version) => {
      serverErrors.length = 0;
      const result = await handshake(port, pair.cert, version);
      expect(result.error).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
      expect(serverErrors).toEqual(['ERR_SSL_UNSUPPORTED_PROTOCOL']);
    });
  });

  it('TLS_MIN_VERSION=TLSv1.3 refuses TLS 1.2', async () => {
    const server = createBridgeServer((_req, res) => res.end('ok'), tlsConfig('TLSv1.3')) as Server;
    const { port } = await listenTls(server);
    try {
      expect((await handshake(port, pair.cert, 'TLSv1.2')).error).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
      expect(await handshake(port, pair.cert, 'TLSv1.3')).toEqual({ protocol: 'TLSv1.3' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it.each([
    ['a missing certificate file', () => ({ certFile: join(dir, 'absent.pem'), keyFile: pair.keyFile }), 'TLS_CERT_FILE: cannot read'],
    ['a missing key file', () => ({ certFile: pair.certFile, keyFile: join(dir, 'absent.pem') }), 'TLS_KEY_FILE: cannot read'],
    ['a key of another certificate', () => ({ certFile: pair.certFile, keyFile: other.keyFile }), 'TLS_CERT_FILE and TLS_KEY_FILE: not a usable PEM certificate and matching private key'],
    ['a file that is not PEM', () => {
      const junk = join(dir, 'junk.pem');
      writeFileSync(junk, 'not a certificate');
      return { certFile: junk, keyFile: pair.keyFile };
    }, 'TLS_CERT_FILE and TLS_KEY_FILE: not a usable PEM certificate'],
  ])('stops the start with a ConfigError for %s', (_name, files, message) => {
    const start = (): unknown => createBridgeServer((_req, res) => res.end(), { ...files(), minVersion: 'TLSv1.2' });
    expect(start).toThrow(ConfigError);
    expect(start).toThrow(message);
  });

  it('reads the settings: both files or neither, and no version below TLSv1.2', () => {
    expect(loadConfig({ TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem' }).tls).toEqual({ certFile: '/c.pem', keyFile: '/k.pem', minVersion: 'TLSv1.2' });
    expect(loadConfig({}).tls).toBeUndefined();
    expect(() => loadConfig({ TLS_CERT_FILE: '/c.pem' })).toThrow('TLS_CERT_FILE and TLS_KEY_FILE: set both or neither');
    expect(() => loadConfig({ TLS_CERT_FILE: '/c.pem', TLS_KEY_FILE: '/k.pem', TLS_MIN_VERSION: 'TLSv1.1' })).toThrow('TLS_MIN_VERSION: must be one of TLSv1.2, TLSv1.3; got "TLSv1.1"');
  });

  describe('startBridge over HTTPS, with OAuth clients', () => {
    let bridge: RunningBridge;
    beforeAll(async () => {
      bridge = await startScannedBridge(loadConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          EMULATOR_PORT: '0',
          AUDIT_DB_PATH: ':memory:',
          AUDIT_LOG_FILE: 'off',
          CHANGEFEED_MODE: 'off',
          TLS_CERT_FILE: pair.certFile,
          TLS_KEY_FILE: pair.keyFile,
          OAUTH_CLIENTS: 'sailpoint:sailpoint-secret-0123456789',
        }));
    });
    afterAll(() => bridge.close());

    it('listens on https:// and sends Strict-Transport-Security', async () => {
      expect(bridge.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await request(bridge.url).get('/healthz').ca(pair.cert).expect(200);
      expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('issues an OAuth token whose use on /Users works end to end', async () => {
      const issued = await request(bridge.url)
        .post('/oauth/token')
        .ca(pair.cert)
        .set('Authorization', `Basic ${Buffer.from('sailpoint:sailpoint-secret-0123456789').toString('base64')}`)
        .type('form')
        .send('grant_type=client_credentials')
        .expect(200);
      const res = await request(bridge.scimBaseUrl).get('/Users?count=1').ca(pair.cert).set('Authorization', `Bearer ${issued.body.access_token}`).expect(200);
      expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    });
  });
});
