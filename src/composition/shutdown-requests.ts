import type { Server } from 'node:http';

/**
 * Counts the requests a server is still answering, so a shutdown can wait for them (and for the
 * journal writes they settle before answering) instead of cutting them off.
 */
export class InFlightRequests {
  private active = 0;
  private draining = false;
  private waiters: (() => void)[] = [];

  /** Starts counting the server's requests (call before it listens). */
  constructor(server: Server) {
    server.on('request', (_req, res) => {
      this.active += 1;
      // A request that arrives on a kept-alive connection while draining is still served, but its
      // connection is closed after the answer, so the client reconnects (to another replica).
      if (this.draining && !res.headersSent) res.setHeader('connection', 'close');
      let done = false;
      // 'close' fires after the answer is sent and also when the client goes away mid-answer.
      res.once('close', () => {
        if (done) return;
        done = true;
        this.active -= 1;
        if (this.active === 0) this.wake();
      });
    });
  }

  /** Requests being answered now. */
  get count(): number {
    return this.active;
  }

  /** From now on, every answer closes its connection (no more keep-alive). */
  beginDraining(): void {
    this.draining = true;
  }

  /** Resolves when no request is in flight (at once if none is). */
  drained(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
