import { badRequest } from '../http/http-errors';
import type { SortKey } from '../http/query-params';
import { valueAt } from './record-path';

// Paging (limit default 10, max 100) is the same for v1 and v2: see ../http/query-params readPaging.

/** Parses a COMMA separated v2 `sort` (repeated parameters are joined). */
export function parseSort(raw: unknown): SortKey[] {
  return commaList(raw, 'sort').map((item) =>
    item.startsWith('-') ? { field: item.slice(1), descending: true } : { field: item, descending: false },
  );
}

/** Parses a COMMA separated v2 `fields` list (empty = every field). */
export function parseFields(raw: unknown): string[] {
  return commaList(raw, 'fields');
}

/** Sorts a copy of `records` by `keys` (stable: ties keep their original order). */
export function sortRecords<T extends Record<string, unknown>>(records: readonly T[], keys: readonly SortKey[]): T[] {
  if (keys.length === 0) return [...records];
  return [...records].sort((a, b) => {
    for (const { field, descending } of keys) {
      const order = compareValues(valueAt(a, field), valueAt(b, field));
      if (order !== 0) return descending ? -order : order;
    }
    return 0;
  });
}

/**
 * Keeps only the requested top-level or dotted `fields` of a record; `id` always stays so the
 * caller can still address what it got back.
 */
export function projectFields(record: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  if (fields.length === 0) return record;
  const out: Record<string, unknown> = { id: record.id };
  for (const field of fields) {
    const value = valueAt(record, field);
    if (value === undefined) continue;
    const keys = field.split('.');
    let target = out;
    keys.slice(0, -1).forEach((key) => {
      const next = target[key];
      target[key] = next !== null && typeof next === 'object' ? next : {};
      target = target[key] as Record<string, unknown>;
    });
    target[keys[keys.length - 1] as string] = value;
  }
  return out;
}

function commaList(raw: unknown, name: string): string[] {
  if (raw === undefined) return [];
  const parts = Array.isArray(raw) ? raw : [raw];
  if (parts.some((part) => typeof part !== 'string')) throw badRequest(`Bad Request: invalid ${name}`);
  return (parts as string[])
    .flatMap((part) => part.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '' && item !== '-');
}

/** Unset values sort first; numbers numerically; everything else by its text. */
function compareValues(a: unknown, b: unknown): number {
  const aUnset = a === undefined || a === null;
  const bUnset = b === undefined || b === null;
  if (aUnset || bUnset) return aUnset === bUnset ? 0 : aUnset ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const aText = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const bText = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return aText < bText ? -1 : aText > bText ? 1 : 0;
}
