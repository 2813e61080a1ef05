export { MAX_SORT_WINDOW, pageFitsSortWindow, parseListParams, type ListParams, type PagingConfig, type QueryInput, type SortOrder } from './list-params';
export { compileSort, type ResourceComparator } from './compile-sort';
export { compileProjection, project, ProjectionCache, type ProjectionRequest, type Projector } from './project';
export { listResponse, type ListResponse, type PageInfo } from './list-response';
export { TopK } from './top-k';
