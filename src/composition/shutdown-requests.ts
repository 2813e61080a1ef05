import type { Server, ServerResponse } from 'node:http';

/**
 * Counts the requests a server is still answering, so a shutdown can wait for them (and for the
 * journal writes they settle before answering) instead of cutting them off.
 */
export class InFlightRequests {
  private readonly active = new Set<ServerResponse>();
  private draining = false;
  private waiters: (() => void)[] = [];

  /** Starts counting the server's requests (call before it listens). */
  constructor(server: Server) {
    server.on('request', (_req, res) => {
      this.active.add(res);
      // A request that arrives on a kept-alive connection while draining is still served, but its
      // connection is closed after the answer, so the client reconnects (to another replica).
      if (this.draining) closeAfter(res);
      // 'close' fires after the answer is sent and also when the client goes away mid-answer.
      res.once('close', () => {
        this.active.delete(res);
        if (this.active.size === 0) this.wake();
      });
    });
  }

  /** Requests being answered now. */
  get count(): number {
    return this.active.size;
  }

  /** From now on, every answer closes its connection (no more keep-alive). */
  beginDraining(): void {
    this.draining = true;
    for (const res of this.active) closeAfter(res);
  }

  /** Resolves when no request is in flight (at once if none is). */
  drained(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/** Asks for the connection to be closed after this answer (too late once its headers are out). */
function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
}
