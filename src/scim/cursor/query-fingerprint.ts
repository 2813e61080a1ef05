import { createHash } from 'node:crypto';

/** A parsed query string or SearchRequest as the list code reads it. */
export type QueryValues = Record<string, unknown>;

/**
 * The fingerprint that binds a cursor to its query (RFC 9865 §2.1: a cursor continues ONE
 * result set). It covers what decides the set and its order (resource type, filter, sortBy,
 * sortOrder) and not what only shapes a page (count, attributes), which a client may vary
 * between pages. Attribute names and sortOrder are case-insensitive (RFC 7644 §3.4.2.3), the
 * filter text is taken as written (its values may be case-exact).
 */
export function queryFingerprint(query: QueryValues, resourceType: string): string {
  const filter = readParam(query, 'filter')?.trim() ?? '';
  const sortBy = readParam(query, 'sortBy')?.trim().toLowerCase() ?? '';
  const sortOrder = readParam(query, 'sortOrder')?.trim().toLowerCase() || 'ascending';
  const canonical = JSON.stringify([resourceType, filter, sortBy, sortBy === '' ? '' : sortOrder]);
  return createHash('sha256').update(canonical, 'utf8').digest('base64url').slice(0, 22);
}

/**
 * The first value of a parameter, its name matched in any letter case (as the list parser
 * matches); non-string values read as absent here: the list parser rejects them precisely.
 */
export function readParam(query: QueryValues, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== lower) continue;
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') return first;
  }
  return undefined;
}
