import fc from 'fast-check';

/**
 * Fragments that break naive parsers, escapers and path builders: quotes, backslashes, URN
 * colons, `$`, percent signs (valid, truncated and overlong encodings), dot segments, control
 * characters, lone and paired surrogates, and very long runs.
 */
export const HOSTILE_FRAGMENTS = [
  '"',
  '\\',
  '\\"',
  "'",
  ':',
  'urn:ietf:params:scim:schemas:core:2.0:User:',
  '$',
  '$ref',
  '%',
  '%2',
  '%zz',
  '%FF',
  '%C0%AE',
  '%2e%2e',
  '%2F',
  '%00',
  '..',
  '../',
  '/..',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\t',
  '\n',
  '\r\n',
  '\u2028',
  '\ud83d\ude00',
  '\ud800',
  '\udfff',
  '\ufeff',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  ' ',
  '  and ',
  ' or ',
  'not',
  ' eq ',
  '*',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'true',
  '1e309',
  '-0',
  '9007199254740993',
] as const;

/** A string built from hostile fragments and arbitrary code points (non-BMP included). */
export const hostileString: fc.Arbitrary<string> = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS), weight: 3 }, { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 2 }, { arbitrary: fc.string({ maxLength: 8 }), weight: 2 }), {
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

/** A string that may also be very long (up to 20,000 characters). */
export const hostileOrLongString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: hostileString, weight: 9 },
  { arbitrary: fc.tuple(fc.constantFrom('a', '%', '(', '"', '\\', 'é', '\ud83d\ude00'), fc.integer({ min: 256, max: 20_000 })).map(([unit, times]) => unit.repeat(times)), weight: 1 },
);

/**
 * Every password the fuzzer sends starts with this marker, so a scan of answers and logs finds
 * any that leaked without the fuzzer keeping a list.
 */
export const PASSWORD_MARKER = 'PwFz';
/** Matches a leaked fuzz password. */
export const LEAKED_PASSWORD = /PwFz[A-Za-z0-9]{10}/;

/** A password as a client would send it (marked, see `PASSWORD_MARKER`), sometimes with hostile tails. */
export const fuzzPassword: fc.Arbitrary<string> = fc
  .tuple(fc.stringMatching(/^[A-Za-z0-9]{10}$/), fc.oneof(fc.constant(''), hostileString))
  .map(([core, tail]) => `${PASSWORD_MARKER}${core}${tail}`);

/** Any JSON value, nested a little, with hostile strings. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }).chain((value) =>
  fc.oneof({ arbitrary: fc.constant(value), weight: 3 }, { arbitrary: hostileString as fc.Arbitrary<unknown>, weight: 1 }),
);

/** A JSON value nested `depth` levels (arrays or objects), to probe recursion limits. */
export function nested(depth: number, leaf: unknown = 1, shape: 'array' | 'object' = 'array'): unknown {
  let value = leaf;
  for (let level = 0; level < depth; level += 1) value = shape === 'array' ? [value] : { a: value };
  return value;
}

/**
 * Deep nesting near and far beyond the documented limits (32 for Bulk data, 64 for JSON bodies);
 * deeper still is sent as raw text (`deepJsonText`), as JSON.stringify itself would overflow.
 */
export const deepNesting: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom(30, 33, 63, 65, 200, 3_000), fc.constantFrom<'array' | 'object'>('array', 'object'))
  .map(([depth, shape]) => nested(depth, 'x', shape));

/**
 * Percent-encodes any string, lone surrogates included: those become their WTF-8 bytes (e.g.
 * `%ED%A0%80`), which are not valid UTF-8: exactly what a hostile client would send.
 */
export function encodeAny(text: string): string {
  let out = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** JSON text nested 20,000 to 100,000 levels deep, written directly (no value could hold it). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(20_000, 100_000), fc.boolean())
  .map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));
