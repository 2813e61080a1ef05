import { URN } from '../scim-urns';

/** The RFC 7644 §3.4.2 ListResponse message. */
export interface ListResponse<T> {
  schemas: [typeof URN.listResponse];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  Resources: T[];
}

/** Paging facts of one page of results. */
export interface PageInfo {
  totalResults: number;
  startIndex: number;
  /** Defaults to the number of resources on the page. */
  itemsPerPage?: number;
}

/**
 * Wraps one page of resources in a ListResponse (RFC 7644 §3.4.2). The numbers are JSON
 * integers, never strings (Okta and SailPoint reject strings). `Resources` is sent even when
 * empty: the RFC requires it only when `totalResults` is non-zero, but clients such as Entra's
 * Test Connection read it unconditionally.
 *
 * @throws Error when the paging facts are not non-negative integers (a bridge bug, not a client error).
 */
export function listResponse<T>(resources: T[], page: PageInfo): ListResponse<T> {
  const itemsPerPage = page.itemsPerPage ?? resources.length;
  for (const [name, value, minimum] of [
    ['totalResults', page.totalResults, 0],
    ['startIndex', page.startIndex, 1],
    ['itemsPerPage', itemsPerPage, 0],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < minimum) {
      throw new Error(`ListResponse ${name} must be an integer >= ${minimum}; got ${String(value)}.`);
    }
  }
  return {
    schemas: [URN.listResponse],
    totalResults: page.totalResults,
    itemsPerPage,
    startIndex: page.startIndex,
    Resources: resources,
  };
}
