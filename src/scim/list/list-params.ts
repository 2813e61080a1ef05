import { ScimError } from '../scim-error';

/** RFC 7644 §3.4.2.3 sort directions. */
export type SortOrder = 'ascending' | 'descending';

/** The query parameters of a SCIM list request (RFC 7644 §3.4.2), normalised. */
export interface ListParams {
  /**
   * 1-based index of the first result (§3.4.2.4). Always >= 1, and so that `startIndex - 1 +
   * count` is a safe integer (a larger value, which no directory reaches, is read as the largest
   * such value: the page is as empty as the client's).
   */
  startIndex: number;
  /** Maximum results on this page (§3.4.2.4). Always within 0..maxCount. */
  count: number;
  /** Raw filter text (§3.4.2.2) for the filter parser; absent when not given or blank. */
  filter?: string;
  sortBy?: string;
  sortOrder: SortOrder;
  /** §3.4.2.5 attribute names, in the client's spelling. Empty when not given. */
  attributes: string[];
  excludedAttributes: string[];
}

/** Paging configuration: page size when the client gives none, and the most the bridge serves. */
export interface PagingConfig {
  defaultCount: number;
  maxCount: number;
  /** The last result a sorted list may reach (startIndex + count - 1); default `MAX_SORT_WINDOW`. */
  maxSortWindow?: number;
}

/**
 * The results a list with `sortBy` may reach: `startIndex + count - 1` at most. JumpCloud cannot
 * sort by SCIM attributes, so the bridge sorts, and to answer a page it holds every result up to
 * the page's end (TopK); the bound keeps that memory fixed whatever startIndex a client sends.
 * 10,000 is the window search engines hold for the same reason (Elasticsearch's
 * `index.max_result_window`). Deeper pages are read without `sortBy`, by index or by cursor.
 */
export const MAX_SORT_WINDOW = 10_000;

/** A parsed query string as Express and Node give it: repeated keys arrive as arrays. */
export type QueryInput = Record<string, unknown>;

/**
 * Reads the list parameters of RFC 7644 §3.4.2 from a query string.
 *
 * - `startIndex` (§3.4.2.4): a value < 1 is interpreted as 1; one so large that `startIndex - 1
 *   + maxCount` would leave the safe integers is lowered to where it does not (still past every
 *   result, so the page is empty).
 * - With `sortBy`, `startIndex + count - 1` may not pass `maxSortWindow` (`MAX_SORT_WINDOW`):
 *   beyond it a 400 `invalidValue` that says so and points to paging without `sortBy`.
 * - `count` (§3.4.2.4): a negative value is interpreted as 0; absent means `defaultCount`; above
 *   `maxCount` it is lowered to `maxCount` (the service provider "MAY return fewer results").
 * - Either one that is not an integer is a 400 `invalidValue`; an empty value counts as absent.
 * - `sortOrder` (§3.4.2.3): `ascending` (the default) or `descending`, any letter case; anything
 *   else is a 400 `invalidValue`.
 * - `attributes` / `excludedAttributes` (§3.4.2.5): comma-separated attribute names.
 * - Parameter names are matched in any letter case, as clients are not consistent about them.
 *
 * @throws ScimError 400 `invalidValue` naming the parameter and the value received.
 */
export function parseListParams(query: QueryInput, config: PagingConfig): ListParams {
  assertPagingConfig(config);
  const read = (name: string): string | undefined => single(query, name);
  const rawStartIndex = integerParam('startIndex', read('startIndex'));
  const rawCount = integerParam('count', read('count'));
  const filter = read('filter')?.trim();
  const sortBy = read('sortBy')?.trim();
  const startIndex = Math.min(rawStartIndex === undefined || rawStartIndex < 1 ? 1 : rawStartIndex, Number.MAX_SAFE_INTEGER - config.maxCount);
  const count = rawCount === undefined ? config.defaultCount : Math.min(Math.max(rawCount, 0), config.maxCount);
  if (sortBy) requireSortWindow(startIndex, count, config.maxSortWindow ?? MAX_SORT_WINDOW, read('startIndex')?.trim() ?? '');
  return {
    startIndex,
    count,
    ...(filter ? { filter } : {}),
    ...(sortBy ? { sortBy } : {}),
    sortOrder: sortOrderParam(read('sortOrder')),
    attributes: nameList(read('attributes')),
    excludedAttributes: nameList(read('excludedAttributes')),
  };
}

