import { ThrottleGate } from '../../src/http/throttle-gate';

describe('ThrottleGate (the short-circuit while JumpCloud pushes back)', () => {
  let now = 1_000_000;
  const gate = () => new ThrottleGate({ now: () => now, maxHoldSeconds: 120 });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('is open until a request gives up, then shut for its Retry-After, then open again', () => {
    const g = gate();
    expect(g.state()).toBeUndefined();
    g.noteUpstreamAnswer(429);
    expect(g.trip(3)).toEqual({ kind: 'rate-limited', until: now + 3000, retryAfterSeconds: 3 });
    now += 1500;
    expect(g.state()).toEqual({ kind: 'rate-limited', until: 1_003_000, retryAfterSeconds: 2 });
    now += 1500;
    expect(g.state()).toBeUndefined();
  });

  it.each([
    [[503], 'unavailable'],
    [[undefined], 'unavailable'],
    [[503, 429], 'rate-limited'],
    [[429, 502], 'unavailable'],
    [[429, 200, 404], 'rate-limited'],
    [[], 'unavailable'],
  ] as const)('after JumpCloud answers %j the kind is %s (the last failure decides; successes and 4xx do not count)', (statuses, kind) => {
    const g = gate();
    for (const status of statuses) g.noteUpstreamAnswer(status);
    expect(g.trip(1).kind).toBe(kind);
  });

  it('forgets a failure older than a minute', () => {
    const g = gate();
    g.noteUpstreamAnswer(429);
    now += 61_000;
    expect(g.trip(1).kind).toBe('unavailable');
  });

  it('never shortens a hold, and caps a huge Retry-After', () => {
    const g = gate();
    g.trip(10);
    expect(g.trip(2).retryAfterSeconds).toBe(10);
    expect(g.trip(100_000).retryAfterSeconds).toBe(120);
  });

  it('rounds a fractional or zero Retry-After up to a whole second', () => {
    expect(gate().trip(0.2).retryAfterSeconds).toBe(1);
    expect(gate().trip(0).retryAfterSeconds).toBe(1);
  });
});
