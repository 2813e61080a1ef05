import { ChangeFeed } from '../../src/changefeed';
import type { InsightsPoller, PollResult } from '../../src/changefeed';
import type { ReconciliationScan } from '../../src/changefeed';
import { JumpCloudError } from '../../src/jumpcloud';

const RESULT: PollResult = { events: 0, applied: 0, duplicates: 0, pages: 1, position: '2024-01-01T00:00:00.000Z' };

/** A poller whose polls resolve only when the test says so. */
function gatedPoller() {
  const gates: (() => void)[] = [];
  let calls = 0;
  let fail: unknown;
  const poller = {
    pollOnce: () => {
      calls += 1;
      if (fail) return Promise.reject(fail);
      return new Promise<PollResult>((resolve) => gates.push(() => resolve(RESULT)));
    },
  } as unknown as InsightsPoller;
  return { poller, release: () => gates.splice(0).forEach((open) => open()), calls: () => calls, failWith: (err: unknown) => (fail = err) };
}

const scan = { scanOnce: async () => ({ users: 0, groups: 0, changed: 0, deleted: 0, baseline: true }) } as unknown as ReconciliationScan;

describe('change feed runner', () => {
  it('never overlaps runs: runOnce during a run joins it', async () => {
    const gated = gatedPoller();
    const feed = new ChangeFeed({ mode: 'insights', poller: gated.poller, pollIntervalMs: 10, scanIntervalMs: 10 });
    const a = feed.runOnce();
    const b = feed.runOnce();
    expect(a).toBe(b);
    gated.release();
    await a;
    expect(gated.calls()).toBe(1);
  });

  it('stop() waits for the run in progress and no run starts after it', async () => {
    const gated = gatedPoller();
    const feed = new ChangeFeed({ mode: 'insights', poller: gated.poller, pollIntervalMs: 5, scanIntervalMs: 5 });
    feed.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gated.calls()).toBe(1);
    let stopped = false;
    const stopping = feed.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped).toBe(false);
    gated.release();
    await stopping;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(gated.calls()).toBe(1);
  });

  it('a failing poll is logged, reported in the status, and retried at the next interval without crashing', async () => {
    const gated = gatedPoller();
    gated.failWith(new JumpCloudError({ kind: 'http', status: 502, message: 'Bad Gateway', method: 'POST', path: '/insights/directory/v1/events' }));
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as never;
    const feed = new ChangeFeed({ mode: 'insights', poller: gated.poller, pollIntervalMs: 5, scanIntervalMs: 5, logger });
    feed.start();
    // Wait for the retry itself, not a fixed time: a busy CI machine delays 5 ms timers a lot.
    for (const started = Date.now(); gated.calls() < 2 && Date.now() - started < 5000; ) await new Promise((resolve) => setTimeout(resolve, 5));
    await feed.stop();
    expect(gated.calls()).toBeGreaterThanOrEqual(2);
    expect(warnings.length).toBe(gated.calls());
    expect(feed.status()).toMatchObject({ mode: 'insights', lastError: 'JumpCloud answered HTTP 502 (http)', consecutiveFailures: gated.calls() });
    expect(feed.status().lastSuccessAt).toBeUndefined();
  });

  it('only auto falls back to the scan; insights keeps failing loudly on a 403', async () => {
    const forbidden = new JumpCloudError({ kind: 'http', status: 403, message: 'Forbidden', method: 'POST', path: '/insights/directory/v1/events' });
    const strict = gatedPoller();
    strict.failWith(forbidden);
    const insights = new ChangeFeed({ mode: 'insights', poller: strict.poller, scan, pollIntervalMs: 5, scanIntervalMs: 5 });
    await expect(insights.runOnce()).rejects.toBe(forbidden);
    expect(insights.mode).toBe('insights');
    const auto = new ChangeFeed({ mode: 'auto', poller: strict.poller, scan, pollIntervalMs: 5, scanIntervalMs: 5 });
    await expect(auto.runOnce()).resolves.toMatchObject({ feed: 'scan' });
    expect(auto.status()).toMatchObject({ configuredMode: 'auto', mode: 'scan', runs: 1 });
    expect(auto.status().lastError).toBeUndefined();
    const off = new ChangeFeed({ mode: 'off', pollIntervalMs: 5, scanIntervalMs: 5 });
    off.start();
    expect(off.status()).toEqual({ configuredMode: 'off', mode: 'off', consecutiveFailures: 0, applied: 0, runs: 0 });
  });
});
