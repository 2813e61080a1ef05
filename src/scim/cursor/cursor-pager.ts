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
    this.now = options.now ?? Date.now;
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
    const cursor = cursorParam(query);
    if (cursor === undefined) return list(query);
    if ((readParam(query, 'startIndex') ?? '').trim() !== '') {
      throw ScimError.of('invalidValue', "Give either 'cursor' (cursor paging, RFC 9865) or 'startIndex' (index paging, RFC 7644 §3.4.2.4), not both.");
    }
    const fingerprint = queryFingerprint(query, resourceType);
    const offset = cursor.trim() === '' ? 0 : this.positionOf(cursor, fingerprint);
    const page = await list({ ...withoutPaging(query), startIndex: String(offset + 1) });
    const next = offset + page.Resources.length;
    return {
      schemas: [URN.listResponse],
      totalResults: page.totalResults,
      itemsPerPage: page.itemsPerPage,
      ...(next < page.totalResults ? { nextCursor: this.issue(next, fingerprint) } : {}),
      Resources: page.Resources,
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
