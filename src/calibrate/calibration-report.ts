import { BEHAVIOUR_SWITCHES, defaultOf } from '../../emulator/option-switches';
import type { CleanupReport } from './cleanup';
import type { ProbeOutcome } from './probe-outcome';

/** How a measured behaviour compares with what the emulator assumes by default. */
export type Verdict = 'AGREES' | 'DIFFERS' | 'NOT MEASURABLE' | 'FAILED';

/** The verdict of one outcome against the emulator's default. */
export function verdictOf(outcome: ProbeOutcome): Verdict {
  if (outcome.status === 'failed') return 'FAILED';
  if (outcome.status === 'unmeasurable') return 'NOT MEASURABLE';
  if (outcome.status === 'other') return 'DIFFERS';
  return outcome.value === defaultOf(outcome.name) ? 'AGREES' : 'DIFFERS';
}

/** The outcomes in `BEHAVIOUR_SWITCHES` order (the order the emulator documents them). */
export function inSwitchOrder(outcomes: readonly ProbeOutcome[]): ProbeOutcome[] {
  return BEHAVIOUR_SWITCHES.map(({ name }) => outcomes.find((outcome) => outcome.name === name)).filter((outcome): outcome is ProbeOutcome => outcome !== undefined);
}

/**
 * One line per behaviour: what JumpCloud answered, what the emulator assumes (its default), and
 * whether they agree, e.g. `duplicateMemberAdd   jumpcloud: 204 (no-content)   emulator: conflict   DIFFERS`;
 * notes follow, indented.
 */
export function formatOutcomes(outcomes: readonly ProbeOutcome[]): string[] {
  const ordered = inSwitchOrder(outcomes);
  const nameWidth = Math.max(...ordered.map((outcome) => outcome.name.length));
  const answerWidth = Math.max(...ordered.map((outcome) => outcome.answer.length));
  const emulatorWidth = Math.max(...ordered.map((outcome) => String(defaultOf(outcome.name)).length));
  const lines: string[] = [];
  for (const outcome of ordered) {
    const verdict = verdictOf(outcome);
    const shownVerdict = outcome.status === 'other' ? `${verdict} (no emulator value)` : verdict;
    lines.push(`${outcome.name.padEnd(nameWidth)}   jumpcloud: ${outcome.answer.padEnd(answerWidth)}   emulator: ${String(defaultOf(outcome.name)).padEnd(emulatorWidth)}   ${shownVerdict}`);
    for (const note of outcome.notes ?? []) lines.push(`${' '.repeat(nameWidth)}     ${note}`);
  }
  return lines;
}

/** A count of the verdicts, e.g. `16 behaviours: 12 agree, 3 differ, 0 not measurable, 1 failed`. */
export function summarizeOutcomes(outcomes: readonly ProbeOutcome[]): string {
  const count = (verdict: Verdict) => outcomes.filter((outcome) => verdictOf(outcome) === verdict).length;
  return `${outcomes.length} behaviours: ${count('AGREES')} agree, ${count('DIFFERS')} differ, ${count('NOT MEASURABLE')} not measurable, ${count('FAILED')} failed`;
}

/** The cleanup in words; every object left behind is named with its id, so it can be deleted by hand. */
export function formatCleanup(report: CleanupReport): string[] {
  const lines = [`cleanup: deleted ${report.deleted} temporary object(s)${report.retries > 0 ? ` (${report.retries} transient failure(s) retried)` : ''}`];
  for (const entry of report.swept) lines.push(`cleanup: found by the prefix sweep (its create answer was lost): ${entry.kind} ${entry.name} ${entry.id}`);
  if (report.sweepProblem) lines.push(`cleanup: ${report.sweepProblem}: check for users and groups whose name starts with it`);
  for (const entry of report.leftovers) lines.push(`cleanup: LEFT BEHIND ${entry.kind} ${entry.name} ${entry.id} (${entry.reason}): delete it by hand`);
  return lines;
}
