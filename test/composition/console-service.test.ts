import { consoleChangefeedStatus } from '../../src/composition/console-service';
import type { ChangeFeedStatus } from '../../src/changefeed/change-feed';

describe('consoleChangefeedStatus', () => {
  const base: ChangeFeedStatus = { configuredMode: 'auto', mode: 'scan', consecutiveFailures: 0, applied: 0, runs: 1 };
  it('reports the running mode and its lag, null lag when the feed is off, and off without a feed', () => {
    expect(consoleChangefeedStatus({ status: () => ({ ...base, lagSeconds: 17 }) })()).toEqual({ mode: 'scan', lagSeconds: 17 });
    expect(consoleChangefeedStatus({ status: () => ({ ...base, mode: 'off' }) })()).toEqual({ mode: 'off', lagSeconds: null });
    expect(consoleChangefeedStatus(undefined)()).toEqual({ mode: 'off', lagSeconds: null });
  });
});
