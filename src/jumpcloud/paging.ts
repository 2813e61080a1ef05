import { JumpCloudError } from './jumpcloud-error';
import type { QueryParams } from './transport';

/** JumpCloud's page size cap (101 answers 400). */
export const MAX_PAGE_SIZE = 100;

/** Paging and shaping options shared by list calls. */
export interface PageOptions {
  /** 1..100; JumpCloud's default is 10. */
  limit?: number;
  /** From 0. */
  skip?: number;
}

/** Refuses (without sending) what JumpCloud would reject with 400: limit > 100, negative skip. */
export function pagingQuery(options: PageOptions, call: { method: string; path: string }): [string, string][] {
  const out: [string, string][] = [];
  if (options.limit !== undefined) {
    if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > MAX_PAGE_SIZE) {
      throw new JumpCloudError({ kind: 'invalid-request', message: `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, ...call, attempts: 0 });
    }
    out.push(['limit', String(options.limit)]);
  }
  if (options.skip !== undefined) {
    if (!Number.isInteger(options.skip) || options.skip < 0) {
      throw new JumpCloudError({ kind: 'invalid-request', message: 'skip must be an integer >= 0', ...call, attempts: 0 });
    }
    out.push(['skip', String(options.skip)]);
  }
  return out;
}

const FIELD_LIST_ITEM = /^-?[A-Za-z_][A-Za-z0-9_.]*$/;

/** Joins field names for `sort`/`fields`: SPACE separated on v1, COMMA separated on v2. */
export function fieldList(names: readonly string[] | undefined, separator: ' ' | ',', what: string, call: { method: string; path: string }): string | undefined {
  if (!names || names.length === 0) return undefined;
  for (const name of names) {
    if (!FIELD_LIST_ITEM.test(name)) {
      throw new JumpCloudError({ kind: 'invalid-request', message: `${what} entry ${JSON.stringify(name)} is not a field name`, ...call, attempts: 0 });
    }
  }
  return names.join(separator);
}

/**
 * Filter strings as query pairs. One travels as `filter`; several (AND) as `filter[0]`,
 * `filter[1]`, ... on v1 (the form NOTES.md documents there) and as repeated `filter=` on v2
 * (the only form the v2 spec documents: some v2 routes may refuse the indexed v1 form).
 */
export function filterQuery(filters: readonly string[] | undefined, pattern: RegExp, call: { method: string; path: string }, form: 'indexed' | 'repeated'): [string, string][] {
  if (!filters || filters.length === 0) return [];
  for (const filter of filters) {
    if (!pattern.test(filter)) {
      throw new JumpCloudError({ kind: 'invalid-request', message: 'a filter is not of the form field:op:value (build it with v1Filter/v2Filter)', ...call, attempts: 0 });
    }
  }
  if (filters.length === 1 || form === 'repeated') return filters.map((filter) => ['filter', filter]);
  return filters.map((filter, index) => [`filter[${index}]`, filter]);
}

/** A well-formed v1 filter string. */
export const V1_FILTER_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*:\$(eq|ne|gt|gte|lt|lte):[^:|\p{Cc}]+$/u;
/** A well-formed v2 filter string. */
export const V2_FILTER_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*:(eq|ne|gt|ge|lt|le|search):[^:|\p{Cc}]+$/u;

/** Concatenates query pair lists, dropping undefined single values. */
export function query(...parts: ([string, string | undefined] | [string, string][])[]): QueryParams {
  const out: [string, string][] = [];
  for (const part of parts) {
    if (part.length === 2 && typeof part[0] === 'string') {
      const [key, value] = part as [string, string | undefined];
      if (value !== undefined) out.push([key, value]);
    } else {
      out.push(...(part as [string, string][]));
    }
  }
  return out;
}

/** Reads an integer header (`x-total-count`, `x-result-count`, `x-limit`). */
export function intHeader(headers: Record<string, string>, name: string): number | undefined {
  const raw = headers[name];
  if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) return undefined;
  return Number(raw);
}
