import { once } from 'node:events';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import express from 'express';
import { ClientConcurrency, clientConcurrencyLimit } from '../../src/http/limits-client-concurrency';

const CLIENT = 'bearer#1';

/** Waits until `check` holds or `ms` have passed. */
async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  for (const stop = Date.now() + ms; !check() && Date.now() < stop; ) await new Promise((r) => setTimeout(r, 10));
}

/** An app whose one route waits for `release()` and then ends its response the way `how` says. */
async function startApp(limiter: ClientConcurrency, how: 'json' | 'destroy' | 'never', holdAfterCloseMs: number) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const app = express();
  app.use((_req, res, next) => {
    res.locals.client = CLIENT;
    next();
  });
  app.use(clientConcurrencyLimit(limiter, { holdAfterCloseMs }));
  app.get('/work', async (_req, res) => {
    await released;
    if (how === 'json') res.json({ done: true });
    else if (how === 'destroy') res.destroy();
  });
  const server: Server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  /** Sends GET /work on a raw socket and drops the connection after 30 ms. */
  const abandon = (): Promise<void> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('GET /work HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
        setTimeout(() => socket.destroy(), 30);
      });
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
    });
  return { abandon, release, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('clientConcurrencyLimit: a slot is held until the bridge ends its response, not until the client leaves', () => {
  it.each(['json', 'destroy'] as const)('client gone, work still running: the slot is held; the handler ends (%s): the slot is freed', async (how) => {
    const limiter = new ClientConcurrency(1);
    const app = await startApp(limiter, how, 60_000);
    try {
      await app.abandon();
      // The server has seen the close by now; the work goes on and keeps its slot.
      await new Promise((r) => setTimeout(r, 50));
      expect(limiter.count(CLIENT)).toBe(1);
      app.release();
      await eventually(() => limiter.count(CLIENT) === 0);
      expect(limiter.count(CLIENT)).toBe(0);
    } finally {
      app.release();
      await app.close();
    }
  });

  it('a handler that never ends its response frees the slot holdAfterCloseMs after the client left', async () => {
    const limiter = new ClientConcurrency(1);
    const app = await startApp(limiter, 'never', 600);
    try {
      await app.abandon();
      await new Promise((r) => setTimeout(r, 50));
      expect(limiter.count(CLIENT)).toBe(1);
      await eventually(() => limiter.count(CLIENT) === 0, 3000);
      expect(limiter.count(CLIENT)).toBe(0);
    } finally {
      app.release();
      await app.close();
    }
  });
});
