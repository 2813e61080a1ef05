import { describeLeaks, findLeaks } from './find-leaks';
import { logScanState, takePendingLines } from './scan-state';

/**
 * Scans the lines captured since the last scan for this test file's secrets; throws the leak
 * report (secrets masked) when it finds any. `scope` is the test file's global object.
 */
export function scanCapturedOutput(scope: object = globalThis): void {
  const state = logScanState(scope);
  const lines = takePendingLines(state);
  state.scanned += lines.length;
  const leaks = findLeaks(lines, state.secrets);
  if (leaks.length > 0) throw new Error(describeLeaks(leaks));
}
