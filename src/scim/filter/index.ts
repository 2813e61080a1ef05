/** The SCIM filter and attribute-path language (RFC 7644 §3.4.2.2, §3.5.2, §3.10). */
export type { AttributePath, CompareOperator, FilterNode, FilterValue } from './filter-ast';
export { parseFilter } from './parse-filter';
export { parsePath } from './parse-path';
export { DEFAULT_FILTER_LIMITS, type FilterLimits } from './filter-parser';
