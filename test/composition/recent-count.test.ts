import { RecentCount } from '../../src/composition/recent-count';

describe('RecentCount', () => {
  it('counts what happened in the last 60 minutes, forgetting older minutes', () => {
    let now = Date.UTC(2025, 0, 1, 10, 0, 30);
    const count = new RecentCount(() => now);
    expect(count.count()).toBe(0);
    count.record();
    count.record();
    now += 30 * 60_000;
    count.record();
    expect(count.count()).toBe(3);
    // 10:59:59 is still within the hour of the 10:00 minute's records.
    now = Date.UTC(2025, 0, 1, 10, 59, 59);
    expect(count.count()).toBe(3);
    now = Date.UTC(2025, 0, 1, 11, 0, 0);
    expect(count.count()).toBe(1);
    now = Date.UTC(2025, 0, 1, 11, 30, 0);
    expect(count.count()).toBe(0);
  });
});
