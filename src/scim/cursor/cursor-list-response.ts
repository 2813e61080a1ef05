import type { ListResponse } from '../list';

/**
 * A ListResponse page served by cursor (RFC 9865 §2.2): `nextCursor` while more results remain
 * (absent on the last page), and no `startIndex`, which belongs to index paging.
 */
export type CursorListResponse<T> = Omit<ListResponse<T>, 'startIndex'> & { nextCursor?: string };
