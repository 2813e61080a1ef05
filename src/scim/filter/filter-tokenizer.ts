/**
 * Splits filter and PATCH path text (RFC 7644 §3.4.2.2, §3.5.2) into tokens with their positions,
 * so that the parser can say exactly where a client's filter went wrong.
 */

export type TokenKind = 'lparen' | 'rparen' | 'lbracket' | 'rbracket' | 'string' | 'word' | 'end';

export interface Token {
  kind: TokenKind;
  /** 0-based index of the token's first character in the source text. */
  pos: number;
  /** The token as written (for `string`: with its quotes and escapes). */
  text: string;
  /** `string` only: the decoded JSON string value. */
  value?: string;
}

/** A lexical problem at a position; the parser turns it into the caller's ScimError. */
export class TokenizeError extends Error {
  constructor(
    readonly pos: number,
    message: string,
  ) {
    super(message);
    this.name = 'TokenizeError';
  }
}

const PUNCTUATION: Record<string, TokenKind> = { '(': 'lparen', ')': 'rparen', '[': 'lbracket', ']': 'rbracket' };

/** RFC 8259 §7 escapes; anything else after a backslash is invalid JSON. */
const JSON_ESCAPE = /^\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/;

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/**
 * Tokenizes the whole text. A word is a run of characters up to whitespace, a bracket, a
 * parenthesis or a quote: that covers attribute paths (URNs contain `:` and `.`), operators,
 * keywords, numbers and the unquoted values Entra ID sends (`externalId eq 7a1c-...`).
 * @throws TokenizeError on an unterminated string or an invalid escape.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (isSpace(ch)) {
      i += 1;
      continue;
    }
    const punctuation = PUNCTUATION[ch];
    if (punctuation) {
      tokens.push({ kind: punctuation, pos: i, text: ch });
      i += 1;
      continue;
    }
    if (ch === '"') {
      const end = scanString(text, i);
      const raw = text.slice(i, end);
      tokens.push({ kind: 'string', pos: i, text: raw, value: JSON.parse(raw) as string });
      i = end;
      continue;
    }
    const start = i;
    while (i < text.length) {
      const c = text.charAt(i);
      if (isSpace(c) || c === '"' || PUNCTUATION[c]) break;
      i += 1;
    }
    tokens.push({ kind: 'word', pos: start, text: text.slice(start, i) });
  }
  tokens.push({ kind: 'end', pos: text.length, text: '' });
  return tokens;
}

/** Returns the index just past the closing quote of the JSON string starting at `start`. */
function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text.charAt(i);
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      const escape = JSON_ESCAPE.exec(text.slice(i, i + 6));
      if (!escape) {
        const shown = text.slice(i, i + 2);
        throw new TokenizeError(i, `invalid escape sequence "${shown}" in the string starting at position ${start + 1} (allowed: \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
      }
      i += escape[0].length;
      continue;
    }
    // JSON forbids raw control characters inside strings; a stray newline usually means a missing quote.
    if (ch.charCodeAt(0) < 0x20) {
      throw new TokenizeError(i, `control character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} inside the string starting at position ${start + 1}; escape it`);
    }
    i += 1;
  }
  throw new TokenizeError(start, 'unterminated string: the closing quote (") is missing');
}
