import { FailureThrottle } from '../../src/http/oauth-failure-throttle';

describe('FailureThrottle (token endpoint backoff)', () => {
  function throttle(options: ConstructorParameters<typeof FailureThrottle>[0] = {}): { t: FailureThrottle; advance: (ms: number) => void } {
    let clock = 1_000_000;
    return { t: new FailureThrottle({ ...options, now: () => clock }), advance: (ms) => (clock += ms) };
  }
  const failTimes = (t: FailureThrottle, keys: string[], n: number): void => {
    for (let i = 0; i < n; i += 1) t.fail(keys);
  };

  it('lets the free attempts through, then waits 1, 2, 4 ... seconds, capped', () => {
    const { t } = throttle({ freeAttempts: 3, maxDelaySeconds: 8 });
    failTimes(t, ['k'], 2);
    expect(t.waitSeconds(['k'])).toBe(0);
    t.fail(['k']);
    expect(t.waitSeconds(['k'])).toBe(1);
    t.fail(['k']);
    expect(t.waitSeconds(['k'])).toBe(2);
    failTimes(t, ['k'], 10);
    expect(t.waitSeconds(['k'])).toBe(8);
  });

  it('takes the longest wait over all keys, and a success clears only the keys it names', () => {
    const { t } = throttle({ freeAttempts: 1 });
    failTimes(t, ['ip', 'pair'], 3);
    expect(t.waitSeconds(['other', 'pair'])).toBe(4);
    t.succeed(['pair']);
    expect(t.waitSeconds(['pair'])).toBe(0);
    expect(t.waitSeconds(['ip'])).toBe(4);
  });

  it('counts down as time passes and forgets a key after a quiet period', () => {
    const { t, advance } = throttle({ freeAttempts: 1, forgetAfterSeconds: 60 });
    failTimes(t, ['k'], 3);
    advance(2500);
    expect(t.waitSeconds(['k'])).toBe(2);
    advance(61_000);
    // Forgotten: the next failure is the first again.
    t.fail(['k']);
    expect(t.waitSeconds(['k'])).toBe(1);
  });

  it('remembers at most maxKeys keys, dropping the one that failed longest ago', () => {
    const { t } = throttle({ freeAttempts: 1, maxKeys: 2 });
    t.fail(['a']);
    t.fail(['b']);
    t.fail(['c']);
    expect(t.waitSeconds(['a'])).toBe(0);
    expect(t.waitSeconds(['b'])).toBe(1);
    expect(t.waitSeconds(['c'])).toBe(1);
  });
});
