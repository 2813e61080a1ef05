/** The kinds of fault the soak injects into JumpCloud (the emulator's `/api` paths). */
export type FaultKind = 'rate-limited-429' | 'bad-gateway-502' | 'unavailable-503' | 'dropped-before' | 'dropped-after';

/** Share of all JumpCloud API calls each kind should hit (issue 12: 10 % 429, 5 % 502/503, 2 % + 2 % drops). */
export const FAULT_SHARES: Readonly<Record<FaultKind, number>> = Object.freeze({
  'rate-limited-429': 0.1,
  'bad-gateway-502': 0.025,
  'unavailable-503': 0.025,
  'dropped-before': 0.02,
  'dropped-after': 0.02,
});

/** One rule as `PUT /__emulator/faults` takes it (emulator/control/fault-rule.ts). */
export interface SoakFaultRule {
  status?: 429 | 502 | 503;
  retryAfter?: number;
  drop?: true;
  phase?: 'before' | 'after';
  rate: number;
  path: string;
}

/** Only JumpCloud's API: `/insights` (the change feed) and `/__emulator` stay clean. */
const API_PATH = '/api';

/**
 * The emulator's rules in order, with rates chosen so that the EFFECTIVE shares are
 * `FAULT_SHARES`: the injector tries rules in order and the first whose own `rate` roll hits
 * applies, so rule i needs rate share_i / (1 - sum of the shares before it).
 * `retryAfterSeconds` goes with the 429s, as JumpCloud sends it.
 */
export function faultRules(retryAfterSeconds: number): { kind: FaultKind; rule: SoakFaultRule }[] {
  const shapes: { kind: FaultKind; rule: Omit<SoakFaultRule, 'rate' | 'path'> }[] = [
    { kind: 'rate-limited-429', rule: { status: 429, retryAfter: retryAfterSeconds } },
    { kind: 'bad-gateway-502', rule: { status: 502 } },
    { kind: 'unavailable-503', rule: { status: 503 } },
    { kind: 'dropped-before', rule: { drop: true, phase: 'before' } },
    // The call took effect and its answer is lost: the case that tempts a client into duplicates.
    { kind: 'dropped-after', rule: { drop: true, phase: 'after' } },
  ];
  let taken = 0;
  return shapes.map(({ kind, rule }) => {
    const share = FAULT_SHARES[kind];
    const rate = share / (1 - taken);
    taken += share;
    return { kind, rule: { ...rule, rate, path: API_PATH } };
  });
}
