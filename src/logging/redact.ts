/** What replaces a secret wherever it would have been written. */
export const REDACTED = '[REDACTED]';

// Keys whose values are secrets whatever they hold (header names and body fields alike).
const SECRET_KEY = /^(x-api-key|authorization|proxy-authorization|cookie|set-cookie|password|passwd|secret|client_secret|api[-_]?key|access_token|refresh_token|id_token|token|bearer|.*(token|secret|password|apikey|api_key)s?)$/i;

// Credentials inside free text, e.g. an Authorization header quoted in an error message.
const CREDENTIAL_IN_TEXT = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;

/**
 * Returns a copy of `value` with secrets removed: values under secret-looking keys, credentials
 * in text, and every occurrence of a known secret value. Always on: nothing reaches a log
 * without passing through here. Cycles and depth are bounded so it can never throw.
 */
export function redact(value: unknown, knownSecrets: readonly string[] = [], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value, knownSecrets);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 12) return '[Circular or too deep]';
  seen.add(value);
  if (value instanceof Error) {
    return redact({ name: value.name, message: value.message, stack: value.stack }, knownSecrets, depth + 1, seen);
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, knownSecrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && inner !== undefined && inner !== null && inner !== '' ? REDACTED : redact(inner, knownSecrets, depth + 1, seen);
  }
  return out;
}

/** Removes credentials and known secret values from one string. */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  let out = text.replace(CREDENTIAL_IN_TEXT, (_match, scheme: string) => `${scheme} ${REDACTED}`);
  for (const secret of knownSecrets) {
    // Very short values would redact ordinary words; config requires secrets of real length.
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}
