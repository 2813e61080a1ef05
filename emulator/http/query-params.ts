import { badRequest } from './http-errors';

/** v1 list paging, read from the query (or a search body). */
export interface Paging {
  limit: number;
  skip: number;
}

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

/**
 * Reads `limit` (default 10, max 100) and `skip` (default 0). `limit=0` means "the default", as
 * a Mongo-backed API treats a zero limit as no explicit limit. Over 100 is JumpCloud's exact 400.
 */
export function readPaging(source: { limit?: unknown; skip?: unknown }): Paging {
  const limit = readCount('limit', source.limit);
  const skip = readCount('skip', source.skip);
  if (limit !== undefined && limit > MAX_LIMIT) {
    throw badRequest(`Bad Request: request parameter "limit" exceeds maximum value of ${MAX_LIMIT}`);
  }
  return { limit: limit === undefined || limit === 0 ? DEFAULT_LIMIT : limit, skip: skip ?? 0 };
}

function readCount(name: string, raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw badRequest(`Bad Request: request parameter "${name}" must be a non-negative integer`);
  return Number(text);
}

/** One key of a v1 `sort`. */
export interface SortKey {
  field: string;
  descending: boolean;
}

/** Reads a v1 `sort`: SPACE separated fields, `-field` descending. */
export function readSort(raw: unknown): SortKey[] {
  return spaceSeparated('sort', raw).map((token) =>
    token.startsWith('-') ? { field: token.slice(1), descending: true } : { field: token, descending: false },
  );
}

/** Reads a v1 `fields` projection (SPACE separated); undefined = all fields. */
export function readFields(raw: unknown): string[] | undefined {
  const fields = spaceSeparated('fields', raw);
  return fields.length === 0 ? undefined : fields;
}

function spaceSeparated(name: string, raw: unknown): string[] {
  if (raw === undefined) return [];
  if (typeof raw !== 'string') throw badRequest(`Bad Request: request parameter "${name}" must be a string`);
  return raw.split(' ').filter((token) => token !== '');
}

/** A query value that must be a single string (repeated keys are a 400). */
export function singleString(name: string, raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw badRequest(`Bad Request: request parameter "${name}" must be given once`);
  return raw;
}
