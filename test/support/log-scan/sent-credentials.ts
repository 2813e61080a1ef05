import { registerSecret } from './scan-state';

// Body fields whose values are secrets the bridge must never log (SCIM password, OAuth client secret).
const PASSWORD_KEY = /password/i;
const SECRET_KEY = /secret/i;

/**
 * Registers every password and client secret in a request body the test sends: values under
 * `password`-like and `secret`-like keys at any depth (a SCIM User, a Bulk operation's data, a
 * PATCH value object), the `value` of a PATCH operation whose `path` names the password, and the
 * same in a JSON or form-encoded text body.
 */
export function registerSecretsInBody(body: unknown, depth = 0): void {
  if (depth > 20) return;
  if (typeof body === 'string') return registerSecretsInText(body, depth);
  if (body === null || typeof body !== 'object') return;
  if (Array.isArray(body)) {
    for (const item of body) registerSecretsInBody(item, depth + 1);
    return;
  }
  const record = body as Record<string, unknown>;
  // RFC 7644 §3.5.2: {"op": "replace", "path": "password", "value": "..."}.
  if (typeof record.path === 'string' && PASSWORD_KEY.test(record.path) && typeof record.value === 'string') registerSecret('password sent to the bridge', record.value);
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'string' && PASSWORD_KEY.test(key)) registerSecret('password sent to the bridge', value);
    else if (typeof value === 'string' && SECRET_KEY.test(key)) registerSecret('OAuth client secret', value);
    else registerSecretsInBody(value, depth + 1);
  }
}

function registerSecretsInText(text: string, depth: number): void {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return registerSecretsInBody(JSON.parse(trimmed), depth + 1);
    } catch {
      return; // Malformed JSON on purpose (a 400 test): nothing to read.
    }
  }
  if (/^[\w.~%+-]+=/.test(trimmed)) registerSecretsInBody(Object.fromEntries(new URLSearchParams(trimmed)), depth + 1);
}

/** Registers the credential in an Authorization header value (`Bearer x`, `Basic base64`, and Basic's password). */
export function registerAuthorization(value: unknown): void {
  if (typeof value !== 'string') return;
  const [scheme, credential] = value.trim().split(/\s+/, 2);
  if (!credential) return;
  registerSecret('credential sent to the bridge', credential);
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) registerSecret('Basic password', decoded.slice(colon + 1));
  }
}

/** Header name/value pairs from a plain object, an array of pairs or a fetch `Headers`. */
function headerEntries(headers: object): [string, unknown][] {
  if (Array.isArray(headers)) return headers as [string, unknown][];
  // Duck-typed: a Headers made in another realm (the test sandbox) fails instanceof.
  if (typeof (headers as Headers).forEach === 'function') {
    const out: [string, unknown][] = [];
    (headers as Headers).forEach((value, key) => out.push([key, value]));
    return out;
  }
  return Object.entries(headers);
}

/** Registers the credentials in a header set (Authorization, and the API key a test sends to the emulator). */
export function registerSecretsInHeaders(headers: unknown): void {
  if (headers === null || typeof headers !== 'object') return;
  for (const [key, value] of headerEntries(headers)) {
    if (/^authorization$/i.test(key)) registerAuthorization(value);
    else if (/^x-api-key$/i.test(key) && typeof value === 'string') registerSecret('emulator API key', value);
  }
}
