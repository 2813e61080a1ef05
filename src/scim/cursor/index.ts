/** RFC 9865 cursor paging: signed, query-bound, expiring positions over index paging. */
export { CursorCodec, invalidCursor, type CursorPosition } from './cursor-codec';
export { CursorPager, type CursorPagerOptions, type CursorRequest, type IndexLister } from './cursor-pager';
export type { CursorListResponse } from './cursor-list-response';
export { queryFingerprint, readParam, type QueryValues } from './query-fingerprint';