function assertPagingConfig(config: PagingConfig): void {
  const { defaultCount, maxCount, maxSortWindow = MAX_SORT_WINDOW } = config;
  if (!Number.isSafeInteger(maxCount) || maxCount < 1 || !Number.isSafeInteger(defaultCount) || defaultCount < 0 || defaultCount > maxCount) {
    throw new Error(`Paging configuration needs integers 0 <= defaultCount <= maxCount and maxCount >= 1; got defaultCount=${defaultCount}, maxCount=${maxCount}.`);
  }
  if (!Number.isSafeInteger(maxSortWindow) || maxSortWindow < maxCount) {
    throw new Error(`Paging configuration needs an integer maxSortWindow >= maxCount (one full sorted page); got maxSortWindow=${maxSortWindow}, maxCount=${maxCount}.`);
  }
}

/**
 * True when a page ends within the results a bridge-side ordering may hold (`maxSortWindow`,
 * default `MAX_SORT_WINDOW`); a page of `count=0` holds nothing and always fits.
 */
export function pageFitsSortWindow(page: { startIndex: number; count: number }, config: PagingConfig): boolean {
  return page.count === 0 || page.startIndex - 1 + page.count <= (config.maxSortWindow ?? MAX_SORT_WINDOW);
}

/** A sorted page must end within the sort window (see `MAX_SORT_WINDOW`); count=0 holds nothing. */
function requireSortWindow(startIndex: number, count: number, window: number, startIndexText: string): void {
  if (count === 0 || startIndex - 1 + count <= window) return;
  throw ScimError.of(
    'invalidValue',
    `With 'sortBy' this service sorts at most the first ${window} results (startIndex + count - 1 <= ${window}); this request's page (startIndex=${startIndexText}, count=${count}) ends beyond them. ` +
      `Narrow the filter, or read further without 'sortBy', by startIndex or by cursor paging (RFC 9865) in the service's stable order.`,
  );
}

/** The one value of parameter `name` (any letter case); a parameter given twice is ambiguous. */
function single(query: QueryInput, name: string): string | undefined {
  const lower = name.toLowerCase();
  const values: unknown[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (key.toLowerCase() !== lower || value === undefined) continue;
    if (Array.isArray(value)) values.push(...(value as unknown[]));
    else values.push(value);
  }
  if (values.length === 0) return undefined;
  if (values.length > 1) {
    throw ScimError.of('invalidValue', `The query parameter '${name}' was given ${values.length} times; give it once.`);
  }
  const [value] = values;
  if (typeof value !== 'string') {
    throw ScimError.of('invalidValue', `The query parameter '${name}' must be a plain value.`);
  }
  return value;
}

const INTEGER = /^[+-]?\d+$/;

function integerParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text === '') return undefined;
  if (!INTEGER.test(text)) {
    throw ScimError.of('invalidValue', `The query parameter '${name}' must be an integer; got '${raw}'.`);
  }
  const value = Number(text);
  // Beyond 2^53 only the sign matters here: both parameters are clamped into safe ranges.
  if (!Number.isSafeInteger(value)) return value < 0 ? -Number.MAX_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
  return value;
}

function sortOrderParam(raw: string | undefined): SortOrder {
  const text = raw?.trim();
  if (text === undefined || text === '') return 'ascending';
  const lower = text.toLowerCase();
  if (lower === 'ascending' || lower === 'descending') return lower;
  throw ScimError.of('invalidValue', `The query parameter 'sortOrder' must be 'ascending' or 'descending'; got '${raw}'.`);
}

function nameList(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  return raw
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
