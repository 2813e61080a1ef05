import type { BehaviourSwitch } from '../../emulator/option-switches';

/** A value a behaviour switch takes. */
export type SwitchValue = string | number | boolean;

/**
 * What one probe found for one switch:
 * - `measured`: JumpCloud's answer is one of the switch's values (`value`);
 * - `other`: the probe ran but JumpCloud answered something the emulator has no value for
 *   (printed verbatim, written nowhere);
 * - `unmeasurable`: the probe cannot run on this org (Directory Insights refused), not a failure;
 * - `failed`: the probe could not run (a transient answer, a lost connection, a failed setup).
 */
export interface ProbeOutcome {
  name: BehaviourSwitch;
  status: 'measured' | 'other' | 'unmeasurable' | 'failed';
  /** What JumpCloud answered, as printed, e.g. `204 (no-content)`. */
  answer: string;
  value?: SwitchValue;
  /** Further observations printed under the line (event keys, ids on a PUT, ...). */
  notes?: string[];
}

/** A measured outcome. */
export function measured(name: BehaviourSwitch, value: SwitchValue, answer: string, notes?: string[]): ProbeOutcome {
  return { name, status: 'measured', value, answer, ...(notes && notes.length > 0 ? { notes } : {}) };
}

/** An answer outside the switch's values. */
export function other(name: BehaviourSwitch, answer: string, notes?: string[]): ProbeOutcome {
  return { name, status: 'other', answer, ...(notes && notes.length > 0 ? { notes } : {}) };
}

/** A probe this org cannot answer. */
export function unmeasurable(name: BehaviourSwitch, answer: string): ProbeOutcome {
  return { name, status: 'unmeasurable', answer };
}

/** A probe that could not run, with the reason (own words: never JumpCloud's error text). */
export function failed(name: BehaviourSwitch, reason: string): ProbeOutcome {
  return { name, status: 'failed', answer: `could not run: ${reason}` };
}

/** A probe stopped by a transient answer (429, 5xx): it says nothing about the behaviour. */
export function transientFailure(name: BehaviourSwitch, status: number): ProbeOutcome {
  return failed(name, `JumpCloud answered HTTP ${status} (try again later)`);
}

/**
 * Maps a status to a switch value: a status in `table` is measured; any other 4xx (or 2xx, 3xx) is
 * an answer the emulator does not model (`other`); a transient answer (429, 5xx) says nothing
 * about the behaviour, so the probe fails.
 */
export function byStatus(name: BehaviourSwitch, status: number, table: Record<number, SwitchValue>): ProbeOutcome {
  const value = table[status];
  if (value !== undefined) return measured(name, value, `${status} (${String(value)})`);
  if (status === 429 || status >= 500) return transientFailure(name, status);
  return other(name, `${status}`);
}
