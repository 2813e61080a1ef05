/**
 * Orders two strings by Unicode code point, with no locale (RFC 7644 §3.4.2.3: "Unicode
 * alphabetic sort order with no specific locale implied"). UTF-16 code-unit order differs from
 * code-point order for characters above U+FFFF, hence the explicit walk.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const left = a[Symbol.iterator]();
  const right = b[Symbol.iterator]();
  for (;;) {
    const x = left.next();
    const y = right.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const difference = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (difference !== 0) return difference < 0 ? -1 : 1;
  }
}
