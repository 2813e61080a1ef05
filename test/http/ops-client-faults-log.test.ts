import { connect } from 'node:net';
import cases from './ops-client-faults-log.cases.json';
import { OPS_SCIM_TOKEN, capturingLogger, startOpsBridge, type OpsBridge } from './ops-support';

/**
 * Writes `head` and `body` on a raw socket, then either destroys it (a client that goes away) or
 * waits for the server to close it (after its answer to a malformed request).
 */
function rawExchange(url: URL, text: string, end: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(text, () => {
        if (end === 'destroy') setTimeout(() => socket.destroy(), 50);
      });
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

/** Waits until `check` holds or `ms` have passed. */
async function eventually(check: () => boolean, ms = 2000): Promise<void> {
  for (const stop = Date.now() + ms; !check() && Date.now() < stop; ) await new Promise((r) => setTimeout(r, 20));
}

describe('a client that breaks its own request is logged as a client fault, not a server error', () => {
  let ops: OpsBridge;
  let captured: ReturnType<typeof capturingLogger>;
  beforeAll(async () => {
    captured = capturingLogger();
    ops = await startOpsBridge({}, { logger: captured.logger });
  });
  afterAll(() => ops.close());

  it.each(cases)('$name: one info/warn line without a stack, never level error', async ({ head, body, end }) => {
    const url = new URL(ops.bridge.scimBaseUrl);
    const from = captured.lines.length;
    await rawExchange(url, head.replace('{base}', url.pathname).replace('{token}', OPS_SCIM_TOKEN) + body, end);
    const aboutIt = (): Record<string, unknown>[] => captured.lines.slice(from).filter((line) => line.level !== 'debug' && line.level !== 'http');
    await eventually(() => aboutIt().length > 0);
    // Give a late error line the chance to appear before concluding there is none.
    await new Promise((r) => setTimeout(r, 100));
    const lines = aboutIt();
    expect(lines.filter((line) => line.status === 400 && line.message === 'request rejected')).toHaveLength(1);
    for (const line of lines) {
      expect(['info', 'warn']).toContain(line.level);
      expect(JSON.stringify(line)).not.toMatch(/stack|\n\s+at /);
    }
    // The bridge keeps serving.
    await ops.scim('get', '/Users?count=1').expect(200);
  });
});
