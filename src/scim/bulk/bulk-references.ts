/** RFC 7644 §3.7.2: a value `bulkId:<id>` stands for the id of the resource that operation creates. */
const PREFIX = 'bulkId:';

/** The bulkIds a value refers to: every string, at any depth, that is exactly `bulkId:<id>`. */
export function bulkIdReferences(value: unknown): string[] {
  const found = new Set<string>();
  walk(value, (text) => {
    const id = referencedBulkId(text);
    if (id !== undefined) found.add(id);
  });
  return [...found];
}

/** The bulkId a single string refers to, if it is a reference. */
export function referencedBulkId(text: string): string | undefined {
  return text.startsWith(PREFIX) && text.length > PREFIX.length ? text.slice(PREFIX.length) : undefined;
}

/**
 * A copy of `value` with each `bulkId:<id>` string replaced by the id `resolve` gives. Only
 * whole strings are references (a userName that merely contains "bulkId:" inside is data).
 */
export function replaceBulkIdReferences<T>(value: T, resolve: (bulkId: string) => string): T {
  return map(value, (text) => {
    const id = referencedBulkId(text);
    return id === undefined ? text : resolve(id);
  }) as T;
}

// Iterative, so that no nesting depth can overflow the stack (parseBulkRequest bounds `data`
// anyway, see MAX_BULK_DATA_DEPTH; `map` below relies on that bound).
function walk(value: unknown, visit: (text: string) => void): void {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') visit(next);
    else if (typeof next === 'object' && next !== null) pending.push(...Object.values(next).reverse());
  }
}

function map(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => map(item, replace));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, map(item, replace)]));
  return value;
}

/** The bulkIds a path refers to: path segments that are `bulkId:<id>` (`/Users/bulkId:qwerty`). */
export function pathBulkIdReferences(path: string | undefined): string[] {
  return path === undefined ? [] : bulkIdReferences(path.split('/'));
}

/** The path with each `bulkId:<id>` segment replaced by the id `resolve` gives. */
export function replacePathReferences(path: string, resolve: (bulkId: string) => string): string {
  return replaceBulkIdReferences(path.split('/'), resolve).join('/');
}
