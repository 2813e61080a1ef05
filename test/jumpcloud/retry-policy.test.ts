import { backoffDelayMs, classifyFailure, decideRetry, DEFAULT_RETRY_POLICY, makeRetryPolicy, parseRetryAfter, type AttemptFailure } from '../../src/jumpcloud/retry-policy';
import cases from './retry-policy.cases.json';

const NOW = Date.UTC(2026, 0, 1);
// Base 100, cap 1000, 5 attempts, 4 s budget: small numbers so each row is easy to check by hand.
const policy = makeRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, totalBudgetMs: 4000 });

describe('retry policy (pure)', () => {
  it.each(cases.classify)('classifies $failure as $expected', ({ failure, expected }) => {
    expect(classifyFailure(DEFAULT_RETRY_POLICY, failure as AttemptFailure)).toBe(expected);
  });

  it.each(cases.retryAfter)('Retry-After $value -> $expectedMs ms', ({ value, expectedMs }) => {
    expect(parseRetryAfter(value ?? undefined, NOW)).toBe(expectedMs ?? undefined);
  });

  it.each(cases.backoff)('backoff retry $retry, random $random -> $expectedMs ms', ({ retry, random, expectedMs }) => {
    expect(backoffDelayMs(policy, retry, random)).toBe(expectedMs);
  });

  it.each(cases.decide)('decides $state -> $expected', ({ state, expected }) => {
    expect(decideRetry(policy, { ...state, retryAfterMs: state.retryAfterMs ?? undefined })).toEqual(expected);
  });

  it('defaults: 5 attempts, a budget well inside SailPoint 60 s, the retryable statuses', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(5);
    expect(DEFAULT_RETRY_POLICY.totalBudgetMs).toBeLessThanOrEqual(30_000);
    expect([...DEFAULT_RETRY_POLICY.retryableStatuses].sort()).toEqual([408, 429, 502, 503, 504]);
  });

  it.each([{ maxAttempts: 0 }, { maxAttempts: 1.5 }, { totalBudgetMs: -1 }, { baseDelayMs: Number.NaN }])('refuses a nonsensical override %j', (override) => {
    expect(() => makeRetryPolicy(override)).toThrow(/retry/);
  });
});
