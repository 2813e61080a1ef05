import type { ListResponse } from '../list';
import { URN } from '../scim-urns';
import { ScimError } from '../scim-error';
import { CursorCodec, invalidCursor } from './cursor-codec';
import type { CursorListResponse } from './cursor-list-response';
import { queryFingerprint, readParam, type QueryValues } from './query-fingerprint';

export interface CursorPagerOptions {
  codec: CursorCodec;
  /** How long an issued cursor stays usable (RFC 9865 §4 `cursorTimeout`). */
  ttlSeconds: number;
  /** Milliseconds since the epoch; injectable for expiry tests. */
  now?: () => number;
}

/** A cursor-paged request, translated to index paging. */
export interface CursorRequest {
  /** The request's query with the cursor replaced by the `startIndex` it stands for. */
  query: QueryValues;
  /** RFC 9865 §2.2 `nextCursor` after a page of `itemsOnPage` results; undefined on the last page. */
  nextCursor(itemsOnPage: number, totalResults: number): string | undefined;
}

/** Lists one page for an index-paged query (the provider's own list). */
export type IndexLister<T> = (query: QueryValues) => Promise<ListResponse<T>>;

/**
 * Cursor paging (RFC 9865) on top of a provider's index paging: a cursor is a signed position
 * in the provider's stable order, so a cursor page is exactly the index page it stands for and
 * costs what that page costs. Without a `cursor` parameter the request is index-paged as
 * before (RFC 9865 §3: both methods are supported; index is the default).
 */
export class CursorPager {
  private readonly now: () => number;

  constructor(private readonly options: CursorPagerOptions) {
    if (!Number.isSafeInteger(options.ttlSeconds) || options.ttlSeconds < 1) throw new Error(`Cursor lifetime must be a whole number of seconds >= 1; got ${String(options.ttlSeconds)}.`);
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Serves one page of `resourceType`. With `cursor` (empty = the first page) and `count`:
   * the page at the cursor's position with `nextCursor` while more remain (RFC 9865 §2.2).
   *
   * @throws ScimError 400 `invalidValue` when both `cursor` and `startIndex` are given;
   *   `invalidCursor` for a cursor that was altered, foreign, or issued for another query
   *   (filter, sort or resource type); `expiredCursor` for one older than the lifetime (§2.3).
   */
  async page<T>(query: QueryValues, resourceType: string, list: IndexLister<T>): Promise<ListResponse<T> | CursorListResponse<T>> {
    const request = this.open(query, resourceType);
    if (!request) return list(query);
    const page = await list(request.query);
    const nextCursor = request.nextCursor(page.Resources.length, page.totalResults);
    return {
      schemas: [URN.listResponse],
      totalResults: page.totalResults,
      itemsPerPage: page.itemsPerPage,
      ...(nextCursor ? { nextCursor } : {}),
      Resources: page.Resources,
    };
  }

  /**
   * The lower-level form of `page` for providers whose pages are not ListResponses: undefined
   * for an index-paged request; else the index query the cursor stands for, and `nextCursor`
   * to call with what that page held (undefined on the last page).
   *
   * @throws ScimError as `page` does.
   */
  open(query: QueryValues, resourceType: string): CursorRequest | undefined {
    const cursor = cursorParam(query);
    if (cursor === undefined) return undefined;
    if ((readParam(query, 'startIndex') ?? '').trim() !== '') {
      throw ScimError.of('invalidValue', "Give either 'cursor' (cursor paging, RFC 9865) or 'startIndex' (index paging, RFC 7644 §3.4.2.4), not both.");
    }
    const fingerprint = queryFingerprint(query, resourceType);
    const offset = cursor.trim() === '' ? 0 : this.positionOf(cursor, fingerprint);
    return {
      query: { ...withoutPaging(query), startIndex: String(offset + 1) },
      nextCursor: (itemsOnPage, totalResults) => (offset + itemsOnPage < totalResults ? this.issue(offset + itemsOnPage, fingerprint) : undefined),
    };
  }

  /** The signed cursor for `offset` of the query with `fingerprint`, valid for the lifetime. */
  issue(offset: number, fingerprint: string): string {
    return this.options.codec.encode({ offset, fingerprint, expiresAt: Math.floor(this.now() / 1000) + this.options.ttlSeconds });
  }

  private positionOf(cursor: string, fingerprint: string): number {
    const position = this.options.codec.decode(cursor);
    // A cursor continues one result set: under another filter or sort its offset means nothing.
    if (position.fingerprint !== fingerprint) {
      throw ScimError.of('invalidCursor', 'The cursor belongs to a query with another filter, sort or resource type; send the same query with each cursor, or an empty cursor to start this one.');
    }
    if (Math.floor(this.now() / 1000) > position.expiresAt) {
      throw ScimError.of('expiredCursor', `The cursor has expired (cursors last ${this.options.ttlSeconds} seconds, see pagination.cursorTimeout in /ServiceProviderConfig); send an empty cursor to start again.`);
    }
    return position.offset;
  }
}

/** The `cursor` parameter (any letter case); given twice it is ambiguous. */
function cursorParam(query: QueryValues): string | undefined {
  const values = Object.entries(query)
    .filter(([key, value]) => key.toLowerCase() === 'cursor' && value !== undefined)
    .flatMap(([, value]) => (Array.isArray(value) ? (value as unknown[]) : [value]));
  if (values.length === 0) return undefined;
  const [value] = values;
  if (values.length > 1) throw ScimError.of('invalidValue', `The query parameter 'cursor' was given ${values.length} times; give it once.`);
  if (typeof value !== 'string') throw invalidCursor(JSON.stringify(value) ?? '');
  return value;
}

function withoutPaging(query: QueryValues): QueryValues {
  return Object.fromEntries(Object.entries(query).filter(([key]) => !['cursor', 'startindex'].includes(key.toLowerCase())));
}
