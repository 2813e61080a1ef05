import type { RetryRuntime } from '../../../src/jumpcloud/retry-policy';

/** A virtual clock: sleeping advances it instantly and records the wait. */
export interface FakeRuntime extends RetryRuntime {
  sleeps: number[];
  advance(ms: number): void;
}

/** A deterministic runtime: `random` is fixed, time moves only when slept or advanced. */
export function fakeRuntime(random = 0.5, start = Date.UTC(2026, 0, 1)): FakeRuntime {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    random: () => random,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}
