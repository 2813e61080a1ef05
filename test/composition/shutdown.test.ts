import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { loadConfig } from '../../src/config/load-config';
import { shutDownGracefully } from '../../src/composition/shutdown';
import { InFlightRequests } from '../../src/composition/shutdown-requests';
import { startScannedBridge } from '../support/log-scan/scanned-bridge';
import { captureLogger } from '../support/log-scan/capture-logger';

const TOKEN = 'shutdown-test-scim-token-0123';
const KEY = 'shutdown-test-emulator-key';
const captured = captureLogger();

/** Resolves once the emulator has received a request matching `method` and `path` prefix. */
async function arrived(emulator: RunningEmulator, method: string, path: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (emulator.ctx.requests.list().some((r) => r.method === method && r.path.startsWith(path))) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no ${method} ${path} reached the emulator`);
}

async function slowJumpCloud(emulator: RunningEmulator, latencyMs: number, method: string): Promise<void> {
  const res = await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'PUT',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    body: JSON.stringify([{ latencyMs, method, path: '/api/systemusers' }]),
  });
  expect(res.status).toBe(200);
}

describe('graceful shutdown of the bridge (in process)', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, options: { apiKey: KEY } });
  });
  beforeEach(() => {
    emulator.ctx.reset();
    emulator.ctx.seed({ users: [{ username: 'ada', email: 'ada@example.com' }] });
  });
  afterAll(() => emulator.close());

  const start = (extra: Record<string, string> = {}) =>
    startScannedBridge(loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        SCIM_BEARER_TOKEN: TOKEN,
        JUMPCLOUD_API_KEY: KEY,
        JUMPCLOUD_BASE_URL: emulator.url,
        AUDIT_DB_PATH: ':memory:',
        AUDIT_LOG_FILE: 'off',
        ...extra,
      }));

  it('finishes a request in flight (JumpCloud slow), refuses new connections, then closes', async () => {
    const bridge = await start();
    await slowJumpCloud(emulator, 600, 'GET');
    const inFlight = fetch(`${bridge.scimBaseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await arrived(emulator, 'GET', '/api/systemusers');

    const began = Date.now();
    const closed = bridge.close();
    // The listening socket is closed at once: a new client cannot connect any more.
    await expect(fetch(`${bridge.scimBaseUrl}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${TOKEN}` } })).rejects.toThrow();

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.headers.get('connection')).toBe('close');
    expect(((await res.json()) as { Resources: unknown[] }).Resources).toHaveLength(1);
    await closed;
    expect(Date.now() - began).toBeGreaterThanOrEqual(300);
    // A second close is the same shutdown, not a second one.
    await expect(bridge.close()).resolves.toBeUndefined();
  });

  it('cuts a request still running at SHUTDOWN_TIMEOUT_SECONDS and still closes', async () => {
    const bridge = await start({ SHUTDOWN_TIMEOUT_SECONDS: '1' });
    // Long enough to outlive the 1 s deadline, short enough that the emulator's timer is gone when the file ends.
    await slowJumpCloud(emulator, 1500, 'GET');
    const inFlight = fetch(`${bridge.scimBaseUrl}/Users?count=1`, { headers: { authorization: `Bearer ${TOKEN}` } }).then(
      (res) => res.status,
      () => 'cut' as const,
    );
    await arrived(emulator, 'GET', '/api/systemusers');
    const began = Date.now();
    await bridge.close();
    const took = Date.now() - began;
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(3000);
    expect(await inFlight).toBe('cut');
    // The abandoned handler still waits on JumpCloud: let its answer arrive before the emulator
    // closes, or its client would retry the dropped connection after this file ends.
    await new Promise((resolve) => setTimeout(resolve, 700));
  });
});

describe('shutDownGracefully', () => {
  let server: Server;
  let requests: InFlightRequests;
  let port: number;
  let release: () => void = () => undefined;

  beforeEach(async () => {
    server = createServer((_req, res) => {
      release = () => res.end('done');
    });
    requests = new InFlightRequests(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    if (server.listening) server.close();
    server.closeAllConnections();
  });

  it('closes the steps in order only after the last request, and goes on past a failing step', async () => {
    const order: string[] = [];
    const answer = fetch(`http://127.0.0.1:${port}/`).then((res) => res.text());
    while (requests.count === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const outcome = shutDownGracefully(server, requests, {
      timeoutMs: 5000,
      logger: captured,
      steps: [
        { name: 'change feed', close: () => void order.push('change feed') },
        {
          name: 'broken',
          close: () => {
            throw new Error('boom');
          },
        },
        { name: 'database', close: async () => void order.push('database') },
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual([]);
    release();
    expect(await answer).toBe('done');
    expect(await outcome).toEqual({ drained: true, abandoned: 0, failedSteps: ['broken'] });
    expect(order).toEqual(['change feed', 'database']);
  });

  it('reports the requests it had to abandon at the deadline', async () => {
    const answer = fetch(`http://127.0.0.1:${port}/`).then(
      () => 'answered',
      () => 'cut',
    );
    while (requests.count === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const outcome = await shutDownGracefully(server, requests, { timeoutMs: 100, logger: captured, steps: [] });
    expect(outcome).toEqual({ drained: false, abandoned: 1, failedSteps: [] });
    expect(await answer).toBe('cut');
  });

  it('returns at once when nothing is in flight', async () => {
    const began = Date.now();
    expect(await shutDownGracefully(server, requests, { timeoutMs: 5000, logger: captured, steps: [] })).toEqual({ drained: true, abandoned: 0, failedSteps: [] });
    expect(Date.now() - began).toBeLessThan(1000);
  });
});
