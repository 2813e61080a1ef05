import type { CapturedLine, SecretKind } from './scan-state';

/** A secret found in a captured line. */
export interface Leak {
  kind: SecretKind;
  /** The secret, masked: its first two characters and its length. */
  masked: string;
  source: string;
  line: number;
  /** The line with every known secret in it masked, cut to a readable length. */
  excerpt: string;
}

const EXCERPT_CHARS = 400;

/** `abcdef…` -> `ab…(N chars)`: enough to tell two secrets apart, never enough to use one. */
export function maskSecret(secret: string): string {
  return `${secret.slice(0, 2)}…(${secret.length} chars)`;
}

/**
 * The forms a secret takes in a captured line: as is, escaped inside a JSON string (log lines are
 * JSON), and URL-encoded (a logged URL or form body).
 */
function writtenForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms];
}

/** Every registered secret found in `lines`, one leak per (line, secret). */
export function findLeaks(lines: readonly CapturedLine[], secrets: ReadonlyMap<string, SecretKind>): Leak[] {
  const searched = [...secrets].map(([secret, kind]) => ({ secret, kind, forms: writtenForms(secret) }));
  const leaks: Leak[] = [];
  for (const line of lines) {
    const found = searched.filter(({ forms }) => forms.some((form) => line.text.includes(form)));
    if (found.length === 0) continue;
    const excerpt = maskAll(line.text, searched).slice(0, EXCERPT_CHARS);
    for (const { secret, kind } of found) leaks.push({ kind, masked: maskSecret(secret), source: line.source, line: line.number, excerpt });
  }
  return leaks;
}

/** The line with every form of every secret replaced by its mask, longest secrets first (one may contain another). */
function maskAll(text: string, searched: readonly { secret: string; forms: string[] }[]): string {
  let out = text;
  for (const { secret, forms } of [...searched].sort((a, b) => b.secret.length - a.secret.length)) {
    for (const form of forms) out = out.split(form).join(maskSecret(secret));
  }
  return out;
}

/** The failure message for `leaks`: which secret (masked), where, and the masked line. */
export function describeLeaks(leaks: readonly Leak[]): string {
  const shown = leaks.slice(0, 20).map((leak) => `  - ${leak.kind} ${leak.masked} in ${leak.source} line ${leak.line}: ${leak.excerpt}`);
  const more = leaks.length > shown.length ? [`  ... and ${leaks.length - shown.length} more`] : [];
  return [`Log scan: ${leaks.length} secret(s) in captured output (secrets must never reach a log):`, ...shown, ...more].join('\n');
}
