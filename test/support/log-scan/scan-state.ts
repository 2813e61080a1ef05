/** What a secret is, said in a leak report instead of the secret itself. */
export type SecretKind =
  | 'SCIM bearer token'
  | 'JumpCloud API key'
  | 'emulator API key'
  | 'admin token'
  | 'metrics token'
  | 'OAuth client secret'
  | 'OAuth signing secret'
  | 'cursor secret'
  | 'Basic password'
  | 'password sent to the bridge'
  | 'credential sent to the bridge'
  | 'console session id';

/** One line of captured output: a bridge log line, or a line a child process printed. */
export interface CapturedLine {
  /** Where it came from, e.g. `bridge log` or `serve stdout`. */
  source: string;
  /** 1-based position among the lines of that source. */
  number: number;
  text: string;
}

/** Everything the log scan knows about the current test file. */
export interface LogScanState {
  /** Secret value -> what it is; a value registered twice keeps its first kind. */
  secrets: Map<string, SecretKind>;
  /** Lines captured since the last scan (a scan takes them). */
  pending: CapturedLine[];
  /** Lines seen so far per source, to number them. */
  counts: Map<string, number>;
  /** Lines scanned so far in this file (for LOG_SCAN_STATS). */
  scanned: number;
}

// Shorter values would match ordinary words in a log line; the bridge itself only redacts known
// secret values from 8 characters (src/logging/redact.ts), and its config requires longer ones.
export const MIN_SECRET_LENGTH = 8;

// On the test file's global object, not in this module: one state per test file whichever module
// instance reads it (jest.resetModules, the test environment, which loads this file outside the
// test's module registry, and the setup file all see the same one).
const STATE = Symbol.for('jumpcloud-scim-bridge.log-scan');

/** The current test file's log-scan state, created on first use. */
export function logScanState(scope: object = globalThis): LogScanState {
  const holder = scope as { [STATE]?: LogScanState };
  holder[STATE] ??= { secrets: new Map(), pending: [], counts: new Map(), scanned: 0 };
  return holder[STATE];
}

/** Registers a secret the captured output must never contain; empty and short values are ignored. */
export function registerSecret(kind: SecretKind, value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  const { secrets } = logScanState();
  if (!secrets.has(value)) secrets.set(value, kind);
}

/** Adds captured text (one or many lines) from `source` to what the next scan reads. */
export function recordOutput(source: string, text: string): void {
  const state = logScanState();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const number = (state.counts.get(source) ?? 0) + 1;
    state.counts.set(source, number);
    state.pending.push({ source, number, text: line });
  }
}

/** Takes the lines captured since the last call (the scan reads each line once). */
export function takePendingLines(state: LogScanState = logScanState()): CapturedLine[] {
  return state.pending.splice(0, state.pending.length);
}
