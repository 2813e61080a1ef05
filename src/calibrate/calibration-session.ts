import type { Ledger } from './ledger';
import type { TempNames } from './temp-names';
import type { WireClient } from './wire-client';

/** Waits and retries of one run (short in tests, patient against a real org). */
export interface CalibrationTiming {
  /** How long to wait for Directory Insights to show the run's own events. */
  eventWaitMs: number;
  /** Pause between two Directory Insights polls. */
  pollIntervalMs: number;
  /** Attempts of each cleanup call that fails transiently. */
  cleanupAttempts: number;
  /** Pause before a cleanup retry (grows with each attempt). */
  cleanupRetryDelayMs: number;
}

/** Patient defaults for a real organisation: DI events may take seconds to appear. */
export const DEFAULT_TIMING: CalibrationTiming = { eventWaitMs: 120_000, pollIntervalMs: 3_000, cleanupAttempts: 5, cleanupRetryDelayMs: 2_000 };

/** The temporary user every user and membership probe works on. */
export interface TempUser {
  id: string;
  username: string;
  /** The `addresses` item it was created with (the array-item-id probe). */
  sentAddress: Record<string, unknown>;
}

/** A temporary group. */
export interface TempGroup {
  id: string;
  name: string;
}

/** What the probes of one run share: the wire, the names, the ledger, and the objects made so far. */
export interface CalibrationSession {
  wire: WireClient;
  names: TempNames;
  ledger: Ledger;
  timing: CalibrationTiming;
  /** Directory Insights `start_time`: a minute before the run began, on JumpCloud's clock when known. */
  eventsSince: string;
  sleep(ms: number): Promise<void>;
  /** True once the operator interrupted the run: no further probe starts, cleanup still runs. */
  stopped(): boolean;
  user?: TempUser;
  group?: TempGroup;
  /** The groups of the v2 query probes, by suffix (`b`, `a`, `x.y`). */
  queryGroups?: Record<string, TempGroup>;
  /** Set once the temporary user was added to the temporary group (the association event probe). */
  memberAdded?: boolean;
}
