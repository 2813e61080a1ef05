/** `POST .search` (RFC 7644 §3.4.3): SearchRequest bodies and root-level search across types. */
export { parseSearchRequest, type SearchQuery } from './search-request';
export { searchAcrossTypes, type TypeSearcher } from './search-across-types';
