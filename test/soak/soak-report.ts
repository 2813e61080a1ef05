import type { AuditRecord } from '../../src/lifecycle/audit-record';
import type { BridgePlacement } from './soak-bridge';
import type { FaultKind } from './soak-faults';
import type { JumpCloudState } from './soak-jumpcloud-state';
import type { Finding, SoakLedger } from './soak-ledger';

/** What one run did and found; printed as JSON by `npm run soak`. */
export interface SoakReport {
  seed: number;
  runTag: string;
  bridge: BridgePlacement;
  trafficSeconds: number;
  verifySeconds: number;
  /** HTTP requests the clients sent (retries included), by kind. */
  requests: Record<string, number>;
  /** Writes whose client was told they succeeded (2xx, or a retry's 409 + lookup / 404), by kind. */
  acknowledgedWrites: Record<string, number>;
  /** Writes whose outcome the client never learnt (gave up after its retries, or an unexpected answer), by kind. */
  unknownWrites: Record<string, number>;
  /** Creates whose outcome was unknown but a lookup found the account afterwards. */
  adoptedCreates: number;
  /** Client retries, by the status that caused them (`network`: no answer). */
  clientRetries: Record<string, number>;
  /** Every non-2xx answer of the bridge, by request kind, status and detail. */
  bridgeErrorAnswers: Record<string, number>;
  /** JumpCloud calls the emulator received during the traffic, and the faults it injected among them. */
  jumpcloudCalls: number;
  faultsInjected: Record<FaultKind, number>;
  jumpcloudAtEnd: { users: number; groups: number; memberships: number };
  journal: { records: number; byOutcome: Record<string, number>; byType: Record<string, number> };
  findingCount: number;
  /** By check, then the first 50 in full. */
  findingsByCheck: Record<string, number>;
  findings: Finding[];
}

/** Assembles the report of a finished run. */
export function buildReport(input: {
  seed: number;
  runTag: string;
  bridge: BridgePlacement;
  trafficMs: number;
  verifyMs: number;
  ledger: SoakLedger;
  faults: Record<FaultKind, number>;
  jumpcloudCalls: number;
  state: JumpCloudState;
  records: readonly AuditRecord[];
  findings: Finding[];
}): SoakReport {
  const { ledger, state, records, findings } = input;
  return {
    seed: input.seed,
    runTag: input.runTag,
    bridge: input.bridge,
    trafficSeconds: round(input.trafficMs / 1000),
    verifySeconds: round(input.verifyMs / 1000),
    requests: sorted(ledger.requests),
    acknowledgedWrites: sorted(ledger.acknowledged),
    unknownWrites: sorted(ledger.unknownWrites),
    adoptedCreates: [...ledger.users.values()].filter((user) => user.created === 'adopted').length,
    clientRetries: sorted(ledger.retries),
    bridgeErrorAnswers: sorted(ledger.errorAnswers),
    jumpcloudCalls: input.jumpcloudCalls,
    faultsInjected: input.faults,
    jumpcloudAtEnd: {
      users: state.users.length,
      groups: state.groups.size,
      memberships: [...state.members.values()].reduce((sum, members) => sum + members.size, 0),
    },
    journal: { records: records.length, byOutcome: countBy(records, (r) => r.outcome), byType: countBy(records, (r) => r.type) },
    findingCount: findings.length,
    findingsByCheck: countBy(findings, (f) => f.check),
    findings: findings.slice(0, 50),
  };
}

function sorted<K extends string>(counts: Map<K, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return sorted(out);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
