/** A check's verdict: FAIL makes `check` exit 1; WARN works but deserves a look; SKIP could not run. */
export type CheckStatus = 'PASS' | 'WARN' | 'FAIL' | 'SKIP';

/** One line of `check` output. */
export interface CheckLine {
  status: CheckStatus;
  /** Short stable name, e.g. `jumpcloud.key`, `scim.Schemas`. */
  name: string;
  /** What was found, in plain words. */
  detail: string;
  /** What to change to make it pass (FAIL and WARN). */
  fix?: string;
}

/** One line of text per check: status, name, what was found and, when there is one, the fix. */
export function formatLine(line: CheckLine, nameWidth: number): string {
  const text = `${line.status.padEnd(4)}  ${line.name.padEnd(nameWidth)}  ${line.detail}`;
  return line.fix ? `${text} -> fix: ${line.fix}` : text;
}

/** The closing summary, e.g. `9 passed, 1 warning, 0 failed`. */
export function summarize(lines: readonly CheckLine[]): string {
  const count = (status: CheckStatus) => lines.filter((line) => line.status === status).length;
  const warnings = count('WARN');
  const skipped = count('SKIP');
  return `${count('PASS')} passed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count('FAIL')} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}
